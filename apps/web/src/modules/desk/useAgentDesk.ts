import type { LiveEvent } from "@moked/contracts";
import { useState } from "react";
import { useAuth } from "../auth/AuthProvider";
import { useLiveEvents } from "../live/LiveProvider";
import { useLiveResource } from "../live/useLiveResource";
import type { Agent, OfferInfo } from "./types";

/** Whether a live routing event concerns this agent's state or work. */
function concerns(event: LiveEvent, agentId: string | undefined): boolean {
  if (!agentId || !event.type.startsWith("routing.")) return false;
  const p = event.payload;
  return p.agentId === agentId || p.fromAgentId === agentId;
}

/** The signed-in agent's routing state, refreshed on their live events and every 15 s, with live offer details. */
export function useAgentDesk() {
  const { user } = useAuth();
  const [offers, setOffers] = useState<Record<string, OfferInfo>>({});
  const resource = useLiveResource<{ agent: Agent }>("/agents/me", { when: (e) => concerns(e, user?.id), everyMs: 15_000 });
  useLiveEvents((event) => {
    if (event.type !== "routing.interaction.offered" || event.payload.agentId !== user?.id) return;
    const p = event.payload;
    const id = String(p.interactionId);
    const info = { expiresAt: Number(p.expiresAt), queueId: typeof p.queueId === "string" ? p.queueId : null, tenantId: event.tenantId };
    // Cards come from /agents/me; this only adds the deadlines. Offers long past their deadline are dropped.
    setOffers((o) => ({ ...Object.fromEntries(Object.entries(o).filter(([, v]) => v.expiresAt > Date.now() - 60_000)), [id]: info }));
  });
  return { ...resource, offers };
}

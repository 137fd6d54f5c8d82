import type { Escalation } from "@moked/contracts";
import type { z } from "zod";
import { useLiveResource } from "../live/useLiveResource";

export type EscalationView = z.infer<typeof Escalation>;

const OPTIONS = { when: (e: { type: string }) => e.type === "desk.escalation", everyMs: 30_000 };

/** Escalations kept live (the desk.escalation events), with a slow periodic refresh. */
export function useEscalations(query = "") {
  const { data, reload } = useLiveResource<{ items: EscalationView[] }>(`/escalations${query}`, OPTIONS);
  return { items: data?.items ?? [], reload };
}

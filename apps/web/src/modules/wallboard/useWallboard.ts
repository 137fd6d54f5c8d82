import type { LiveEvent, User } from "@moked/contracts";
import { useMemo } from "react";
import { useLiveResource } from "../live/useLiveResource";
import { useApi } from "../shell/useApi";
import type { Agent, QueueStats, Tenant } from "../desk/types";

const routing = (e: LiveEvent) => e.type.startsWith("routing.");
const OPTIONS = { when: routing, everyMs: 10_000, debounceMs: 300 };

/** Everything the wallboard shows, refreshed on live routing events (debounced) and every 10 s. */
export function useWallboard() {
  const stats = useLiveResource<{ items: QueueStats[] }>("/queues/stats", OPTIONS);
  const agents = useLiveResource<{ items: Agent[] }>("/agents", OPTIONS);
  const users = useApi<{ items: User[] }>("/users");
  const tenants = useApi<{ items: Tenant[] }>("/tenants");
  const names = useMemo(() => new Map((users.data?.items ?? []).map((u) => [u.id, u.name])), [users.data]);
  const lines = useMemo(() => new Map((tenants.data?.items ?? []).map((t) => [t.id, t.name])), [tenants.data]);
  return {
    queues: stats.data?.items ?? null,
    agents: agents.data?.items ?? null,
    error: stats.error ?? agents.error,
    agentName: (id: string) => names.get(id) ?? id.slice(0, 8),
    lineName: (id: string) => lines.get(id) ?? "",
  };
}

import type { LiveEvent, User } from "@moked/contracts";
import { useMemo } from "react";
import { useApi } from "../shell/useApi";
import type { Agent, QueueStats, Tenant } from "../desk/types";
import { useLiveSnapshot } from "./useLiveSnapshot";

const routing = (e: LiveEvent) => e.type.startsWith("routing.");

/** Everything the wallboard shows, re-read on live routing events (one request at a time) and every 10 s. */
export function useWallboard() {
  const stats = useLiveSnapshot<{ items: QueueStats[] }>("/queues/stats", routing);
  const agents = useLiveSnapshot<{ items: Agent[] }>("/agents", routing);
  const users = useApi<{ items: User[] }>("/users");
  const tenants = useApi<{ items: Tenant[] }>("/tenants");
  const teams = useApi<{ items: Array<{ id: string; name: string }> }>("/teams");
  const names = useMemo(() => new Map((users.data?.items ?? []).map((u) => [u.id, u.name])), [users.data]);
  const lines = useMemo(() => new Map((tenants.data?.items ?? []).map((t) => [t.id, t.name])), [tenants.data]);
  return {
    queues: stats.data?.items ?? null,
    agents: agents.data?.items ?? null,
    error: stats.error ?? agents.error,
    agentName: (id: string) => names.get(id) ?? id.slice(0, 8),
    lineName: (id: string) => lines.get(id) ?? "",
    lines: tenants.data?.items ?? [],
    teams: teams.data?.items ?? [],
  };
}

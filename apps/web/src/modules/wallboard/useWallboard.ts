import type { LiveEvent, User } from "@moked/contracts";
import { useCallback, useMemo } from "react";
import { useApi } from "../shell/useApi";
import type { Agent, QueueStats, Tenant } from "../desk/types";
import { lineTotals } from "./lineTotals";
import { shareItems } from "./shareItems";
import { useLiveSnapshot } from "./useLiveSnapshot";

const routing = (e: LiveEvent) => e.type.startsWith("routing.");
const shareQueues = (previous: { items: QueueStats[] } | null, next: { items: QueueStats[] }) => shareItems(previous, next, (q) => q.queueId);
const shareAgents = (previous: { items: Agent[] } | null, next: { items: Agent[] }) => shareItems(previous, next, (a) => a.agentId);

/**
 * Everything the wallboard shows, re-read on live routing events (one request at a time) and every 10 s.
 * Unchanged queues and agents keep their objects and the name look-ups stay the same functions, so the
 * memoised rows re-render only where something changed (500 agents, 50 queues: bench/wallboard.ts).
 */
export function useWallboard() {
  const stats = useLiveSnapshot<{ items: QueueStats[] }>("/queues/stats", routing, { share: shareQueues });
  const agents = useLiveSnapshot<{ items: Agent[] }>("/agents", routing, { share: shareAgents });
  const users = useApi<{ items: User[] }>("/users");
  const tenants = useApi<{ items: Tenant[] }>("/tenants");
  const teams = useApi<{ items: Array<{ id: string; name: string }> }>("/teams");
  const names = useMemo(() => new Map((users.data?.items ?? []).map((u) => [u.id, u.name])), [users.data]);
  const lines = useMemo(() => new Map((tenants.data?.items ?? []).map((t) => [t.id, t.name])), [tenants.data]);
  const agentName = useCallback((id: string) => names.get(id) ?? id.slice(0, 8), [names]);
  const lineName = useCallback((id: string) => lines.get(id) ?? "", [lines]);
  const totals = useMemo(() => lineTotals(stats.data?.items ?? []), [stats.data]);
  return {
    queues: stats.data?.items ?? null,
    totals,
    agents: agents.data?.items ?? null,
    error: stats.error ?? agents.error,
    agentName,
    lineName,
    lines: tenants.data?.items ?? [],
    teams: teams.data?.items ?? [],
  };
}

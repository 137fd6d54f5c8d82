import type { ContactView, AgentView } from "@moked/routing";
import { AppError } from "../core/errors";
import type { RoutingHost } from "./host";

export function requireRouting(routing: RoutingHost | null): RoutingHost {
  if (!routing) throw new AppError("routing_unavailable", 503, "Routing is not running: the center has no organisation yet");
  return routing;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toWaiting(c: ContactView) {
  return {
    interactionId: c.interactionId,
    tenantId: c.tenantId,
    queueId: c.queueId,
    channel: c.channel,
    status: c.status,
    priority: c.priority,
    arrivedAt: iso(c.arrivedAt)!,
    deadlineAt: iso(c.deadlineAt),
    agentId: c.agentId,
    position: c.position,
    expectedWaitSeconds: c.expectedWaitMs === null ? null : Math.round(c.expectedWaitMs / 1000),
    keepingPlace: c.keepingPlace,
  };
}

/** The languages an agent speaks, from their language skills (`lang:he` …). */
export function languagesOf(skills: Record<string, number>): string[] {
  return Object.keys(skills)
    .filter((s) => s.startsWith("lang:"))
    .map((s) => s.slice(5));
}

export function toAgentStatus(a: AgentView) {
  return {
    agentId: a.agentId,
    presence: a.presence,
    activity: a.activity,
    reason: a.reason,
    since: iso(a.since)!,
    handledToday: a.handledToday,
    work: a.work,
    teamIds: a.teamIds,
    tenantIds: a.tenantIds,
    languages: languagesOf(a.skills),
  };
}

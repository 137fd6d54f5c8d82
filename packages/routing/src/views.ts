import type { Agent, Contact, ContactFields } from "./model";
import type { AgentActivity, Channel, QueueConfig } from "./types";

/** Today's figures of one queue, in its client's time zone; reports proper are computed from events. */
export interface QueueCounters {
  day: string;
  offered: number;
  answered: number;
  answeredInSl: number;
  abandoned: number;
  shortAbandoned: number;
  waitMsTotal: number;
  handled: number;
  handleMsTotal: number;
  overflowed: number;
  messages: number;
  breaches: number;
}

export function emptyCounters(day: string): QueueCounters {
  return { day, offered: 0, answered: 0, answeredInSl: 0, abandoned: 0, shortAbandoned: 0, waitMsTotal: 0, handled: 0, handleMsTotal: 0, overflowed: 0, messages: 0, breaches: 0 };
}

export interface ContactView {
  interactionId: string;
  tenantId: string;
  queueId: string;
  channel: Channel;
  status: Contact["status"];
  priority: number;
  step: number;
  arrivedAt: number;
  answeredAt: number | null;
  deadlineAt: number | null;
  agentId: string | null;
  pinnedAgentId: string | null;
  keepingPlace: boolean;
  position: number | null;
  expectedWaitMs: number | null;
}

export function contactView(c: ContactFields, position: number | null, expectedWaitMs: number | null): ContactView {
  return {
    interactionId: c.id,
    tenantId: c.tenantId,
    queueId: c.queueId,
    channel: c.channel,
    status: c.status,
    priority: c.priority,
    step: c.step,
    arrivedAt: c.arrivedAt,
    answeredAt: c.answeredAt,
    deadlineAt: c.deadlineAt,
    agentId: c.agentId,
    pinnedAgentId: c.pinnedAgentId,
    keepingPlace: c.virtualHold,
    position,
    expectedWaitMs,
  };
}

export interface AgentView {
  agentId: string;
  presence: Agent["presence"];
  activity: AgentActivity;
  reason: string | null;
  since: number;
  work: Array<{ interactionId: string; channel: Channel; status: string }>;
  handledToday: number;
  skills: Record<string, number>;
  teamIds: string[];
  /** The client lines the agent serves; null for every line. */
  tenantIds: string[] | null;
}

export function activityOf(agent: Agent): AgentActivity {
  if (agent.presence === "offline") return "offline";
  const statuses = Object.values(agent.work).map((w) => w.status);
  if (statuses.includes("connected")) return "busy";
  if (statuses.includes("offered")) return "reserved";
  if (statuses.includes("wrap_up")) return "wrap_up";
  return agent.presence;
}

export function agentView(agent: Agent): AgentView {
  return {
    agentId: agent.id,
    presence: agent.presence,
    activity: activityOf(agent),
    reason: agent.reason,
    since: agent.presenceSince,
    work: Object.entries(agent.work).map(([interactionId, w]) => ({ interactionId, channel: w.channel, status: w.status })),
    handledToday: agent.handled,
    skills: { ...agent.skills },
    teamIds: [...agent.teamIds],
    tenantIds: agent.tenantIds ? [...agent.tenantIds] : null,
  };
}

export interface QueueStats {
  queueId: string;
  tenantId: string;
  name: string;
  waiting: number;
  longestWaitMs: number;
  /** The oldest voice contact's time to its statutory deadline (negative once breached). */
  nearestDeadlineMs: number | null;
  agentsAvailable: number;
  agentsBusy: number;
  agentsEligible: number;
  today: QueueCounters;
  serviceLevel: number | null;
  averageSpeedOfAnswerMs: number | null;
  averageHandleMs: number | null;
}

export function queueStatsOf(
  queue: QueueConfig,
  now: number,
  waiting: ContactFields[],
  counters: QueueCounters,
  staffed: { available: number; busy: number; eligible: number },
): QueueStats {
  let longest = 0;
  let nearest: number | null = null;
  for (const c of waiting) {
    longest = Math.max(longest, now - c.arrivedAt);
    if (c.deadlineAt !== null && c.answeredAt === null) nearest = Math.min(nearest ?? Infinity, c.deadlineAt - now);
  }
  // Service level counts abandons after the threshold against the queue, short abandons not at all.
  const slBase = counters.answered + counters.abandoned - counters.shortAbandoned;
  return {
    queueId: queue.id,
    tenantId: queue.tenantId,
    name: queue.name,
    waiting: waiting.length,
    longestWaitMs: longest,
    nearestDeadlineMs: nearest,
    agentsAvailable: staffed.available,
    agentsBusy: staffed.busy,
    agentsEligible: staffed.eligible,
    today: { ...counters },
    serviceLevel: slBase > 0 ? counters.answeredInSl / slBase : null,
    averageSpeedOfAnswerMs: counters.answered > 0 ? counters.waitMsTotal / counters.answered : null,
    averageHandleMs: counters.handled > 0 ? counters.handleMsTotal / counters.handled : null,
  };
}


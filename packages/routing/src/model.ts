import type { AgentPresence, Channel, QueueConfig, SkillRequirement, StepTarget } from "./types";

/** A contact the engine is routing. Ended contacts leave the engine; their history is in the events. */
export interface Contact {
  id: string;
  tenantId: string;
  queueId: string;
  channel: Channel;
  priority: number;
  requiredSkills: SkillRequirement[];
  skillsKey: string;
  topic: string | null;
  customerRef: string | null;
  arrivedAt: number;
  /** Tie-breaker after priority and arrival: the order the engine first saw contacts in. */
  seq: number;
  status: "waiting" | "offered" | "connected" | "wrap_up";
  step: number;
  stepStartedAt: number;
  agentId: string | null;
  pinnedAgentId: string | null;
  virtualHold: boolean;
  answeredAt: number | null;
  deadlineAt: number | null;
  /** Bumped whenever the contact leaves a bucket, making its old heap entries stale. */
  version: number;
  /** One token per timer kind; a timer whose token is no longer current is ignored. */
  tokens: Record<string, number>;
  /** Queue moves through overflow steps, to stop a loop of queues pointing at each other. */
  hops: number;
  choiceOffered: boolean;
  /** On hold by the agent (absent: not). */
  held?: boolean;
}

/** A contact's fields as the engine reads them (the live contact keeps its timer tokens apart). */
export type ContactFields = Omit<Contact, "tokens">;

export interface WorkItem {
  channel: Channel;
  status: "offered" | "connected" | "wrap_up";
}

export interface Agent {
  id: string;
  skills: Record<string, number>;
  capacity: Record<Channel, number>;
  teamIds: string[];
  tenantIds: string[] | null;
  presence: AgentPresence;
  reason: string | null;
  presenceSince: number;
  /** When the agent last had no work at all while available: longest-idle routing orders by this. */
  idleSince: number;
  work: Record<string, WorkItem>;
  handled: number;
  handledDay: string;
}

export interface Timer {
  at: number;
  seq: number;
  kind: "step" | "offer" | "wrap_up" | "at_risk" | "breach" | "choice" | "max_wait";
  contactId: string;
  token: number;
}

export const DEFAULT_CAPACITY: Record<Channel, number> = { voice: 1, chat: 3, email: 5, callback: 1, message: 5 };

/**
 * What the engine keeps beside an agent's record and never exports (rebuilt from `work` on restore): the work
 * counted per channel, so capacity checks read five numbers instead of walking `work`, and the idle time the
 * agent is filed under in each channel's idle order (NaN: not filed).
 */
export interface AgentLoad {
  /** Work items per channel, by CHANNEL_INDEX, whatever their status. */
  perChannel: number[];
  /** Work items not in wrap-up: what occupies the agent. */
  active: number;
  /** By CHANNEL_INDEX: the idleSince the agent is filed under in that channel's idle order, NaN if it is not. */
  filed: number[];
  /** Marked for matching (in the engine's list of agents to fill). */
  dirty: boolean;
}

/** An agent's profile and presence: its record without its work. */
export type AgentFields = Omit<Agent, "work">;

/** One of a live agent's work items: the contact's id beside what the record keeps under that id. */
export interface WorkEntry extends WorkItem {
  id: string;
}

/**
 * An agent as the engine holds it: its work as a short list in the order the record's table would list it (an
 * agent holds a few items at most, so finding one is a walk of a few entries, with no hashing and no hash
 * table to grow, fetch and rehash on every offer and wrap-up), and its load beside.
 */
export type LiveAgent = AgentFields & { work: WorkEntry[]; load: AgentLoad };

export const CHANNEL_BIT: Record<Channel, number> = { voice: 1, chat: 2, email: 4, callback: 8, message: 16 };
export const CHANNEL_INDEX: Record<Channel, number> = { voice: 0, chat: 1, email: 2, callback: 3, message: 4 };

/** An agent's load worked out from its work (on restore, or for an agent built by hand). */
export function loadOf(agent: Agent): AgentLoad {
  const load: AgentLoad = { perChannel: [0, 0, 0, 0, 0], active: 0, filed: [NaN, NaN, NaN, NaN, NaN], dirty: false };
  for (const id in agent.work) {
    const w = agent.work[id]!;
    load.perChannel[CHANNEL_INDEX[w.channel]]!++;
    if (w.status !== "wrap_up") load.active++;
  }
  return load;
}

/** The live agent of a record (on restore, or for an agent built by hand). */
export function liveAgent(record: Agent): LiveAgent {
  const work = record.work;
  // The list takes the table's place among the record's fields (overwriting a key keeps its place).
  return { ...record, work: Object.keys(work).map((id) => ({ id, channel: work[id]!.channel, status: work[id]!.status })), load: loadOf(record) };
}

/**
 * A live agent's work as its record's table, keyed by contact id. Made without a prototype, as the engine's
 * table once was (so an id such as `__proto__` is a key like any other); keys enumerate as an object's do
 * (array-index ids ascending, then the rest in the order they were put in), which the list keeps.
 */
export function workTable(work: readonly WorkEntry[]): Record<string, WorkItem> {
  const table = Object.create(null) as Record<string, WorkItem>;
  for (const w of work) table[w.id] = { channel: w.channel, status: w.status };
  return table;
}

/** Sets (or changes the status of) one of the agent's work items, keeping its load in step. */
export function putWork(agent: LiveAgent, id: string, channel: Channel, status: WorkItem["status"]): void {
  const work = agent.work;
  let i = 0;
  while (i < work.length && work[i]!.id !== id) i++;
  if (i < work.length) {
    const prev = work[i]!;
    unload(agent.load, prev);
    prev.channel = channel;
    prev.status = status;
  } else work.push({ id, channel, status });
  agent.load.perChannel[CHANNEL_INDEX[channel]]!++;
  if (status !== "wrap_up") agent.load.active++;
}

export function dropWork(agent: LiveAgent, id: string): void {
  const work = agent.work;
  let i = 0;
  while (i < work.length && work[i]!.id !== id) i++;
  if (i === work.length) return;
  unload(agent.load, work[i]!);
  // The rest keep their order: a table lists the items in the order they were put in.
  for (; i < work.length - 1; i++) work[i] = work[i + 1]!;
  work.pop();
}

function unload(load: AgentLoad, w: WorkItem): void {
  load.perChannel[CHANNEL_INDEX[w.channel]]!--;
  if (w.status !== "wrap_up") load.active--;
}

/** Channels an agent can take another of now: within capacity, and a call excludes chats and vice versa. */
export function canTake(agent: LiveAgent, channel: Channel): boolean {
  return (takeMask(agent) & CHANNEL_BIT[channel]) !== 0;
}

/** What the agent can take another of now, a bit per channel (CHANNEL_BIT), from its counted load. */
export function takeMask(agent: LiveAgent): number {
  if (agent.presence !== "available") return 0;
  const n = agent.load.perChannel;
  const voice = n[0]!;
  const chat = n[1]!;
  const callback = n[3]!;
  const phone = voice + callback;
  const cap = agent.capacity;
  let mask = 0;
  if (voice < (cap.voice ?? 0) && phone === 0 && chat === 0) mask |= 1;
  if (chat < (cap.chat ?? 0) && phone === 0) mask |= 2;
  if (n[2]! < (cap.email ?? 0)) mask |= 4;
  if (callback < (cap.callback ?? 0) && phone === 0 && chat === 0) mask |= 8;
  if (n[4]! < (cap.message ?? 0)) mask |= 16;
  return mask;
}

export function workCount(agent: LiveAgent): number {
  return agent.load.active;
}

export function totalCapacity(agent: AgentFields): number {
  return Object.values(agent.capacity).reduce((a, b) => a + b, 0) || 1;
}

export function skillsKeyOf(skills: SkillRequirement[]): string {
  // One required skill (the usual language) needs no sorting, nor the arrays to sort in.
  if (skills.length === 1) return `${skills[0]!.skill}>=${skills[0]!.minProficiency ?? 1}`;
  return skills
    .map((s) => `${s.skill}>=${s.minProficiency ?? 1}`)
    .sort()
    .join("|");
}

function hasSkills(agent: AgentFields, required: SkillRequirement[], floor: number): boolean {
  for (const r of required) {
    const p = agent.skills[r.skill];
    if (p === undefined || p < Math.max(r.minProficiency ?? 1, floor)) return false;
  }
  return true;
}

/** Whether a step's target includes this agent for a contact with these required skills. */
export function eligible(agent: AgentFields, target: StepTarget, required: SkillRequirement[]): boolean {
  switch (target.kind) {
    case "skills":
      return hasSkills(agent, required, target.minProficiency ?? 1) && hasSkills(agent, target.skills ?? [], 1);
    case "team":
      return agent.teamIds.includes(target.teamId) && hasSkills(agent, required, target.minProficiency ?? 1);
    case "agents":
      return target.agentIds.includes(agent.id);
    default:
      return false;
  }
}

/** Proficiency an agent brings to a contact: the sum over its required skills (best-proficiency routing). */
export function proficiencyFor(agent: AgentFields, required: SkillRequirement[]): number {
  let sum = 0;
  for (const r of required) sum += agent.skills[r.skill] ?? 0;
  return sum;
}

/** Waiting order: higher priority first, then earlier arrival, then first seen. */
export function contactBefore(a: ContactFields, b: ContactFields): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.arrivedAt !== b.arrivedAt) return a.arrivedAt < b.arrivedAt;
  return a.seq < b.seq;
}

export function routable(target: StepTarget): boolean {
  return target.kind === "skills" || target.kind === "team" || target.kind === "agents";
}

export function stepsOf(queue: QueueConfig): QueueConfig["steps"] {
  return queue.steps.length > 0 ? queue.steps : [{ target: { kind: "skills" } }];
}

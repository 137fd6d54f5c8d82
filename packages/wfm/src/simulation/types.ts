/**
 * The simulator's vocabulary: a scenario (traffic, handling, patience, agents and their shifts, queue
 * settings) and the figures a run reports per interval and in total.
 */
import type { SkillRequirement, Strategy, RoutingStep, AgentSkill } from "@moked/routing";
import type { Rng } from "../random";
import type { Distribution } from "./fit";

/** Draws one duration in seconds. Given its own seeded stream, so a run replays exactly. */
export type DurationSampler = (rng: Rng) => number;

/** A duration: an exponential mean in seconds, a fitted distribution (plain data, fit for a worker thread), or a sampler. */
export type Duration = number | Distribution | DurationSampler;

export interface SimInterval {
  /** Seconds from the scenario's start. */
  startOffsetSeconds: number;
  lengthSeconds: number;
  /** Expected contacts arriving in the interval (a Poisson process at volume / length per second). */
  volume: number;
}

export interface SimShift {
  /** Seconds from the scenario's start. */
  fromSeconds: number;
  toSeconds: number;
}

export interface SimAgent {
  id: string;
  skills?: AgentSkill[];
  /** Omitted: logged in from the start until the last contact is served. */
  shifts?: SimShift[];
}

export interface SimQueueSettings {
  strategy?: Strategy;
  /** Default 80 % within 20 s. */
  serviceLevel?: { percent: number; thresholdSeconds: number };
  /** Default: one step offering the contact to anyone with its skills, waiting forever. */
  steps?: RoutingStep[];
  /** Default 0: the agent is free the moment the contact ends. */
  wrapUpSeconds?: number;
  /** Abandons sooner than this are reported as short (default 5 s, the engine's). */
  shortAbandonSeconds?: number;
}

/**
 * One kind of contact in a mixed traffic (a language, a skill): arrivals are split among the streams by
 * share, and each stream may bring its own handling time and patience.
 */
export interface SimStream {
  id: string;
  /** Weight among the streams (they need not add up to 1). */
  share: number;
  /** Skills this stream's contacts require (e.g. `lang:ru`); default the scenario's `requiredSkills`. */
  requiredSkills?: SkillRequirement[];
  /** Default the scenario's. */
  ahtSeconds?: Duration;
  /** Default the scenario's. */
  patienceSeconds?: Duration;
}

export interface SimArrival {
  atSeconds: number;
  stream?: string;
}

export interface SimulationScenario {
  seed: number;
  /** Epoch ms of offset 0. */
  start: number;
  intervals: SimInterval[];
  /** Mean handling time (exponential), a fitted distribution, or a sampler of handling times in seconds. */
  ahtSeconds: Duration;
  /** Mean patience (exponential), a fitted distribution, or a sampler; omitted: callers never hang up. */
  patienceSeconds?: Duration;
  agents: SimAgent[];
  queue?: SimQueueSettings;
  /** The contacts' legal topic; decides the statutory answer deadline (default "billing": 6 minutes). */
  topic?: string;
  /** Skills every contact requires (default none). */
  requiredSkills?: SkillRequirement[];
  /** Mixed traffic: each arrival's kind is drawn by share from its own seeded stream; figures are also reported per stream. */
  streams?: SimStream[];
  /**
   * Arrivals replayed instead of drawn: seconds from `start` (inside the intervals), each optionally of a
   * stream by id (else drawn by share). A past day's actual contacts, for instance.
   */
  arrivals?: SimArrival[];
}

/** Raw sums for one interval; contacts count in the interval they arrived in. */
export interface IntervalSums {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinThreshold: number;
  /** Contacts (answered or abandoned) that waited at all. */
  waited: number;
  answeredWaitSeconds: number;
  abandonedWaitSeconds: number;
  deadlineBreaches: number;
  /** Contacts still waiting when the run ran out of events (no agent left to serve them). */
  unresolved: number;
  /** Agent-seconds connected to or wrapping up a contact, within the interval's time span. */
  busySeconds: number;
  /** Agent-seconds logged in, within the interval's time span. */
  staffedSeconds: number;
}

export interface IntervalResult extends IntervalSums {
  startOffsetSeconds: number;
  lengthSeconds: number;
  /** Answered within the threshold / offered (abandons count as misses). */
  serviceLevel: number | null;
  /** Answered within the threshold / (offered − abandoned). */
  serviceLevelExcludingAbandons: number | null;
  /** Mean wait of answered contacts. */
  asaSeconds: number | null;
  abandonRate: number | null;
  /** Share of contacts that waited at all. */
  probabilityOfWaiting: number | null;
  /** busySeconds / staffedSeconds. */
  occupancy: number | null;
}

export interface SimulationResult {
  intervals: IntervalResult[];
  total: IntervalResult;
  /** Per stream of a mixed traffic, in the scenario's order; agent-time is not split by stream, so occupancy is null there. */
  streams?: Array<{ id: string; intervals: IntervalResult[]; total: IntervalResult }>;
  engine: { commands: number; events: number };
  /** Virtual epoch ms at which the last event happened (the run drains past the last interval). */
  endedAt: number;
}

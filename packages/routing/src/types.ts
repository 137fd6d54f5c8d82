/**
 * The routing engine's vocabulary: what it is configured with, the commands it takes and the events it
 * emits. Plain data, serialisable as JSON, so commands can be journaled and replayed.
 */

export type Channel = "voice" | "chat" | "email" | "callback" | "message";
export const CHANNELS: readonly Channel[] = ["voice", "chat", "email", "callback", "message"];

export interface SkillRequirement {
  skill: string;
  /** 1–5; defaults to 1. */
  minProficiency?: number;
}

export interface AgentSkill {
  skill: string;
  proficiency: number;
}

/** Whom a routing step offers the contact to. */
export type StepTarget =
  /** Agents with the contact's own required skills (language, region …) at `minProficiency` or better, plus `skills`. */
  | { kind: "skills"; minProficiency?: number; skills?: SkillRequirement[] }
  | { kind: "team"; teamId: string; minProficiency?: number }
  | { kind: "agents"; agentIds: string[] }
  /** Moves the contact to another queue (of this client or another, or a partner center's), keeping its arrival time. */
  | { kind: "queue"; queueId: string }
  /** Leaves the ACD: the message center's answering service, voicemail, or a callback. Offered to the customer on voice and chat. */
  | { kind: "overflow"; to: "message" | "voicemail" | "callback" };

export interface RoutingStep {
  target: StepTarget;
  /** How long the contact waits at this step before the next one; the last step waits forever. */
  waitSeconds?: number;
}

export type Strategy = "longest_idle" | "least_occupied" | "best_proficiency" | "round_robin";

export interface QueueConfig {
  id: string;
  tenantId: string;
  name: string;
  strategy?: Strategy;
  /** e.g. 80 % answered within 20 s. */
  serviceLevel?: { percent: number; thresholdSeconds: number };
  /** Abandons sooner than this are "short abandons", reported apart. */
  shortAbandonSeconds?: number;
  /** After this long, the queue's overflow applies whatever step the contact is at. */
  maxWaitSeconds?: number;
  /** What happens at `maxWaitSeconds`; default: offer the customer a message or callback. */
  overflow?: StepTarget;
  /** Seconds of automatic wrap-up after a contact ends, before the agent gets the next one. */
  wrapUpSeconds?: number;
  /** Seconds an agent has to accept an offer. */
  offerTimeoutSeconds?: number;
  /** Priority added for protected customers (over 80, disabilities). */
  protectedPriorityBoost?: number;
  steps: RoutingStep[];
  /** Where this queue's contacts go while its client line is closed; overrides the line's own setting. */
  afterHours?: AfterHoursTarget;
  /** Default average handling time until the queue has history of its own, for expected-wait estimates. */
  defaultHandleSeconds?: number;
}

export type Weekday = "0" | "1" | "2" | "3" | "4" | "5" | "6";
export interface BusinessHoursCalendar {
  alwaysOpen: boolean;
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  closedOnShabbatAndHolidays: boolean;
  exceptions: Record<string, Array<[string, string]>>;
}

/** Where a client line's contacts go while it is closed. */
export type AfterHoursTarget = { kind: "queue"; queueId: string } | { kind: "message" } | { kind: "on_call" } | { kind: "none" };

export interface TenantConfig {
  tenantId: string;
  timeZone: string;
  calendar: BusinessHoursCalendar;
  afterHours?: AfterHoursTarget;
}

export interface AgentConfig {
  agentId: string;
  skills: AgentSkill[];
  capacity?: Partial<Record<Channel, number>>;
  teamIds?: string[];
  /** The client lines the agent serves; an agent gets contacts only from those lines' queues. Omitted: all. */
  tenantIds?: string[];
}

export type AgentPresence = "offline" | "available" | "not_ready";
/** What a supervisor sees: presence, refined by the agent's work. */
export type AgentActivity = "offline" | "available" | "not_ready" | "reserved" | "busy" | "wrap_up";

export interface NewInteraction {
  id: string;
  tenantId: string;
  queueId: string;
  channel: Channel;
  priority?: number;
  protectedCustomer?: boolean;
  requiredSkills?: SkillRequirement[];
  /** The legal topic: fault, billing, termination (6 minutes) or anything else (3 minutes). */
  topic?: string;
  customerRef?: string;
  /** When the contact really arrived (the gateway's answer), if before the command; the statutory clock starts here. */
  arrivedAt?: number;
}

export type CustomerChoice = "hold" | "leave_message" | "keep_place_callback" | "scheduled_callback";

export type TransferTarget = { queueId: string } | { agentId: string } | { external: string };

export type Command =
  | { type: "configure_tenant"; tenant: TenantConfig }
  | { type: "configure_queue"; queue: QueueConfig }
  | { type: "remove_queue"; queueId: string }
  | { type: "configure_agent"; agent: AgentConfig }
  | { type: "agent_state"; agentId: string; state: AgentPresence; reason?: string }
  | { type: "arrive"; interaction: NewInteraction }
  | { type: "accept"; interactionId: string; agentId: string }
  | { type: "reject"; interactionId: string; agentId: string; reason?: string }
  /** The customer hung up or left: abandons a waiting contact, ends a connected one. */
  | { type: "hangup"; interactionId: string }
  /** The agent ended the contact; `reached: false` on an outbound call-back: the customer did not answer. */
  | { type: "complete"; interactionId: string; agentId: string; reached?: boolean }
  /** The agent put the connected customer on hold (`held: true`) or took them off it. */
  | { type: "hold"; interactionId: string; agentId: string; held: boolean }
  | { type: "wrap_up"; interactionId: string; agentId: string; code?: string }
  | { type: "customer_choice"; interactionId: string; choice: CustomerChoice }
  /** `reason`: the note the one transferring leaves for whoever takes the contact next (carried on the event). */
  | { type: "transfer"; interactionId: string; to: TransferTarget; by?: string; reason?: string }
  /** Lets time pass: timers due by now fire. Every command does this first; `tick` does only this. */
  | { type: "tick" };

export interface EngineEvent {
  type: string;
  at: number;
  tenantId: string | null;
  interactionId?: string;
  agentId?: string;
  [key: string]: unknown;
}

export interface EngineError {
  code: "not_found" | "conflict" | "invalid";
  message: string;
}

export interface HandleResult {
  events: EngineEvent[];
  error?: EngineError | undefined;
}

/** The final states a contact can end in: exactly one each. */
export const FINAL_STATES = ["answered", "abandoned", "overflowed", "callback", "message", "transferred"] as const;
export type FinalState = (typeof FINAL_STATES)[number];

import { z } from "zod";
import { Id } from "./common";

export const CHANNELS = ["voice", "chat", "email", "callback", "message"] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const SkillRequirement = z.object({
  skill: z.string().min(1).max(60).describe('e.g. "lang:ru", "region:north", "claims"'),
  minProficiency: z.number().int().min(1).max(5).default(1),
});

export const CreateInteractionRequest = z.object({
  tenantId: Id,
  queueId: Id,
  channel: Channel,
  externalId: z.string().min(1).max(200).optional().describe("Your id for this contact; repeating it returns the same interaction"),
  topic: z.string().min(1).max(60).optional().describe('Legal answer-time topic, e.g. "fault", "billing", "termination", "general"'),
  priority: z.number().int().min(0).max(100).default(0),
  customerRef: z.string().max(200).optional(),
  requiredSkills: z.array(SkillRequirement).max(20).default([]),
  protectedCustomer: z.boolean().default(false).describe("Over 80 or with a disability: priority where the queue grants it"),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type CreateInteractionRequest = z.infer<typeof CreateInteractionRequest>;

export const InteractionView = z.object({
  id: Id,
  tenantId: Id,
  queueId: Id.nullable(),
  channel: Channel,
  externalId: z.string().nullable(),
  topic: z.string().nullable(),
  priority: z.number(),
  customerRef: z.string().nullable(),
  status: z.string(),
  finalState: z.string().nullable(),
  agentId: Id.nullable(),
  wrapUpCode: z.string().nullable(),
  arrivedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  deadlineBreached: z.boolean(),
  position: z.number().int().nullable(),
  expectedWaitSeconds: z.number().nullable(),
});
/** The last hand-over of a contact: who passed it on and the note they left for whoever takes it next. */
export const TransferNote = z.object({
  at: z.string(),
  fromAgentId: Id.nullable(),
  fromAgentName: z.string().nullable(),
  /** Who transferred it: the agent handling it, or a supervisor moving a waiting contact. */
  byName: z.string().nullable(),
  reason: z.string().nullable(),
});
export const InteractionResponse = z.object({ interaction: InteractionView, transfer: TransferNote.nullable().optional() });
export const InteractionList = z.object({ items: z.array(InteractionView) });
export const InteractionQuery = z.object({
  tenantId: Id.optional(),
  queueId: Id.optional(),
  status: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const InteractionEventView = z.object({
  id: z.number(),
  type: z.string(),
  at: z.string(),
  agentId: Id.nullable(),
  data: z.record(z.string(), z.unknown()),
});
export const InteractionEvents = z.object({ items: z.array(InteractionEventView) });

export const CustomerChoiceRequest = z.object({
  choice: z.enum(["hold", "leave_message", "keep_place_callback", "scheduled_callback"]),
  callbackNumber: z.string().max(40).optional(),
});
export const TransferRequest = z
  /** `reason`: a note for whoever takes the contact next, shown on their desk. */
  .object({ queueId: Id.optional(), agentId: Id.optional(), reason: z.string().max(200).optional() })
  .refine((t) => Boolean(t.queueId) !== Boolean(t.agentId), "give exactly one of queueId or agentId");

export const AGENT_STATES = ["available", "not_ready", "offline"] as const;
export const NOT_READY_REASONS = ["break", "lunch", "training", "meeting", "coaching", "missed_offer", "other"] as const;
export const AgentStateRequest = z
  .object({ state: z.enum(AGENT_STATES), reason: z.enum(NOT_READY_REASONS).optional() })
  .refine((s) => s.state !== "not_ready" || Boolean(s.reason), { message: "a not-ready state needs a reason", path: ["reason"] });
export const WrapUpRequest = z.object({ code: z.string().min(1).max(60), notes: z.string().max(4000).optional() });
export const RejectRequest = z.object({ reason: z.string().max(200).optional() });

export const AgentProfile = z.object({
  skills: z.array(z.object({ skill: z.string().min(1).max(60), proficiency: z.number().int().min(1).max(5) })).max(100),
  capacity: z.object({
    voice: z.number().int().min(0).max(1).default(1),
    chat: z.number().int().min(0).max(10).default(3),
    email: z.number().int().min(0).max(20).default(5),
    callback: z.number().int().min(0).max(1).default(1),
    message: z.number().int().min(0).max(20).default(5),
  }),
});
export const AgentProfileResponse = z.object({ userId: Id, profile: AgentProfile });

// ── queues ────────────────────────────────────────────────────────────────────────────────────────────

const Skill = z.object({ skill: z.string().min(1).max(60), minProficiency: z.number().int().min(1).max(5).optional() });
export const StepTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("skills"), minProficiency: z.number().int().min(1).max(5).optional(), skills: z.array(Skill).max(20).optional() }),
  z.object({ kind: z.literal("team"), teamId: Id, minProficiency: z.number().int().min(1).max(5).optional() }),
  z.object({ kind: z.literal("agents"), agentIds: z.array(Id).min(1).max(200) }),
  z.object({ kind: z.literal("queue"), queueId: Id }),
  z.object({ kind: z.literal("overflow"), to: z.enum(["message", "voicemail", "callback"]) }),
]);
export const RoutingStep = z.object({
  target: StepTarget,
  waitSeconds: z.number().int().min(1).max(86_400).optional().describe("How long at this step before the next; the last step waits for ever"),
});
export const STRATEGIES = ["longest_idle", "least_occupied", "best_proficiency", "round_robin"] as const;

/** A queue's routing settings: what the engine needs beyond the queue's identity. */
export const QueueSettings = z.object({
  strategy: z.enum(STRATEGIES).default("longest_idle"),
  serviceLevel: z.object({ percent: z.number().min(1).max(100), thresholdSeconds: z.number().int().min(1).max(3600) }).default({ percent: 80, thresholdSeconds: 20 }),
  shortAbandonSeconds: z.number().int().min(0).max(120).default(5),
  maxWaitSeconds: z.number().int().min(10).max(86_400).optional(),
  overflow: StepTarget.optional(),
  wrapUpSeconds: z.number().int().min(0).max(3600).default(15),
  offerTimeoutSeconds: z.number().int().min(5).max(300).default(20),
  protectedPriorityBoost: z.number().int().min(0).max(100).default(10),
  defaultHandleSeconds: z.number().int().min(10).max(7200).default(180),
  afterHours: z
    .discriminatedUnion("kind", [z.object({ kind: z.literal("queue"), queueId: Id }), z.object({ kind: z.literal("message") }), z.object({ kind: z.literal("on_call") }), z.object({ kind: z.literal("none") })])
    .default({ kind: "none" })
    .describe("Where contacts go while the line is closed: the center's 24/7 queue, a message, or the on-call person"),
  steps: z.array(RoutingStep).min(1).max(20),
});
export type QueueSettings = z.infer<typeof QueueSettings>;

export const Queue = z.object({ id: Id, tenantId: Id, name: z.string(), active: z.boolean(), settings: QueueSettings });
export const CreateQueueRequest = z.object({ tenantId: Id, name: z.string().trim().min(1).max(120), settings: QueueSettings });
export const UpdateQueueRequest = z.object({ name: z.string().trim().min(1).max(120).optional(), settings: QueueSettings.optional() });
export const QueueResponse = z.object({ queue: Queue });
export const QueueList = z.object({ items: z.array(Queue) });

export const QueueStatsView = z.object({
  queueId: Id,
  tenantId: Id,
  name: z.string(),
  waiting: z.number(),
  longestWaitSeconds: z.number(),
  nearestDeadlineSeconds: z.number().nullable(),
  agentsAvailable: z.number(),
  agentsBusy: z.number(),
  agentsEligible: z.number(),
  offeredToday: z.number(),
  answeredToday: z.number(),
  abandonedToday: z.number(),
  shortAbandonedToday: z.number(),
  breachesToday: z.number(),
  handledToday: z.number().describe("Contacts whose conversation with an agent ended today: what the average handling time is over"),
  serviceLevel: z.number().nullable(),
  averageSpeedOfAnswerSeconds: z.number().nullable(),
  averageHandleSeconds: z.number().nullable(),
});
export const QueueStatsList = z.object({ items: z.array(QueueStatsView) });

export const WaitingContact = z.object({
  interactionId: Id,
  tenantId: Id,
  queueId: Id,
  channel: Channel,
  status: z.string(),
  priority: z.number(),
  arrivedAt: z.string(),
  deadlineAt: z.string().nullable(),
  agentId: Id.nullable(),
  position: z.number().nullable(),
  expectedWaitSeconds: z.number().nullable(),
  keepingPlace: z.boolean(),
});
export const WaitingList = z.object({ items: z.array(WaitingContact) });

export const AgentStatus = z.object({
  agentId: Id,
  presence: z.enum(AGENT_STATES),
  activity: z.enum(["offline", "available", "not_ready", "reserved", "busy", "wrap_up"]),
  reason: z.string().nullable(),
  since: z.string(),
  handledToday: z.number(),
  work: z.array(z.object({ interactionId: Id, channel: Channel, status: z.string() })),
  teamIds: z.array(Id),
  tenantIds: z.array(Id).nullable().describe("The client lines the agent serves; null for every line"),
  languages: z.array(z.string()).describe("From the agent's language skills (lang:xx)"),
});
export const AgentStatusResponse = z.object({ agent: AgentStatus });
export const AgentStatusList = z.object({ items: z.array(AgentStatus) });

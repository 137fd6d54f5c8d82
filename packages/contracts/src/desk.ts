import { z } from "zod";
import { Channel } from "./routing";
import { Id } from "./common";

// ── customer 360 ──────────────────────────────────────────────────────────────────────────────────────

export const CustomerSummary = z.object({
  id: Id.nullable().describe("Null when the contact names a phone or address that no customer record has yet"),
  name: z.string().nullable(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
});
export const ConversationLine = z.object({
  author: z.enum(["customer", "agent", "system"]),
  text: z.string(),
  at: z.string(),
  attachmentId: z.string().nullable(),
  /** A call placed to the customer (its outcome: answered, busy, no_answer, failed, cancelled; null while on) or the SMS they were sent about a missed one (its words in `text`). */
  event: z.object({ kind: z.enum(["outbound_attempt", "sms"]), outcome: z.string().nullable(), number: z.string() }).optional(),
});
export const CustomerContact = z.object({
  id: Id,
  channel: Channel,
  status: z.string(),
  finalState: z.string().nullable(),
  topic: z.string().nullable(),
  queueId: Id.nullable(),
  arrivedAt: z.string(),
  agentId: Id.nullable(),
  agentName: z.string().nullable(),
  wrapUpCode: z.string().nullable(),
  notes: z.string().nullable(),
  conversation: z.array(ConversationLine).describe("What was written in a chat, message or e-mail contact, in order (text only; empty for a call)"),
});
export const OpenCase = z.object({
  kind: z.enum(["contact", "callback", "message"]),
  id: Id,
  at: z.string(),
  status: z.string(),
  summary: z.string(),
});
export const Customer360 = z.object({
  customer: CustomerSummary.nullable(),
  contacts: z.array(CustomerContact).describe("Every earlier contact of this customer on every channel, newest first"),
  openCases: z.array(OpenCase),
});

// ── a line's script and knowledge ─────────────────────────────────────────────────────────────────────

export const KNOWLEDGE_KINDS = ["greeting", "procedure", "faq", "wrap_up_code"] as const;
export const KnowledgeKind = z.enum(KNOWLEDGE_KINDS);
export const KnowledgeInput = z.object({
  kind: KnowledgeKind.describe("greeting: what the agent says first; procedure; faq: a question and its answer; wrap_up_code: one of the line's wrap-up codes (title = the code)"),
  title: z.string().trim().min(1).max(200),
  body: z.string().max(10_000).default(""),
  position: z.number().int().min(0).max(10_000).default(0).describe("Order within its kind, lowest first"),
});
export const KnowledgePatch = KnowledgeInput.partial();
export const KnowledgeEntry = z.object({ id: Id, tenantId: Id, kind: KnowledgeKind, title: z.string(), body: z.string(), position: z.number(), updatedAt: z.string() });
export const KnowledgeList = z.object({ items: z.array(KnowledgeEntry) });
export const KnowledgeResponse = z.object({ entry: KnowledgeEntry });

// ── escalation to the team leader, transfer targets ───────────────────────────────────────────────────

export const ESCALATION_STATUSES = ["open", "taken", "closed"] as const;
export const EscalateRequest = z.object({ message: z.string().trim().max(1000).default("").describe("What the agent needs help with") });
export const CloseEscalationRequest = z.object({ resolution: z.string().trim().max(2000).optional() });
export const Escalation = z.object({
  id: Id,
  tenantId: Id,
  interactionId: Id,
  channel: Channel.nullable(),
  raisedBy: Id,
  raisedByName: z.string().nullable(),
  /** The raising agent's team: its team leader is the one asked. */
  teamId: Id.nullable(),
  message: z.string(),
  status: z.enum(ESCALATION_STATUSES),
  takenBy: Id.nullable(),
  takenByName: z.string().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.string(),
  takenAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export const EscalationResponse = z.object({ escalation: Escalation });
export const EscalationList = z.object({ items: z.array(Escalation) });
export const EscalationQuery = z.object({
  status: z.enum(["active", ...ESCALATION_STATUSES]).default("active").describe("active: open or taken"),
  interactionId: Id.optional(),
});
export const TransferAgents = z.object({
  items: z.array(z.object({ agentId: Id, name: z.string(), activity: z.string(), languages: z.array(z.string()) })),
});

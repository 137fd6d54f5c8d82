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

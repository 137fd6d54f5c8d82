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

import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers } from "./channels";
import { bytea } from "./columns";
import { tenants } from "./tenancy";

/**
 * One written conversation with a customer: a web chat from the widget, or an SMS / WhatsApp thread from a
 * messaging provider. It outlives its contacts: a visitor who reconnects, or a customer who texts again
 * while it is open, continues it; `interaction_id` is the contact currently routed for it.
 */
export const chatSessions = pgTable(
  "chat_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** web (the widget), sms or whatsapp (a messaging provider). */
    medium: text("medium").notNull().default("web"),
    /** Messaging: the customer's number (E.164) — replies go there. */
    address: text("address"),
    /** Web: SHA-256 of the visitor's secret token (the widget keeps the token itself). */
    tokenHash: text("token_hash"),
    interactionId: uuid("interaction_id").notNull(),
    customerId: uuid("customer_id").references(() => customers.id),
    name: text("name"),
    phone: text("phone"),
    email: text("email"),
    topic: text("topic"),
    language: text("language").notNull().default("he"),
    /** open, then ended (by either side) or left as a message / callback request. */
    status: text("status").notNull().default("open"),
    transcriptsSent: integer("transcripts_sent").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("chat_sessions_tenant_idx").on(t.tenantId, t.createdAt), index("chat_sessions_address_idx").on(t.tenantId, t.medium, t.address), index("chat_sessions_interaction_idx").on(t.interactionId)],
);

/** The conversation's lines, in order (`seq` is also the widget's resume point after a reconnect). */
export const chatMessages = pgTable(
  "chat_messages",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => chatSessions.id),
    interactionId: uuid("interaction_id").notNull(),
    /** visitor, agent or system. */
    author: text("author").notNull(),
    agentId: uuid("agent_id"),
    /** Plain text: shown as text everywhere, never as HTML. */
    text: text("text").notNull().default(""),
    attachmentId: uuid("attachment_id"),
    /** A messaging provider's id of the message, so a redelivered webhook adds nothing. */
    externalId: text("external_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("chat_messages_session_idx").on(t.sessionId, t.seq), index("chat_messages_interaction_idx").on(t.interactionId), uniqueIndex("chat_messages_external_uq").on(t.tenantId, t.externalId)],
);

/** A file sent in a chat (images and PDF only, type checked by its first bytes). */
export const chatAttachments = pgTable("chat_attachments", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  sessionId: uuid("session_id")
    .notNull()
    .references(() => chatSessions.id),
  name: text("name").notNull(),
  mime: text("mime").notNull(),
  size: integer("size").notNull(),
  data: bytea("data").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenancy";

/** One extra field of a line's message form (a car importer's plate number, a municipality's hazard type). */
export interface MessageField {
  key: string;
  label: string;
  type: "text" | "longtext" | "phone" | "select" | "boolean";
  required: boolean;
  options?: string[];
}

/** Where a line's messages go: by category, urgency, whether the line is open and the hour. */
export interface ForwardingRule {
  categories?: string[];
  urgency?: Array<"normal" | "urgent">;
  when?: "open" | "closed" | "any";
  /** Only within these hours of the line's wall clock (HH:MM; to < from crosses midnight); weekdays = the day a window starts. */
  hours?: { from: string; to: string; weekdays?: number[] };
  channel: "email" | "webhook" | "sms";
  to: string;
  /** E-mail only: gather messages and send one digest every `digestMinutes` instead of one mail each. */
  mode?: "immediate" | "digest";
  digestMinutes?: number;
}

/** A client line's message form and forwarding rules, set by the center manager. */
export const messageSettings = pgTable("message_settings", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  fields: jsonb("fields").$type<MessageField[]>().notNull().default([]),
  categories: jsonb("categories").$type<string[]>().notNull().default([]),
  forwarding: jsonb("forwarding").$type<ForwardingRule[]>().notNull().default([]),
  /** HMAC secret for signed webhooks to this line. */
  webhookSecret: text("webhook_secret"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A message taken for a client business: by an agent during a contact, or left by the customer. */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** The contact it came from; one message per contact at most. */
    interactionId: uuid("interaction_id"),
    customerName: text("customer_name"),
    customerPhone: text("customer_phone"),
    customerEmail: text("customer_email"),
    subject: text("subject").notNull(),
    category: text("category"),
    urgency: text("urgency").notNull().default("normal"),
    body: text("body").notNull().default(""),
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").notNull().default("new"),
    source: text("source").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** A human must call back by then (3 hours; after the next opening when left near or after closing). */
    callbackDueAt: timestamp("callback_due_at", { withTimezone: true }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by"),
    handledAt: timestamp("handled_at", { withTimezone: true }),
    handledBy: uuid("handled_by"),
  },
  (t) => [index("messages_tenant_created_idx").on(t.tenantId, t.createdAt), uniqueIndex("messages_interaction_uq").on(t.interactionId)],
);

/**
 * Everything Moked sends out (e-mail, webhooks), written in the same transaction as what caused it and
 * delivered by a worker with retries: a restart or an SMTP outage loses nothing.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").references(() => tenants.id),
    messageId: uuid("message_id").references(() => messages.id),
    channel: text("channel").notNull(),
    destination: text("destination").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A worker holds the row until then; past it, another may take it over. */
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_message_idx").on(t.messageId)],
);

import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenancy";

/** One customer of a client business, matched across channels by phone (E.164) and e-mail. */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name"),
    phones: jsonb("phones").$type<string[]>().notNull().default([]),
    emails: jsonb("emails").$type<string[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("customers_tenant_idx").on(t.tenantId)],
);

/** "Leave your details and we'll call you back": routed as a callback interaction when its window opens. */
export const callbackRequests = pgTable(
  "callback_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    customerId: uuid("customer_id").references(() => customers.id),
    name: text("name"),
    phone: text("phone").notNull(),
    windowFrom: timestamp("window_from", { withTimezone: true }).notNull(),
    windowTo: timestamp("window_to", { withTimezone: true }),
    /** Separate from the request itself, and never ticked for the customer. */
    marketingConsent: boolean("marketing_consent").notNull().default(false),
    status: text("status").notNull().default("scheduled"),
    /** How many times the customer asked while this request was open (repeats are merged into it). */
    requests: integer("requests").notNull().default(1),
    interactionId: uuid("interaction_id"),
    /** Calls placed to the customer for this request so far (the next routed attempt is number attempts + 1). */
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("callback_requests_due_idx").on(t.status, t.windowFrom), index("callback_requests_tenant_phone_idx").on(t.tenantId, t.phone)],
);

/** E-mails in and out, threaded into conversations by Message-ID, In-Reply-To and References. */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** The first contact of the thread; later contacts of the same thread share it. */
    conversationId: uuid("conversation_id").notNull(),
    interactionId: uuid("interaction_id").notNull(),
    direction: text("direction").notNull(),
    messageIdHeader: text("message_id_header").notNull(),
    inReplyTo: text("in_reply_to"),
    references: jsonb("references").$type<string[]>().notNull().default([]),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull().default(""),
    /** The plain text part (or the HTML reduced to text): always there, the fallback to the HTML. */
    text: text("text").notNull().default(""),
    /** The HTML part, sanitised on arrival (no script, no event handler, no form); null when the mail had none. */
    html: text("html"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("email_messages_header_uq").on(t.tenantId, t.messageIdHeader), index("email_messages_conversation_idx").on(t.conversationId)],
);

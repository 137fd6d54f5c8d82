import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { emailMessages } from "./channels";
import { tenants } from "./tenancy";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** One inbound mail the IMAP poller could not take, with the reason (kept for the line's admins to see). */
export interface MailRejection {
  at: string;
  uid: number;
  from: string | null;
  subject: string | null;
  reason: string;
}

/**
 * A client line's e-mail settings: an IMAP mailbox to poll as an alternative to the built-in SMTP listener,
 * and the auto-acknowledgement that tells a new correspondent when to expect an answer.
 */
export const lineMailSettings = pgTable("line_mail_settings", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  imapEnabled: boolean("imap_enabled").notNull().default(false),
  imapHost: text("imap_host"),
  imapPort: integer("imap_port").notNull().default(993),
  /** TLS from the first byte (993); false is plain IMAP, upgraded with STARTTLS when the server offers it. */
  imapSecure: boolean("imap_secure").notNull().default(true),
  imapUser: text("imap_user"),
  /** Write-only through the API: never sent back. */
  imapPassword: text("imap_password"),
  imapMailbox: text("imap_mailbox").notNull().default("INBOX"),
  /** The mailbox's UIDVALIDITY and the last UID taken: the poller resumes after it. */
  imapUidValidity: text("imap_uid_validity"),
  imapLastUid: integer("imap_last_uid").notNull().default(0),
  imapLastPolledAt: timestamp("imap_last_polled_at", { withTimezone: true }),
  imapLastError: text("imap_last_error"),
  imapRejections: jsonb("imap_rejections").$type<MailRejection[]>().notNull().default([]),
  autoAckEnabled: boolean("auto_ack_enabled").notNull().default(false),
  /** The expected response time promised in the auto-acknowledgement. */
  autoAckResponseMinutes: integer("auto_ack_response_minutes").notNull().default(240),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A file that came with an inbound e-mail: kept as bytes, only ever downloaded, never shown inline. */
export const emailAttachments = pgTable(
  "email_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    emailMessageId: uuid("email_message_id")
      .notNull()
      .references(() => emailMessages.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    content: bytea("content").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("email_attachments_message_idx").on(t.emailMessageId)],
);

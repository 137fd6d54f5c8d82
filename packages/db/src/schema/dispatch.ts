import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { messages } from "./messages";
import { tenants } from "./tenancy";

export interface OnCallMember {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

/**
 * A line's on-call roster (כונן תורן): members take weekly turns from `rotationStart`, handing over on
 * `handoverWeekday` at `handoverTime` in the line's time zone; overrides win for their span; on Shabbat and
 * holidays `holidayMemberId`, when set, is on call. After the person on call, `escalation` names who is
 * called next when no one acknowledges within `ackTimeoutSeconds`.
 */
export const onCallRosters = pgTable("on_call_rosters", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  members: jsonb("members").$type<OnCallMember[]>().notNull(),
  rotationStart: text("rotation_start").notNull(),
  handoverWeekday: integer("handover_weekday").notNull().default(0),
  handoverTime: text("handover_time").notNull().default("08:00"),
  overrides: jsonb("overrides").$type<Array<{ from: string; to: string; memberId: string }>>().notNull().default([]),
  holidayMemberId: text("holiday_member_id"),
  escalation: jsonb("escalation").$type<string[]>().notNull().default([]),
  ackTimeoutSeconds: integer("ack_timeout_seconds").notNull().default(600),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export interface DispatchStep {
  at: string;
  action: "notified" | "acknowledged" | "escalated" | "exhausted" | "bounced";
  memberId?: string;
  memberName?: string;
  by?: string;
  note?: string;
}

/** One urgent matter being brought to a person who acknowledges, step by step along the chain. */
export const dispatches = pgTable(
  "dispatches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    messageId: uuid("message_id").references(() => messages.id),
    chain: jsonb("chain").$type<OnCallMember[]>().notNull(),
    step: integer("step").notNull().default(0),
    status: text("status").notNull().default("notifying"),
    nextEscalationAt: timestamp("next_escalation_at", { withTimezone: true }),
    log: jsonb("log").$type<DispatchStep[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
  },
  (t) => [index("dispatches_due_idx").on(t.status, t.nextEscalationAt), index("dispatches_tenant_idx").on(t.tenantId, t.createdAt)],
);

/** Secrets the server keeps in the database so every node shares them (e.g. for signed links). */
export const serverSecrets = pgTable("server_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

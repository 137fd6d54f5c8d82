import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants, users } from "./tenancy";

/** Stands for "no queue" or "no agent" in an aggregate's key, which must not hold NULLs. */
export const NO_ID = "00000000-0000-0000-0000-000000000000";

/**
 * The report figures of the contacts that arrived in one 15-minute UTC interval, per client line, queue,
 * channel and answering agent, summed as contacts close (see decision 0007). Every column adds up, so any
 * longer period in any time zone is a plain sum of these rows; the wait histogram gives percentiles.
 */
export const reportIntervals = pgTable(
  "report_intervals",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** Start of the 15-minute interval of arrival, in UTC (every zone's offset is a multiple of 15 min). */
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    /** The queue the contact arrived in, or NO_ID. */
    queueId: uuid("queue_id").notNull(),
    channel: text("channel").notNull(),
    /** The agent who answered first, or NO_ID for contacts nobody answered. */
    agentId: uuid("agent_id").notNull(),
    offered: integer("offered").notNull().default(0),
    answered: integer("answered").notNull().default(0),
    abandoned: integer("abandoned").notNull().default(0),
    shortAbandoned: integer("short_abandoned").notNull().default(0),
    answeredInSl: integer("answered_in_sl").notNull().default(0),
    waitMsSum: bigint("wait_ms_sum", { mode: "number" }).notNull().default(0),
    /**
     * Answered contacts by whole seconds of wait, as two integer arrays in step: the seconds that occur,
     * ascending, and how many contacts waited each ({15: 2, 200: 1} is [15, 200] and [2, 1]). Native arrays
     * rather than jsonb: a report unnests them about three times cheaper than jsonb_each_text (decision 0023).
     */
    waitSeconds: integer("wait_seconds").array().notNull().default(sql`'{}'::integer[]`),
    waitCounts: integer("wait_counts").array().notNull().default(sql`'{}'::integer[]`),
    longestWaitMs: bigint("longest_wait_ms", { mode: "number" }).notNull().default(0),
    talkMsSum: bigint("talk_ms_sum", { mode: "number" }).notNull().default(0),
    talkCount: integer("talk_count").notNull().default(0),
    holdMsSum: bigint("hold_ms_sum", { mode: "number" }).notNull().default(0),
    wrapMsSum: bigint("wrap_ms_sum", { mode: "number" }).notNull().default(0),
    wrapCount: integer("wrap_count").notNull().default(0),
    handleMsSum: bigint("handle_ms_sum", { mode: "number" }).notNull().default(0),
    handleCount: integer("handle_count").notNull().default(0),
    transfers: integer("transfers").notNull().default(0),
    callbacksRequested: integer("callbacks_requested").notNull().default(0),
    callbacksCompleted: integer("callbacks_completed").notNull().default(0),
    messagesTaken: integer("messages_taken").notNull().default(0),
    overflowed: integer("overflowed").notNull().default(0),
    /** The answer-time rule (voice only): obligated, answered in time, per 6- and 3-minute topics. */
    voiceContacts: integer("voice_contacts").notNull().default(0),
    obligated: integer("obligated").notNull().default(0),
    answeredInTime: integer("answered_in_time").notNull().default(0),
    sixObligated: integer("six_obligated").notNull().default(0),
    sixInTime: integer("six_in_time").notNull().default(0),
    endedBeforeLimit: integer("ended_before_limit").notNull().default(0),
    /** Outbound (call-back) contacts an agent dialled, and those where the customer was reached. */
    outboundAttempts: integer("outbound_attempts").notNull().default(0),
    outboundReached: integer("outbound_reached").notNull().default(0),
    /** Customer satisfaction scores (1–5) recorded on these contacts: how many, their sum, how many 4 or 5. */
    csatCount: integer("csat_count").notNull().default(0),
    csatSum: integer("csat_sum").notNull().default(0),
    csatSatisfied: integer("csat_satisfied").notNull().default(0),
    /**
     * First-contact resolution: answered contacts of a known customer, and of those how many the customer
     * followed with another contact on the line within 1, 3, 7, 14 or 30 days of arrival (decision 0015).
     */
    fcrEligible: integer("fcr_eligible").notNull().default(0),
    repeatD1: integer("repeat_d1").notNull().default(0),
    repeatD3: integer("repeat_d3").notNull().default(0),
    repeatD7: integer("repeat_d7").notNull().default(0),
    repeatD14: integer("repeat_d14").notNull().default(0),
    repeatD30: integer("repeat_d30").notNull().default(0),
  },
  (t) => [primaryKey({ name: "report_intervals_pk", columns: [t.tenantId, t.bucketStart, t.queueId, t.channel, t.agentId] })],
);

/**
 * One agent's time in one 15-minute UTC interval, whatever lines it served (decision 0016): logged in
 * (staffed), handling (at least one contact connected, or only wrap-up left), available and idle, not ready
 * (and per reason), all in milliseconds of wall time. `handle_ms` is the contacts' handling time summed
 * (two chats at once count twice): the denominator of each line's share in agent_line_intervals.
 * Center-level, like the agent.state_changed events it is folded from: no tenant.
 */
export const agentIntervals = pgTable(
  "agent_intervals",
  {
    agentId: uuid("agent_id").notNull(),
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    staffedMs: bigint("staffed_ms", { mode: "number" }).notNull().default(0),
    busyMs: bigint("busy_ms", { mode: "number" }).notNull().default(0),
    wrapMs: bigint("wrap_ms", { mode: "number" }).notNull().default(0),
    availableMs: bigint("available_ms", { mode: "number" }).notNull().default(0),
    notReadyMs: bigint("not_ready_ms", { mode: "number" }).notNull().default(0),
    /** Not-ready time by reason: {"break": 600000}. */
    notReadyReasons: jsonb("not_ready_reasons").$type<Record<string, number>>().notNull().default({}),
    handleMs: bigint("handle_ms", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ name: "agent_intervals_pk", columns: [t.agentId, t.bucketStart] })],
);

/** The handling time an agent spent on one line's contacts (per queue and channel) in a 15-minute UTC interval. */
export const agentLineIntervals = pgTable(
  "agent_line_intervals",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    agentId: uuid("agent_id").notNull(),
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    /** The queue the contact was answered from, or NO_ID. */
    queueId: uuid("queue_id").notNull(),
    channel: text("channel").notNull(),
    handleMs: bigint("handle_ms", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ name: "agent_line_intervals_pk", columns: [t.tenantId, t.bucketStart, t.agentId, t.queueId, t.channel] }),
    index("agent_line_intervals_agent_idx").on(t.agentId, t.bucketStart),
  ],
);

/**
 * How far each agent's time has been folded into agent_intervals, and the agent's state at that instant
 * (presence, not-ready reason, the contacts in hand), so the next pass carries on from there.
 */
export const agentTimeCursors = pgTable("agent_time_cursors", {
  agentId: uuid("agent_id").primaryKey(),
  foldedUntil: timestamp("folded_until", { withTimezone: true }).notNull(),
  state: jsonb("state").$type<Record<string, unknown>>().notNull().default({}),
});

/** A report e-mailed to a client business's users on a schedule, through the outbox. */
export const reportSchedules = pgTable(
  "report_schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** daily (yesterday), weekly (last Sunday–Saturday) or monthly (last month), in the line's time zone. */
    frequency: text("frequency").notNull(),
    recipients: jsonb("recipients").$type<string[]>().notNull().default([]),
    /** Local hour of day it is sent at. */
    hour: integer("hour").notNull().default(7),
    active: boolean("active").notNull().default(true),
    nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("report_schedules_due_idx").on(t.active, t.nextRunAt)],
);

/** A line's cost inputs for the return-on-service view, set by the center manager. */
export const reportSettings = pgTable("report_settings", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  roi: jsonb("roi").$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

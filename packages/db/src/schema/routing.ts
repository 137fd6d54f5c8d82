import { sql } from "drizzle-orm";
import { pgSequence, bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, tenants, users } from "./tenancy";

/** A client line's queue; `config` is the routing engine's queue definition (steps, strategy, targets). */
export const queues = pgTable(
  "queues",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    name: text("name").notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("queues_tenant_idx").on(t.tenantId)],
);

/** An agent's routing profile: skills with proficiency and capacity per channel. Center-level. */
export const agentProfiles = pgTable("agent_profiles", {
  userId: uuid("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
  skills: jsonb("skills").$type<Array<{ skill: string; proficiency: number }>>().notNull().default([]),
  capacity: jsonb("capacity").$type<Record<string, number>>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One contact, as the projection of its events: where it is now and how it ended. The events table is the
 * truth; this row exists so screens and reports need not fold events on every read.
 */
export const interactions = pgTable(
  "interactions",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
    queueId: uuid("queue_id").references(() => queues.id),
    channel: text("channel").notNull(),
    /** The caller's or integration's own id, making creation idempotent per client line. */
    externalId: text("external_id"),
    topic: text("topic"),
    priority: integer("priority").notNull().default(0),
    customerRef: text("customer_ref"),
    requiredSkills: jsonb("required_skills").$type<unknown[]>().notNull().default([]),
    status: text("status").notNull(),
    finalState: text("final_state"),
    agentId: uuid("agent_id"),
    wrapUpCode: text("wrap_up_code"),
    arrivedAt: timestamp("arrived_at", { withTimezone: true }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    deadlineAt: timestamp("deadline_at", { withTimezone: true }),
    deadlineBreached: boolean("deadline_breached").notNull().default(false),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the report aggregator added this closed contact to `report_intervals` (exactly once). */
    reportedAt: timestamp("reported_at", { withTimezone: true }),
  },
  (t) => [
    index("interactions_tenant_arrived_idx").on(t.tenantId, t.arrivedAt),
    index("interactions_unreported_idx").on(t.tenantId, t.arrivedAt).where(sql`reported_at is null`),
    index("interactions_status_idx").on(t.status),
    /** A customer's contacts on a line in order: first-contact resolution finds the next one. */
    index("interactions_customer_idx").on(t.tenantId, t.customerRef, t.arrivedAt).where(sql`customer_ref is not null`),
    uniqueIndex("interactions_external_uq").on(t.tenantId, t.externalId),
  ],
);

/** Every state change of every contact and agent, appended: reports, compliance and forecasts read these. */
export const interactionEvents = pgTable(
  "interaction_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The routing command that produced the event, and its place among that command's events. */
    commandSeq: bigint("command_seq", { mode: "number" }).notNull(),
    ordinal: integer("ordinal").notNull(),
    /** Null for center-level events (an agent's state change is not any one client's). */
    tenantId: uuid("tenant_id").references(() => tenants.id),
    interactionId: uuid("interaction_id"),
    agentId: uuid("agent_id"),
    type: text("type").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("interaction_events_command_uq").on(t.commandSeq, t.ordinal),
    index("interaction_events_interaction_idx").on(t.interactionId),
    index("interaction_events_tenant_at_idx").on(t.tenantId, t.at),
    /** An agent's own events in time order: the agent-time aggregator folds them (decision 0016). */
    index("interaction_events_agent_at_idx").on(t.agentId, t.at).where(sql`agent_id is not null`),
  ],
);

/**
 * Numbers events written outside the routing engine (a customer's satisfaction score after the contact):
 * they carry command_seq 0 and the next of these as their ordinal, so (command_seq, ordinal) stays unique.
 */
export const sideEventSeq = pgSequence("interaction_side_event_seq");

/**
 * The routing engine's write-ahead log: every command with the time it was applied. The engine is
 * deterministic, so the latest snapshot plus the commands after it rebuild its exact state after a crash.
 */
export const routingCommands = pgTable(
  "routing_commands",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    tenantId: uuid("tenant_id").references(() => tenants.id),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** Epoch milliseconds as the engine saw it (timestamptz keeps only microseconds, but we need exactness). */
    atMs: bigint("at_ms", { mode: "number" }).notNull(),
    command: jsonb("command").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("routing_commands_org_seq_idx").on(t.organisationId, t.seq)],
);

export const routingSnapshots = pgTable(
  "routing_snapshots",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
    state: jsonb("state").$type<unknown>().notNull(),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("routing_snapshots_org_seq_idx").on(t.organisationId, t.seq)],
);

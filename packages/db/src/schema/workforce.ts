import { boolean, date, index, integer, jsonb, pgTable, real, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./tenancy";

/*
 * Workforce tables are the center's, not any client business's: they carry `organisation_id` and no
 * `tenant_id` on purpose. An agent works for the center and serves several client lines in one shift
 * (agent_tenants), so a shift, a contract or a template belongs to no single client; a schedule
 * covers the staffing needs of every line at once. Putting a tenant_id on them would either split one
 * person's week across clients or let a client's viewers see the staff of a center they only buy from.
 * Row-level security therefore admits the center scope only (like agent_profiles), with one exception:
 * an agent reads their own shifts of a published schedule (the session setting moked.user_id, set by
 * the workforce API's agent scope). Client viewers see none of it.
 */

export interface ShiftBreakDef {
  afterMinutes: number;
  lengthMinutes: number;
}

/** A kind of shift a shift manager may hand out: length, allowed start times, breaks, days and skills. */
export const shiftTemplates = pgTable(
  "shift_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    name: text("name").notNull(),
    lengthMinutes: integer("length_minutes").notNull(),
    /** Local minutes of the day; starts are tried on the interval grid, stepped by `startStepMinutes`. */
    earliestStartMinute: integer("earliest_start_minute").notNull(),
    latestStartMinute: integer("latest_start_minute").notNull(),
    startStepMinutes: integer("start_step_minutes").notNull().default(30),
    breaks: jsonb("breaks").$type<ShiftBreakDef[]>().notNull().default([]),
    /** Weekdays (0 = Sunday) on which the shift may start; empty = every day. */
    days: integer("days").array().notNull().default([]),
    /** Skills an agent needs for it (e.g. lang:ru). */
    skills: text("skills").array().notNull().default([]),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("shift_templates_org_idx").on(t.organisationId)],
);

/** A weekly window in which an agent can work (local minutes; `toMinute` may pass midnight). */
export interface WeeklyAvailability {
  weekday: number;
  fromMinute: number;
  toMinute: number;
}

/** An agent's contract and wishes. Skills and languages are the agent's own (users, agent_profiles). */
export const agentWorkRules = pgTable("agent_work_rules", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
  contractMinutesPerWeek: integer("contract_minutes_per_week").notNull().default(2520),
  maxMinutesPerWeek: integer("max_minutes_per_week"),
  /** Empty = available at any time. */
  availability: jsonb("availability").$type<WeeklyAvailability[]>().notNull().default([]),
  preferences: jsonb("preferences").$type<{ templateIds?: string[]; avoidWeekdays?: number[] }>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export interface ScheduleStats {
  under: number;
  over: number;
  objective: number;
  lpBound: number;
  gap: number;
  mipGap: number;
  solverStatus: string;
  solveMs: number;
  unassigned: number;
  /** Per-skill schedules: agent-intervals short and over for each skill, as planned. */
  bySkill?: Array<{ skill: string; under: number; over: number }>;
}

/** One week's plan: the requirement it was built for, its coverage, and whether agents can see it. */
export const schedules = pgTable(
  "schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    /** The local Sunday the week starts on, in `timeZone`. */
    weekStart: date("week_start", { mode: "string" }).notNull(),
    timeZone: text("time_zone").notNull(),
    intervalMinutes: integer("interval_minutes").notNull(),
    /** draft → published → superseded (when another schedule of the week is published). */
    status: text("status").notNull().default("draft"),
    /** Agents required per interval of the week (the optimiser's input), and where it came from. */
    required: real("required").array().notNull(),
    /** Per-skill schedules: agents required per interval for each skill (`lang:ru` → values); empty otherwise. */
    requiredBySkill: jsonb("required_by_skill").$type<Record<string, number[]>>().notNull().default({}),
    source: jsonb("source").$type<Record<string, unknown>>().notNull().default({}),
    stats: jsonb("stats").$type<ScheduleStats>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [index("schedules_org_week_idx").on(t.organisationId, t.weekStart)],
);

/** One agent's shift in a schedule; `agentId` null is a shift no one could legally take. */
export const scheduleShifts = pgTable(
  "schedule_shifts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scheduleId: uuid("schedule_id")
      .notNull()
      .references(() => schedules.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    agentId: uuid("agent_id").references(() => users.id, { onDelete: "set null" }),
    templateId: uuid("template_id").references(() => shiftTemplates.id, { onDelete: "set null" }),
    templateName: text("template_name").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    breaks: jsonb("breaks").$type<Array<{ startsAt: string; endsAt: string }>>().notNull().default([]),
  },
  (t) => [index("schedule_shifts_schedule_idx").on(t.scheduleId), index("schedule_shifts_agent_idx").on(t.agentId, t.startsAt)],
);

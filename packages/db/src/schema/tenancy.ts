import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** The center itself. One deployment usually runs one organisation; the column keeps the door open. */
export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("Asia/Jerusalem"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Weekly opening hours in the client's local time, plus Shabbat/holiday closing and explicit exceptions. */
export interface BusinessHoursCalendar {
  alwaysOpen: boolean;
  /** 0 = Sunday … 6 = Saturday; each an ordered list of ["HH:MM", "HH:MM"] local ranges. */
  weekly: Record<string, Array<[string, string]>>;
  closedOnShabbatAndHolidays: boolean;
  /** "YYYY-MM-DD" → closed (empty list) or special ranges for that local date. */
  exceptions: Record<string, Array<[string, string]>>;
}

/** A client business (tenant): an organisation whose line the center answers. */
export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    industry: text("industry").notNull().default("other"),
    timeZone: text("time_zone").notNull().default("Asia/Jerusalem"),
    languages: text("languages").array().notNull().default(sql`'{he}'::text[]`),
    contactEmails: text("contact_emails").array().notNull().default(sql`'{}'::text[]`),
    calendar: jsonb("calendar").$type<BusinessHoursCalendar>().notNull(),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tenants_org_slug_uq").on(t.organisationId, t.slug)],
);

export const teams = pgTable("teams", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
  name: text("name").notNull(),
  leaderId: uuid("leader_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const ROLES = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ["he", "en", "ar", "ru"] as const;
export type Locale = (typeof LOCALES)[number];

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    /** Set only for client_viewer: the one client business this user belongs to. */
    tenantId: uuid("tenant_id").references(() => tenants.id),
    teamId: uuid("team_id").references(() => teams.id),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    locale: text("locale").$type<Locale>().notNull().default("he"),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_uq").on(sql`lower(${t.email})`), index("users_tenant_idx").on(t.tenantId)],
);

/** Which agents serve which client lines (an agent may serve many). */
export const agentTenants = pgTable(
  "agent_tenants",
  {
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId] }), index("agent_tenants_tenant_idx").on(t.tenantId)],
);

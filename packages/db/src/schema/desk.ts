import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenancy";

/**
 * A client line's script and knowledge for its agents: the greeting, procedures, FAQ answers (branch hours,
 * tow service) and the line's wrap-up codes. Written by the center manager, read on the agent desktop.
 */
export const lineKnowledge = pgTable(
  "line_knowledge",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** greeting | procedure | faq | wrap_up_code */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    position: integer("position").notNull().default(0),
    updatedBy: uuid("updated_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("line_knowledge_tenant_idx").on(t.tenantId, t.kind, t.position)],
);

/** An agent bringing in someone senior on a contact: raised, taken by a team leader, closed. */
export const escalations = pgTable(
  "escalations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    interactionId: uuid("interaction_id").notNull(),
    raisedBy: uuid("raised_by").notNull(),
    message: text("message").notNull().default(""),
    /** open | taken | closed */
    status: text("status").notNull().default("open"),
    takenBy: uuid("taken_by"),
    takenAt: timestamp("taken_at", { withTimezone: true }),
    closedBy: uuid("closed_by"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    resolution: text("resolution"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("escalations_tenant_status_idx").on(t.tenantId, t.status), index("escalations_interaction_idx").on(t.interactionId)],
);

import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./columns";
import { tenants } from "./tenancy";

/** A client line's phone menu: languages, regions, the call-back option, recording. See apps/server/src/voice. */
export const voiceLines = pgTable("voice_lines", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  config: jsonb("config").$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A call's recording: a two-channel WAV (caller left, agent right) under the data directory. */
export const callRecordings = pgTable(
  "call_recordings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    interactionId: uuid("interaction_id").notNull(),
    /** The agent on the call when it was recorded (null when none answered). */
    agentId: uuid("agent_id"),
    /** `inbound` (a caller rang the line) or `outbound` (an agent called the customer back). */
    direction: text("direction").notNull().default("inbound"),
    /** Relative to the data directory. */
    file: text("file").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    durationMs: integer("duration_ms").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("call_recordings_tenant_idx").on(t.tenantId),
    index("call_recordings_interaction_idx").on(t.interactionId),
    /** The recordings search and the retention purge read a line's recordings by time. */
    index("call_recordings_tenant_started_idx").on(t.tenantId, t.startedAt),
  ],
);

/**
 * A line's recorded prompt (greeting, menu, announcement, hold music): the upload converted to G.711 μ-law
 * at 8 kHz, as callers hear it, kept in the database beside the line's other settings.
 */
export const voicePrompts = pgTable(
  "voice_prompts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    /** What was uploaded: wav, mp3 or ogg. */
    format: text("format").notNull(),
    durationMs: integer("duration_ms").notNull(),
    /** G.711 μ-law, 8,000 samples a second, one byte each. */
    audio: bytea("audio").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("voice_prompts_tenant_idx").on(t.tenantId)],
);

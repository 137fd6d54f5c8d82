import { and, eq, inArray } from "drizzle-orm";
import { promptIdsOf, VoiceLineConfig } from "@moked/contracts";
import { queues, tenants, voiceLines, voicePrompts, type Db } from "@moked/db";
import { toE164 } from "../channels/customers";
import { AppError } from "../core/errors";
import { decode } from "./media/g711";

export interface VoiceLine {
  tenantId: string;
  slug: string;
  config: VoiceLineConfig;
}

/** Settings saved before menus had keys listed languages as plain codes: read them as entries in order. */
export function legacyConfig(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return {};
  const config = raw as Record<string, unknown>;
  if (!Array.isArray(config.languages)) return config;
  return { ...config, languages: config.languages.map((l: unknown) => (typeof l === "string" ? { language: l } : l)) };
}

/** A line's phone menu: its saved settings, or the defaults (its own languages, no region menu). */
export async function loadLineConfig(db: Db, tenantId: string): Promise<VoiceLineConfig | null> {
  const [tenant] = await db.select({ languages: tenants.languages }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) return null;
  const [row] = await db.select().from(voiceLines).where(eq(voiceLines.tenantId, tenantId));
  const config = VoiceLineConfig.parse(legacyConfig(row?.config));
  return { ...config, languages: config.languages.length ? config.languages : tenant.languages.slice(0, 9).map((language) => ({ language })) };
}

/**
 * What a menu may name must exist on the line (4xx with a code otherwise): languages the line serves, one of
 * its own queues, prompts uploaded for it. `db` is the request's scoped transaction.
 */
export async function checkLineReferences(db: Db, tenantId: string, config: VoiceLineConfig): Promise<void> {
  const [tenant] = await db.select({ languages: tenants.languages }).from(tenants).where(eq(tenants.id, tenantId));
  const served = new Set(tenant?.languages ?? []);
  const unknown = config.languages.find((l) => !served.has(l.language));
  if (unknown) throw new AppError("unknown_language", 400, `The line does not serve ${unknown.language} (it serves ${[...served].join(", ")})`, { path: "body.languages", language: unknown.language });
  if (config.queueId) {
    const [queue] = await db.select({ id: queues.id }).from(queues).where(and(eq(queues.id, config.queueId), eq(queues.tenantId, tenantId)));
    if (!queue) throw new AppError("unknown_queue", 400, "That queue is not one of this line's", { path: "body.queueId" });
  }
  const ids = promptIdsOf(config);
  if (ids.length) {
    const found = new Set((await db.select({ id: voicePrompts.id }).from(voicePrompts).where(and(inArray(voicePrompts.id, ids), eq(voicePrompts.tenantId, tenantId)))).map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw new AppError("unknown_prompt", 400, "A chosen prompt is not one of this line's recordings", { path: "body.prompts", promptId: missing });
  }
}

/** The recordings a line's menu plays, decoded for the player (a few seconds to minutes of audio each). */
export async function loadPromptAudio(db: Db, tenantId: string, config: VoiceLineConfig): Promise<Map<string, Int16Array>> {
  const ids = promptIdsOf(config);
  if (!ids.length) return new Map();
  const rows = await db.select({ id: voicePrompts.id, audio: voicePrompts.audio }).from(voicePrompts).where(and(inArray(voicePrompts.id, ids), eq(voicePrompts.tenantId, tenantId)));
  return new Map(rows.map((r) => [r.id, decode("PCMU", r.audio)]));
}

/** Dialled numbers compare in E.164 when they are phone numbers ("03-555-1234" is "+97235551234"), else by their characters. */
export function normaliseNumber(raw: string): string {
  const plain = raw.replace(/[^\d+*#]/g, "");
  return toE164(plain) ?? plain;
}

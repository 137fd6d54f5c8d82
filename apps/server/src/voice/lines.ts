import { eq } from "drizzle-orm";
import { VoiceLineConfig } from "@moked/contracts";
import { tenants, voiceLines, type Db } from "@moked/db";
import { toE164 } from "../channels/customers";

export interface VoiceLine {
  tenantId: string;
  slug: string;
  config: VoiceLineConfig;
}

/** A line's phone menu: its saved settings, or the defaults (its own languages, no region menu). */
export async function loadLineConfig(db: Db, tenantId: string): Promise<VoiceLineConfig | null> {
  const [tenant] = await db.select({ languages: tenants.languages }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) return null;
  const [row] = await db.select().from(voiceLines).where(eq(voiceLines.tenantId, tenantId));
  const config = VoiceLineConfig.parse(row?.config ?? {});
  return { ...config, languages: config.languages.length ? config.languages : tenant.languages };
}

/** Dialled numbers compare in E.164 when they are phone numbers ("03-555-1234" is "+97235551234"), else by their characters. */
export function normaliseNumber(raw: string): string {
  const plain = raw.replace(/[^\d+*#]/g, "");
  return toE164(plain) ?? plain;
}

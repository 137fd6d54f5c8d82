import { and, asc, eq } from "drizzle-orm";
import type { ShiftTemplate, ShiftTemplateInput, WorkRulesInput } from "@moked/contracts";
import { agentWorkRules, shiftTemplates, users, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import type { Principal } from "../auth/context";
import { notFound } from "../core/errors";
import { loadAgents } from "./schedules";

type Row = typeof shiftTemplates.$inferSelect;
const toTemplate = (r: Row): ShiftTemplate => ({
  id: r.id,
  name: r.name,
  lengthMinutes: r.lengthMinutes,
  earliestStartMinute: r.earliestStartMinute,
  latestStartMinute: r.latestStartMinute,
  startStepMinutes: r.startStepMinutes,
  breaks: r.breaks,
  days: r.days,
  skills: r.skills,
  active: r.active,
});

export async function listTemplates(db: Db, p: Principal): Promise<ShiftTemplate[]> {
  const rows = await withTenantScope(db, p.scope, (tx) => tx.select().from(shiftTemplates).where(eq(shiftTemplates.organisationId, p.user.organisationId)).orderBy(asc(shiftTemplates.earliestStartMinute), asc(shiftTemplates.name)));
  return rows.map(toTemplate);
}

/** Creates (no id) or replaces a template, with its audit record in the same transaction. */
export async function saveTemplate(db: Db, p: Principal, input: ShiftTemplateInput, id?: string): Promise<ShiftTemplate> {
  return withTenantScope(db, p.scope, async (tx) => {
    const values = { ...input, organisationId: p.user.organisationId };
    const [row] = id
      ? await tx
          .update(shiftTemplates)
          .set({ ...values, updatedAt: new Date() })
          .where(and(eq(shiftTemplates.id, id), eq(shiftTemplates.organisationId, p.user.organisationId)))
          .returning()
      : await tx.insert(shiftTemplates).values(values).returning();
    if (!row) throw notFound("shift template");
    await recordAudit(tx, p, { action: id ? "shift_template.updated" : "shift_template.created", entity: "shift_template", entityId: row.id, tenantId: null, details: { name: row.name } });
    return toTemplate(row);
  });
}

export async function listWorkRules(db: Db, p: Principal) {
  return withTenantScope(db, p.scope, (tx) => loadAgents(tx, p.user.organisationId));
}

export async function saveWorkRules(db: Db, p: Principal, userId: string, input: WorkRulesInput) {
  return withTenantScope(db, p.scope, async (tx) => {
    const [agent] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.organisationId, p.user.organisationId), eq(users.role, "agent")));
    if (!agent) throw notFound("agent");
    const values = { ...input, preferences: input.preferences ?? {}, updatedAt: new Date() };
    await tx
      .insert(agentWorkRules)
      .values({ userId, organisationId: p.user.organisationId, ...values })
      .onConflictDoUpdate({ target: agentWorkRules.userId, set: values });
    await recordAudit(tx, p, { action: "work_rules.updated", entity: "user", entityId: userId, tenantId: null, details: { contractMinutesPerWeek: input.contractMinutesPerWeek } });
    const all = await loadAgents(tx, p.user.organisationId);
    return all.find((a) => a.userId === userId)!;
  });
}

/** Example templates for the demo center: two day shifts, an evening and a short Friday shift. */
export async function seedDemoTemplates(tx: Db, organisationId: string): Promise<void> {
  const lunch = [{ afterMinutes: 240, lengthMinutes: 30 }];
  await tx.insert(shiftTemplates).values([
    { organisationId, name: "בוקר", lengthMinutes: 480, earliestStartMinute: 420, latestStartMinute: 600, breaks: lunch, days: [0, 1, 2, 3, 4] },
    { organisationId, name: "ערב", lengthMinutes: 480, earliestStartMinute: 720, latestStartMinute: 840, breaks: lunch, days: [0, 1, 2, 3, 4] },
    { organisationId, name: "חלקית", lengthMinutes: 300, earliestStartMinute: 480, latestStartMinute: 1020, days: [0, 1, 2, 3, 4, 5, 6] },
    { organisationId, name: "שישי", lengthMinutes: 360, earliestStartMinute: 420, latestStartMinute: 540, days: [5] },
  ]);
}

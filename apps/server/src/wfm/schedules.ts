import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { BuildScheduleRequest as BuildSchema, ScheduleDetail, ScheduledShift, ScheduleSummary } from "@moked/contracts";
import { agentProfiles, agentWorkRules, organisations, scheduleShifts, schedules, shiftTemplates, tenants, users, withTenantScope, type Db, type ScheduleStats } from "@moked/db";
import { requiredAgentsPerInterval, skillGroups, splitHeads, type Agent, type ShiftTemplate as PlanTemplate } from "@moked/wfm";
import type { z } from "zod";
import { recordAudit } from "../audit/record";
import type { Principal } from "../auth/context";
import { AppError, badRequest, conflict, notFound } from "../core/errors";
import { forecastLine } from "./forecast";
import { runInWorker } from "./run-in-worker";
import { assertWeekStart, MINUTES_PER_WEEK, weekInstant, weekIntervals } from "./week";

type BuildInput = z.output<typeof BuildSchema>;
type TemplateRow = typeof shiftTemplates.$inferSelect;
type ScheduleRow = typeof schedules.$inferSelect;
type ShiftRow = typeof scheduleShifts.$inferSelect;

/** An agent's skills as shifts check them: the routing profile's skills and one `lang:xx` per language. */
export function agentSkills(languages: readonly string[], profile: ReadonlyArray<{ skill: string }> | undefined): string[] {
  return [...new Set([...(profile ?? []).map((s) => s.skill), ...languages.map((l) => `lang:${l}`)])].sort();
}

/** Every active agent of the organisation with skills and work rules (defaults when none are stored). */
export async function loadAgents(tx: Db, organisationId: string) {
  const rows = await tx
    .select({ user: users, profile: agentProfiles.skills, rules: agentWorkRules })
    .from(users)
    .leftJoin(agentProfiles, eq(agentProfiles.userId, users.id))
    .leftJoin(agentWorkRules, eq(agentWorkRules.userId, users.id))
    .where(and(eq(users.organisationId, organisationId), eq(users.role, "agent"), eq(users.active, true)))
    .orderBy(asc(users.name));
  return rows.map((r) => ({
    userId: r.user.id,
    name: r.user.name,
    email: r.user.email,
    skills: agentSkills(r.user.languages, r.profile ?? undefined),
    rules: {
      contractMinutesPerWeek: r.rules?.contractMinutesPerWeek ?? 2520,
      maxMinutesPerWeek: r.rules?.maxMinutesPerWeek ?? null,
      availability: r.rules?.availability ?? [],
      preferences: r.rules?.preferences ?? {},
    },
  }));
}
type LoadedAgent = Awaited<ReturnType<typeof loadAgents>>[number];

function toPlanAgent(a: LoadedAgent): Agent {
  const agent: Agent = { id: a.userId, skills: a.skills, contractMinutesPerWeek: a.rules.contractMinutesPerWeek };
  if (a.rules.maxMinutesPerWeek !== null) agent.maxMinutesPerWeek = a.rules.maxMinutesPerWeek;
  // Day d of the week is weekday d: the week starts on Sunday.
  if (a.rules.availability.length > 0) agent.availability = a.rules.availability.map((w) => ({ day: w.weekday, fromMinute: w.fromMinute, toMinute: w.toMinute }));
  const prefs = a.rules.preferences;
  if (prefs.templateIds || prefs.avoidWeekdays) agent.preferences = { ...(prefs.templateIds ? { templateIds: prefs.templateIds } : {}), ...(prefs.avoidWeekdays ? { avoidDays: prefs.avoidWeekdays } : {}) };
  return agent;
}

function toPlanTemplate(t: TemplateRow): PlanTemplate {
  const out: PlanTemplate = {
    id: t.id,
    lengthMinutes: t.lengthMinutes,
    startWindow: { earliestMinute: t.earliestStartMinute, latestMinute: t.latestStartMinute },
    startStepMinutes: t.startStepMinutes,
    breaks: t.breaks,
  };
  if (t.days.length > 0) out.days = t.days;
  if (t.skills.length > 0) out.skills = t.skills;
  return out;
}

interface Requirement {
  required: number[];
  /** Per-skill plans: agents required per interval for each skill. */
  bySkill?: Record<string, number[]>;
  source: Record<string, unknown>;
}

/**
 * Agents required per interval of the week: as given (in total or per skill), or the listed lines'
 * forecasts staffed by Erlang C and summed — per language when asked, each language its own queue.
 */
async function requirement(db: Db, p: Principal, body: BuildInput, intervals: number[]): Promise<Requirement> {
  const n = MINUTES_PER_WEEK / body.intervalMinutes;
  const checkLength = (values: number[]) => {
    if (values.length !== n) throw badRequest("requirement_length", `A week of ${body.intervalMinutes}-minute intervals has ${n} values; got ${values.length}`);
  };
  if (body.required) {
    checkLength(body.required);
    return { required: body.required, source: { kind: "manual" } };
  }
  if (body.requiredBySkill) {
    Object.values(body.requiredBySkill).forEach(checkLength);
    return { required: sumBySkill(body.requiredBySkill, n), bySkill: body.requiredBySkill, source: { kind: "manual", perSkill: true } };
  }
  const f = body.forecast!;
  const step = body.intervalMinutes * 60_000;
  const now = Date.now();
  const weekEnd = intervals[n - 1]! + step;
  if (weekEnd <= now) throw badRequest("week_in_past", "A forecast looks forward; this week is over");
  const horizon = Math.ceil((weekEnd - Math.floor(now / step) * step) / step);
  if (horizon > (6 * MINUTES_PER_WEEK) / body.intervalMinutes) throw badRequest("week_too_far", "A forecast reaches at most six weeks ahead");
  const adjustments = f.adjustments?.map((a) => ({ from: Date.parse(a.from), to: Date.parse(a.to), factor: a.factor }));
  /** Scheduled agents per interval for one line's (or one language's) forecast, staffed as one Erlang C queue. */
  const staffed = async (tenantId: string, language?: { code: string; orUnmarked: boolean }) => {
    const { points } = await forecastLine(db, p.scope, tenantId, { weeks: f.weeks, intervalMinutes: body.intervalMinutes, horizon, now, adjustments, language, ...(language ? { minContacts: 1 } : {}) });
    const byStart = new Map(points.map((pt) => [pt.start, pt]));
    // The line's own handling time at that point of the week where its history has one.
    return requiredAgentsPerInterval(
      intervals.map((t) => ({ volume: Math.max(0, byStart.get(t)?.count ?? 0), ahtSeconds: byStart.get(t)?.handleSeconds || f.target.ahtSeconds })),
      { serviceLevel: f.target.serviceLevel, shrinkage: f.target.shrinkage, intervalMinutes: body.intervalMinutes },
    ).map((s) => s.scheduled);
  };
  const source = { kind: "forecast", tenantIds: f.tenantIds, weeks: f.weeks, target: f.target, perLanguage: f.perLanguage };
  if (!f.perLanguage) {
    const required = new Array<number>(n).fill(0);
    for (const tenantId of f.tenantIds) (await staffed(tenantId)).forEach((v, i) => (required[i]! += v));
    return { required, source };
  }
  // Per language: a language with too few contacts of its own to forecast is left out and named in the
  // source; a line with none of its languages forecastable has too little history.
  const bySkill: Record<string, number[]> = {};
  const skipped: Array<{ tenantId: string; language: string }> = [];
  for (const tenantId of f.tenantIds) {
    const [line] = await withTenantScope(db, p.scope, (tx) => tx.select({ languages: tenants.languages }).from(tenants).where(eq(tenants.id, tenantId)));
    if (!line) throw notFound("client line");
    const languages = line.languages.length > 0 ? line.languages : ["he"];
    for (const [k, code] of languages.entries()) {
      const values = await staffed(tenantId, { code, orUnmarked: k === 0 }).catch((err: unknown) => {
        if (err instanceof AppError && err.code === "not_enough_history") return undefined;
        throw err;
      });
      if (!values) {
        skipped.push({ tenantId, language: code });
        continue;
      }
      const into = (bySkill[`lang:${code}`] ??= new Array<number>(n).fill(0));
      values.forEach((v, i) => (into[i]! += v));
    }
    if (skipped.filter((x) => x.tenantId === tenantId).length === languages.length) {
      throw badRequest("not_enough_history", "No language of this line has contacts enough to forecast", { tenantId });
    }
  }
  return { required: sumBySkill(bySkill, n), bySkill, source: { ...source, skipped } };
}

function sumBySkill(bySkill: Record<string, number[]>, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const values of Object.values(bySkill)) values.forEach((v, i) => (out[i]! += v));
  return out;
}

/** Builds a week's schedule (HiGHS shift starts, then named agents under the labour rules) and stores it as a draft. */
export async function buildSchedule(db: Db, p: Principal, body: BuildInput): Promise<ScheduleDetail> {
  assertWeekStart(body.weekStart);
  const orgId = p.user.organisationId;
  const [org] = await db.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, orgId));
  const timeZone = org!.timeZone;
  const intervals = weekIntervals(body.weekStart, body.intervalMinutes, timeZone);
  const { required, bySkill, source } = await requirement(db, p, body, intervals);

  const { templates, agents } = await withTenantScope(db, p.scope, async (tx) => ({
    templates: await tx
      .select()
      .from(shiftTemplates)
      .where(and(eq(shiftTemplates.organisationId, orgId), eq(shiftTemplates.active, true), body.templateIds ? inArray(shiftTemplates.id, body.templateIds) : undefined)),
    agents: await loadAgents(tx, orgId),
  }));
  if (templates.length === 0) throw badRequest("no_shift_templates", "Create at least one active shift template first");
  if (agents.length === 0) throw badRequest("no_agents", "There are no active agents to schedule");

  const planAgents = agents.map(toPlanAgent);
  const planTemplates = templates.map(toPlanTemplate);
  // Per skill, agents holding the same required (and template) skills form one group for the optimiser.
  const relevant = bySkill ? [...new Set([...Object.keys(bySkill), ...planTemplates.flatMap((t) => t.skills ?? [])])] : [];
  const { plan, assignment } = await runInWorker(
    {
      kind: "schedule",
      optimise: {
        intervalMinutes: body.intervalMinutes,
        requirements: required.map((r, i) => ({ start: i * body.intervalMinutes, required: r, ...(bySkill ? { bySkill: Object.fromEntries(Object.entries(bySkill).map(([s, v]) => [s, v[i]!])) } : {}) })),
        templates: planTemplates,
        ...(bySkill ? { skillGroups: skillGroups(planAgents, relevant) } : {}),
        options: { timeLimitSeconds: body.timeLimitSeconds, maxAgents: agents.length, firstWeekday: 0 },
      },
      agents: planAgents,
    },
    body.timeLimitSeconds * 1000 + 60_000,
    new AppError("schedule_too_long", 400, "Building this schedule took too long; use fewer templates or a shorter time limit"),
  );

  const byId = new Map(templates.map((t) => [t.id, t]));
  const stats: ScheduleStats = {
    under: plan.under,
    over: plan.over,
    objective: plan.objective,
    lpBound: plan.lpBound,
    gap: plan.gap,
    mipGap: plan.mipGap,
    solverStatus: plan.status,
    solveMs: Math.round(plan.solveMs),
    unassigned: assignment.unassigned.length,
    ...(plan.bySkill ? { bySkill: plan.bySkill.map((s) => ({ skill: s.skill, under: s.under, over: s.over })) } : {}),
  };
  const shiftRow = (s: { templateId: string; day: number; startMinute: number; lengthMinutes: number }, agentId: string | null) => {
    const t = byId.get(s.templateId)!;
    const startsAt = weekInstant(body.weekStart, s.day * 1440 + s.startMinute, timeZone);
    return {
      organisationId: orgId,
      agentId,
      templateId: t.id,
      templateName: t.name,
      startsAt: new Date(startsAt),
      endsAt: new Date(startsAt + s.lengthMinutes * 60_000),
      breaks: t.breaks.map((b) => ({ startsAt: new Date(startsAt + b.afterMinutes * 60_000).toISOString(), endsAt: new Date(startsAt + (b.afterMinutes + b.lengthMinutes) * 60_000).toISOString() })),
    };
  };
  const id = await withTenantScope(db, p.scope, async (tx) => {
    const [row] = await tx
      .insert(schedules)
      .values({ organisationId: orgId, weekStart: body.weekStart, timeZone, intervalMinutes: body.intervalMinutes, required, requiredBySkill: bySkill ?? {}, source, stats, createdBy: p.user.id })
      .returning({ id: schedules.id });
    const rows = [...assignment.shifts.map((s) => shiftRow(s, s.agentId)), ...assignment.unassigned.map((s) => shiftRow(s, null))].map((r) => ({ ...r, scheduleId: row!.id }));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(scheduleShifts).values(rows.slice(i, i + 500));
    await recordAudit(tx, p, { action: "schedule.built", entity: "schedule", entityId: row!.id, tenantId: null, details: { weekStart: body.weekStart, shifts: rows.length, under: stats.under, over: stats.over } });
    return row!.id;
  });
  return getSchedule(db, p, id);
}

function summary(row: ScheduleRow, shiftCount: number): ScheduleSummary {
  return {
    id: row.id,
    weekStart: row.weekStart,
    timeZone: row.timeZone,
    intervalMinutes: row.intervalMinutes,
    status: row.status as ScheduleSummary["status"],
    stats: row.stats,
    shiftCount,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

export function toShift(s: ShiftRow, agentName: string | null): ScheduledShift {
  return { id: s.id, agentId: s.agentId, agentName, templateName: s.templateName, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), breaks: s.breaks };
}

/** Agents on the phones (on shift, not on a break) through each whole interval. */
export function scheduledPerInterval(intervals: readonly number[], intervalMs: number, shifts: ReadonlyArray<{ startsAt: Date; endsAt: Date; breaks: Array<{ startsAt: string; endsAt: string }> }>): number[] {
  const out = new Array<number>(intervals.length).fill(0);
  for (const s of shifts) {
    const from = s.startsAt.getTime();
    const to = s.endsAt.getTime();
    const breaks = s.breaks.map((b) => [Date.parse(b.startsAt), Date.parse(b.endsAt)] as const);
    intervals.forEach((t, i) => {
      if (t < from || t + intervalMs > to) return;
      if (breaks.some(([a, b]) => t < b && t + intervalMs > a)) return;
      out[i]!++;
    });
  }
  return out;
}

/**
 * Each skill's required agents and the named agents working it per interval: the agents on the phones,
 * grouped by the required skills they hold, split over the skills by a maximum flow (as the optimiser
 * counts them), so a bilingual agent is counted once.
 */
async function coverageBySkill(tx: Db, row: ScheduleRow, intervals: readonly number[], shifts: readonly ShiftRow[]) {
  const skills = Object.keys(row.requiredBySkill);
  const ids = [...new Set(shifts.map((s) => s.agentId!))];
  const people = ids.length > 0 ? await tx.select({ id: users.id, languages: users.languages, profile: agentProfiles.skills }).from(users).leftJoin(agentProfiles, eq(agentProfiles.userId, users.id)).where(inArray(users.id, ids)) : [];
  const holdsOf = new Map(people.map((u) => [u.id, agentSkills(u.languages, u.profile ?? undefined).flatMap((sk) => (skills.includes(sk) ? [skills.indexOf(sk)] : []))]));
  const groupKeys = [...new Set([...holdsOf.values()].map((h) => h.join(",")))];
  const holds = groupKeys.map((k) => (k === "" ? [] : k.split(",").map(Number)));
  const heads = intervals.map(() => new Array<number>(groupKeys.length).fill(0));
  for (const s of shifts) {
    const g = groupKeys.indexOf(holdsOf.get(s.agentId!)?.join(",") ?? "");
    if (g < 0) continue;
    scheduledPerInterval(intervals, row.intervalMinutes * 60_000, [s]).forEach((on, i) => (heads[i]![g]! += on));
  }
  const splits = intervals.map((_, i) => splitHeads(holds, heads[i]!, skills.map((sk) => row.requiredBySkill[sk]![i] ?? 0)));
  return skills.map((skill, j) => ({ skill, required: row.requiredBySkill[skill]!, scheduled: splits.map((sp) => sp.scheduled[j]!) }));
}

export async function listSchedules(db: Db, p: Principal, weekStart?: string): Promise<ScheduleSummary[]> {
  return withTenantScope(db, p.scope, async (tx) => {
    const rows = await tx
      .select({ schedule: schedules, shifts: sql<number>`(select count(*)::int from schedule_shifts s where s.schedule_id = "schedules"."id")` })
      .from(schedules)
      .where(and(eq(schedules.organisationId, p.user.organisationId), weekStart ? eq(schedules.weekStart, weekStart) : undefined))
      .orderBy(desc(schedules.weekStart), desc(schedules.createdAt))
      .limit(100);
    return rows.map((r) => summary(r.schedule, Number(r.shifts)));
  });
}

export async function getSchedule(db: Db, p: Principal, id: string): Promise<ScheduleDetail> {
  return withTenantScope(db, p.scope, async (tx) => {
    const [row] = await tx.select().from(schedules).where(and(eq(schedules.id, id), eq(schedules.organisationId, p.user.organisationId)));
    if (!row) throw notFound("schedule");
    const shifts = await tx
      .select({ shift: scheduleShifts, agentName: users.name })
      .from(scheduleShifts)
      .leftJoin(users, eq(users.id, scheduleShifts.agentId))
      .where(eq(scheduleShifts.scheduleId, id))
      .orderBy(asc(scheduleShifts.startsAt), asc(users.name));
    const intervals = weekIntervals(row.weekStart, row.intervalMinutes, row.timeZone);
    const named = shifts.filter((s) => s.shift.agentId);
    const scheduled = scheduledPerInterval(intervals, row.intervalMinutes * 60_000, named.map((s) => s.shift));
    const skills = Object.keys(row.requiredBySkill);
    return {
      ...summary(row, shifts.length),
      intervals: intervals.map((t, i) => ({ start: new Date(t).toISOString(), required: row.required[i] ?? 0, scheduled: scheduled[i]! })),
      skills: skills.length > 0 ? await coverageBySkill(tx, row, intervals, named.map((s) => s.shift)) : [],
      shifts: shifts.map((s) => toShift(s.shift, s.agentName)),
    };
  });
}

/** Makes a draft the week's schedule agents see; a schedule published earlier for the week is superseded. */
export async function publishSchedule(db: Db, p: Principal, id: string): Promise<ScheduleSummary> {
  return withTenantScope(db, p.scope, async (tx) => {
    const [row] = await tx
      .select()
      .from(schedules)
      .where(and(eq(schedules.id, id), eq(schedules.organisationId, p.user.organisationId)))
      .for("update");
    if (!row) throw notFound("schedule");
    if (row.status !== "draft") throw conflict("schedule_not_draft", `This schedule is ${row.status}; only a draft can be published`);
    await tx
      .update(schedules)
      .set({ status: "superseded" })
      .where(and(eq(schedules.organisationId, row.organisationId), eq(schedules.weekStart, row.weekStart), eq(schedules.status, "published"), ne(schedules.id, id)));
    const [published] = await tx.update(schedules).set({ status: "published", publishedAt: new Date(), publishedBy: p.user.id }).where(eq(schedules.id, id)).returning();
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(scheduleShifts).where(eq(scheduleShifts.scheduleId, id));
    await recordAudit(tx, p, { action: "schedule.published", entity: "schedule", entityId: id, tenantId: null, details: { weekStart: row.weekStart, shifts: Number(count!.n) } });
    return summary(published!, Number(count!.n));
  });
}

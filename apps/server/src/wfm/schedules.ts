import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { BuildScheduleRequest as BuildSchema, ScheduleDetail, ScheduledShift, ScheduleSummary } from "@moked/contracts";
import { agentProfiles, agentWorkRules, organisations, scheduleShifts, schedules, shiftTemplates, users, withTenantScope, type Db, type ScheduleStats } from "@moked/db";
import { requiredAgentsPerInterval, type Agent, type ShiftTemplate as PlanTemplate } from "@moked/wfm";
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

/** Agents required per interval of the week: as given, or the listed lines' forecasts staffed by Erlang C and summed. */
async function requirement(db: Db, p: Principal, body: BuildInput, intervals: number[]): Promise<{ required: number[]; source: Record<string, unknown> }> {
  const n = MINUTES_PER_WEEK / body.intervalMinutes;
  if (body.required) {
    if (body.required.length !== n) throw badRequest("requirement_length", `A week of ${body.intervalMinutes}-minute intervals has ${n} values; got ${body.required.length}`);
    return { required: body.required, source: { kind: "manual" } };
  }
  const f = body.forecast!;
  const step = body.intervalMinutes * 60_000;
  const now = Date.now();
  const weekEnd = intervals[n - 1]! + step;
  if (weekEnd <= now) throw badRequest("week_in_past", "A forecast looks forward; this week is over");
  const horizon = Math.ceil((weekEnd - Math.floor(now / step) * step) / step);
  if (horizon > (6 * MINUTES_PER_WEEK) / body.intervalMinutes) throw badRequest("week_too_far", "A forecast reaches at most six weeks ahead");
  const required = new Array<number>(n).fill(0);
  for (const tenantId of f.tenantIds) {
    const adjustments = f.adjustments?.map((a) => ({ from: Date.parse(a.from), to: Date.parse(a.to), factor: a.factor }));
    const { points } = await forecastLine(db, p.scope, tenantId, { weeks: f.weeks, intervalMinutes: body.intervalMinutes, horizon, now, adjustments });
    const byStart = new Map(points.map((pt) => [pt.start, pt]));
    // The line's own handling time at that point of the week where its history has one.
    const staffing = requiredAgentsPerInterval(
      intervals.map((t) => ({ volume: Math.max(0, byStart.get(t)?.count ?? 0), ahtSeconds: byStart.get(t)?.handleSeconds || f.target.ahtSeconds })),
      { serviceLevel: f.target.serviceLevel, shrinkage: f.target.shrinkage, intervalMinutes: body.intervalMinutes },
    );
    staffing.forEach((s, i) => (required[i]! += s.scheduled));
  }
  return { required, source: { kind: "forecast", tenantIds: f.tenantIds, weeks: f.weeks, target: f.target } };
}

/** Builds a week's schedule (HiGHS shift starts, then named agents under the labour rules) and stores it as a draft. */
export async function buildSchedule(db: Db, p: Principal, body: BuildInput): Promise<ScheduleDetail> {
  assertWeekStart(body.weekStart);
  const orgId = p.user.organisationId;
  const [org] = await db.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, orgId));
  const timeZone = org!.timeZone;
  const intervals = weekIntervals(body.weekStart, body.intervalMinutes, timeZone);
  const { required, source } = await requirement(db, p, body, intervals);

  const { templates, agents } = await withTenantScope(db, p.scope, async (tx) => ({
    templates: await tx
      .select()
      .from(shiftTemplates)
      .where(and(eq(shiftTemplates.organisationId, orgId), eq(shiftTemplates.active, true), body.templateIds ? inArray(shiftTemplates.id, body.templateIds) : undefined)),
    agents: await loadAgents(tx, orgId),
  }));
  if (templates.length === 0) throw badRequest("no_shift_templates", "Create at least one active shift template first");
  if (agents.length === 0) throw badRequest("no_agents", "There are no active agents to schedule");

  const { plan, assignment } = await runInWorker(
    {
      kind: "schedule",
      optimise: {
        intervalMinutes: body.intervalMinutes,
        requirements: required.map((r, i) => ({ start: i * body.intervalMinutes, required: r })),
        templates: templates.map(toPlanTemplate),
        options: { timeLimitSeconds: body.timeLimitSeconds, maxAgents: agents.length, firstWeekday: 0 },
      },
      agents: agents.map(toPlanAgent),
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
      .values({ organisationId: orgId, weekStart: body.weekStart, timeZone, intervalMinutes: body.intervalMinutes, required, source, stats, createdBy: p.user.id })
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
    const scheduled = scheduledPerInterval(intervals, row.intervalMinutes * 60_000, shifts.filter((s) => s.shift.agentId).map((s) => s.shift));
    return {
      ...summary(row, shifts.length),
      intervals: intervals.map((t, i) => ({ start: new Date(t).toISOString(), required: row.required[i] ?? 0, scheduled: scheduled[i]! })),
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

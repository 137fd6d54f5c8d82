import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import { z } from "zod";
import {
  AdherenceReport,
  AgentWorkRules,
  AgentWorkRulesList,
  BuildScheduleRequest,
  DaySimRequest,
  DaySimResponse,
  ErrorBody,
  IdParams,
  LocalDate,
  MyShifts,
  ScheduleDetail,
  ScheduleList,
  ScheduleSummary,
  ShiftTemplate,
  ShiftTemplateInput,
  ShiftTemplateList,
  WorkRulesInput,
} from "@moked/contracts";
import { organisations, scheduleShifts, type Db } from "@moked/db";
import type { SimulationScenario } from "@moked/wfm";
import { CENTER_STAFF, principalOf } from "../auth/guard";
import { scheduleAdherence } from "./adherence";
import { AppError } from "../core/errors";
import { runInWorker } from "./run-in-worker";
import { scheduleDayScenarios, toSimRun } from "./schedule-sim";
import { withAgentScope } from "./agent-scope";
import { myWorkRulesRoutes } from "./my-work-rules";
import { buildSchedule, getSchedule, listSchedules, publishSchedule, toShift } from "./schedules";
import { listTemplates, listWorkRules, saveTemplate, saveWorkRules } from "./templates";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const PLANNERS = ["admin", "center_manager", "shift_manager"] as const;
const tags = ["workforce"];

/** Shift templates, agents' work rules, weekly schedules and an agent's own published shifts. */
export const scheduleRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  await app.register(myWorkRulesRoutes, { db });

  app.get(
    "/wfm/shift-templates",
    { config: { access: CENTER_STAFF }, schema: { tags, summary: "The center's shift templates", response: { 200: ShiftTemplateList, ...errors } } },
    async (request) => ({ items: await listTemplates(db, principalOf(request)) }),
  );
  app.post(
    "/wfm/shift-templates",
    { config: { access: PLANNERS }, schema: { tags, summary: "Add a shift template (length, start window, breaks, days, skills)", body: ShiftTemplateInput, response: { 201: ShiftTemplate, ...errors } } },
    async (request, reply) => reply.status(201).send(await saveTemplate(db, principalOf(request), request.body)),
  );
  app.put(
    "/wfm/shift-templates/:id",
    { config: { access: PLANNERS }, schema: { tags, summary: "Change a shift template (set active false to stop using it)", params: IdParams, body: ShiftTemplateInput, response: { 200: ShiftTemplate, ...errors } } },
    async (request) => saveTemplate(db, principalOf(request), request.body, request.params.id),
  );

  app.get(
    "/wfm/agents",
    { config: { access: CENTER_STAFF }, schema: { tags, summary: "Agents with skills, contract hours, availability and preferences", response: { 200: AgentWorkRulesList, ...errors } } },
    async (request) => ({ items: await listWorkRules(db, principalOf(request)) }),
  );
  app.put(
    "/wfm/agents/:id/work-rules",
    { config: { access: PLANNERS }, schema: { tags, summary: "Set an agent's contract hours, weekly availability and preferences", params: IdParams, body: WorkRulesInput, response: { 200: AgentWorkRules, ...errors } } },
    async (request) => saveWorkRules(db, principalOf(request), request.params.id, request.body),
  );

  app.get(
    "/wfm/schedules",
    { config: { access: CENTER_STAFF }, schema: { tags, summary: "Schedules, newest week first", querystring: z.object({ weekStart: LocalDate.optional() }), response: { 200: ScheduleList, ...errors } } },
    async (request) => ({ items: await listSchedules(db, principalOf(request), request.query.weekStart) }),
  );
  app.post(
    "/wfm/schedules",
    {
      config: { access: PLANNERS },
      schema: {
        tags,
        summary: "Build a week's schedule from a requirement or the lines' forecast, as a draft",
        description: "Shift starts by a HiGHS mixed-integer program (gap to the LP bound reported), then named agents under Israeli labour rules, their availability, skills and contract hours.",
        body: BuildScheduleRequest,
        response: { 201: ScheduleDetail, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await buildSchedule(db, principalOf(request), request.body)),
  );
  app.get(
    "/wfm/schedules/:id",
    { config: { access: CENTER_STAFF }, schema: { tags, summary: "A schedule: required and scheduled agents per interval, and every shift", params: IdParams, response: { 200: ScheduleDetail, ...errors } } },
    async (request) => getSchedule(db, principalOf(request), request.params.id),
  );
  app.post(
    "/wfm/schedules/:id/publish",
    { config: { access: PLANNERS }, schema: { tags, summary: "Publish a draft: agents see their shifts; the week's earlier schedule is superseded", params: IdParams, response: { 200: ScheduleSummary, ...errors } } },
    async (request) => publishSchedule(db, principalOf(request), request.params.id),
  );

  app.get(
    "/wfm/schedules/:id/adherence",
    {
      config: { access: CENTER_STAFF },
      schema: {
        tags,
        summary: "Adherence: agents' actual states (from routing) against the schedule, per agent and per interval, up to now",
        description: "Adherent = scheduled on the phones (on shift, not on a break) and available; handling a contact counts as available.",
        params: IdParams,
        response: { 200: AdherenceReport, ...errors },
      },
    },
    async (request) => scheduleAdherence(db, principalOf(request), request.params.id),
  );

  app.post(
    "/wfm/schedules/:id/simulate",
    {
      config: { access: PLANNERS },
      schema: {
        tags,
        summary: "Simulate one day of a schedule (draft or published) on the routing engine: its agents with their skills, shifts and breaks, arrivals from a line's forecast or given per hour",
        description: "Runs in a worker thread. Per interval and in total: service level, ASA, abandonment, occupancy and 6-minute breaches; with `languages`, each contact needs an agent who speaks its language and figures come per language too; with `whatIf` (agents added for a window, with their languages; volume changed by a percentage), the same callers against that as `compareWith`.",
        params: IdParams,
        body: DaySimRequest,
        response: { 200: DaySimResponse, ...errors },
      },
    },
    async (request) => {
      const day = await scheduleDayScenarios(db, principalOf(request), request.params.id, request.body);
      const tooLong = new AppError("simulation_too_long", 400, "The day takes too long to simulate; use fewer contacts");
      const run = async (scenario: SimulationScenario) => toSimRun(await runInWorker({ kind: "simulate", scenario }, 60_000, tooLong), scenario, day.labels);
      const head = { timeZone: day.timeZone, intervalMinutes: day.intervalMinutes, dayStart: new Date(day.dayStart).toISOString(), volumeSource: day.volumeSource, ...(day.fitted ? { fitted: day.fitted } : {}) };
      const [result, compareWith] = await Promise.all([run(day.scenario), day.compareWith ? run(day.compareWith) : undefined]);
      return compareWith ? { ...head, result, compareWith } : { ...head, result };
    },
  );

  app.get(
    "/wfm/my-shifts",
    {
      config: { access: ["agent", "team_leader"] },
      schema: {
        tags,
        summary: "Your shifts in published schedules (default: from yesterday for four weeks)",
        querystring: z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: MyShifts, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const from = request.query.from ? new Date(request.query.from) : new Date(Date.now() - 86_400_000);
      const to = request.query.to ? new Date(request.query.to) : new Date(from.getTime() + 28 * 86_400_000);
      const rows = await withAgentScope(db, p.scope, p.user.id, (tx) =>
        tx
          .select()
          .from(scheduleShifts)
          .where(and(eq(scheduleShifts.agentId, p.user.id), sql`moked_schedule_published(${scheduleShifts.scheduleId})`, gt(scheduleShifts.endsAt, from), lt(scheduleShifts.startsAt, to)))
          .orderBy(asc(scheduleShifts.startsAt)),
      );
      const [org] = await db.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, p.user.organisationId));
      return { timeZone: org!.timeZone, items: rows.map((r) => ({ ...toShift(r, null), scheduleId: r.scheduleId })) };
    },
  );
};

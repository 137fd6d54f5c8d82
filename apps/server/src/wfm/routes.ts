import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorBody, ForecastAdjustments } from "@moked/contracts";
import type { Db } from "@moked/db";
import { requiredAgentsPerInterval, type SimulationScenario } from "@moked/wfm";
import { principalOf } from "../auth/guard";
import { AppError, badRequest } from "../core/errors";
import { forecastLine } from "./forecast";
import { runInWorker } from "./run-in-worker";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 503: ErrorBody };
const PLANNERS = ["admin", "center_manager", "shift_manager"] as const;

const Target = z.object({
  serviceLevel: z.object({ fraction: z.number().gt(0).lt(1), thresholdSeconds: z.number().positive().max(3600) }).optional(),
  maxAsaSeconds: z.number().positive().max(3600).optional(),
  maxOccupancy: z.number().gt(0).max(1).optional(),
  patienceSeconds: z.number().positive().max(86_400).optional(),
  maxAbandonRate: z.number().gt(0).lt(1).optional(),
  shrinkage: z.number().min(0).lt(1).default(0),
  intervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(15),
});
const StaffingBody = z.object({ intervals: z.array(z.object({ volume: z.number().min(0).max(1e6), ahtSeconds: z.number().positive().max(86_400) })).min(1).max(2_016), target: Target });
const StaffingRow = z.object({ erlangs: z.number(), required: z.number(), scheduled: z.number(), serviceLevel: z.number().nullable(), asaSeconds: z.number(), occupancy: z.number(), abandonRate: z.number().optional() });

const ScenarioBody = z.object({
  seed: z.number().int().default(1),
  start: z.number().int().optional(),
  intervals: z.array(z.object({ startOffsetSeconds: z.number().min(0), lengthSeconds: z.number().positive().max(86_400), volume: z.number().min(0).max(100_000) })).min(1).max(2_016),
  ahtSeconds: z.number().positive().max(86_400),
  patienceSeconds: z.number().positive().max(86_400).optional(),
  agents: z.array(z.object({ id: z.string().min(1).max(80), shifts: z.array(z.object({ fromSeconds: z.number().min(0), toSeconds: z.number().positive() })).max(20).optional() })).min(1).max(3_000),
  queue: z.object({ strategy: z.enum(["longest_idle", "least_occupied", "best_proficiency", "round_robin"]).optional(), serviceLevel: z.object({ percent: z.number().min(1).max(100), thresholdSeconds: z.number().int().min(1) }).optional(), wrapUpSeconds: z.number().min(0).max(3600).optional() }).optional(),
  topic: z.string().max(40).optional(),
});
const SimBody = z.object({ scenario: ScenarioBody, compareWith: ScenarioBody.optional() });

const simulateInWorker = (scenario: SimulationScenario) =>
  runInWorker({ kind: "simulate", scenario }, 60_000, new AppError("simulation_too_long", 400, "The scenario takes too long to simulate; shorten it or use fewer contacts"));

export const wfmRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    "/wfm/staffing",
    {
      config: { access: PLANNERS },
      schema: {
        tags: ["workforce"],
        summary: "Agents required per interval (Erlang C, or Erlang A with patience) and scheduled after shrinkage",
        body: StaffingBody,
        response: { 200: z.object({ items: z.array(StaffingRow), peakRequired: z.number(), peakScheduled: z.number() }), ...errors },
      },
    },
    async (request) => {
      const { intervals, target } = request.body;
      if (!target.serviceLevel && !target.maxAsaSeconds && !target.maxOccupancy) throw badRequest("no_target", "Give a service level, a maximum ASA or a maximum occupancy");
      try {
        const items = requiredAgentsPerInterval(intervals, target);
        return { items, peakRequired: Math.max(...items.map((i) => i.required)), peakScheduled: Math.max(...items.map((i) => i.scheduled)) };
      } catch (err) {
        if (err instanceof RangeError) throw badRequest("unreachable_target", err.message);
        throw err;
      }
    },
  );

  app.get(
    "/wfm/forecast",
    {
      config: { access: PLANNERS },
      schema: {
        tags: ["workforce"],
        summary: "Contacts forecast per interval for a line, from its history (Holt-Winters, Israeli holidays)",
        description: "Optionally one queue's or channel's contacts, with planners' adjustments (a JSON array of {from, to, factor, reason?}); `accuracy` is the WAPE on the last week of history, held out (three weeks of history or more).",
        querystring: z.object({
          tenantId: z.uuid(),
          weeks: z.coerce.number().int().min(2).max(52).default(8),
          interval: z.coerce.number().refine((n) => [15, 30, 60].includes(n)).default(30),
          horizonDays: z.coerce.number().int().min(1).max(28).default(7),
          queueId: z.uuid().optional(),
          channel: z.string().min(1).max(20).optional(),
          adjustments: z
            .string()
            .max(4000)
            .transform((text, ctx) => {
              try {
                return JSON.parse(text) as unknown;
              } catch {
                ctx.addIssue({ code: "custom", message: "adjustments must be a JSON array" });
                return z.NEVER;
              }
            })
            .pipe(ForecastAdjustments)
            .optional(),
        }),
        response: {
          200: z.object({
            timeZone: z.string(),
            intervalMinutes: z.number(),
            historyContacts: z.number(),
            accuracy: z.object({ holdoutWeeks: z.number(), intervalWape: z.number(), dailyWape: z.number() }).nullable(),
            points: z.array(z.object({ start: z.string(), count: z.number(), handleSeconds: z.number().nullable(), dayKind: z.string(), holiday: z.string().nullable(), factor: z.number() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const { timeZone, historyContacts, points, accuracy } = await forecastLine(db, principalOf(request).scope, q.tenantId, {
        weeks: q.weeks,
        intervalMinutes: q.interval,
        horizon: (q.horizonDays * 1440) / q.interval,
        queueId: q.queueId,
        channel: q.channel,
        adjustments: q.adjustments?.map((a) => ({ from: Date.parse(a.from), to: Date.parse(a.to), factor: a.factor, ...(a.reason ? { reason: a.reason } : {}) })),
        withAccuracy: true,
      });
      return {
        timeZone,
        intervalMinutes: q.interval,
        historyContacts,
        accuracy,
        points: points.map((pt) => ({
          start: new Date(pt.start).toISOString(),
          count: Math.round(pt.count * 100) / 100,
          handleSeconds: pt.handleSeconds === null ? null : Math.round(pt.handleSeconds),
          dayKind: pt.dayKind,
          holiday: pt.holiday,
          factor: pt.factor,
        })),
      };
    },
  );

  app.post(
    "/wfm/simulate",
    {
      config: { access: PLANNERS },
      schema: {
        tags: ["workforce"],
        summary: "Run a scenario on the real routing engine with a virtual clock (and compare two)",
        description: "Returns per-interval and total service level, ASA, abandonment, occupancy and 6-minute breaches.",
        body: SimBody,
      },
    },
    async (request) => {
      const toScenario = (s: z.infer<typeof ScenarioBody>): SimulationScenario => {
        const contacts = s.intervals.reduce((n, i) => n + i.volume, 0);
        if (contacts > 200_000) throw badRequest("scenario_too_large", "At most 200,000 contacts per scenario");
        return { ...s, start: s.start ?? Date.UTC(2026, 0, 4, 6, 0) } as SimulationScenario;
      };
      const a = await simulateInWorker(toScenario(request.body.scenario));
      if (!request.body.compareWith) return { result: a };
      const b = await simulateInWorker(toScenario(request.body.compareWith));
      return { result: a, compareWith: b };
    },
  );
};

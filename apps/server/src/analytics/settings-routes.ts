import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { canSeeTenant, interactions, reportSchedules, reportSettings, tenantFilter, tenants, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../auth/context";
import { principalOf } from "../auth/guard";
import { notFound } from "../core/errors";
import { ReportSchedule, RoiInputs, RoiResponse } from "@moked/contracts";
import { errors, loadPeriod, Period, READERS, totalOf } from "./period";
import { roiOf } from "./roi";
import { FREQUENCIES, nextRun, type Frequency } from "./schedules";
import { figuresOf } from "./tally";

const MANAGERS = ["admin", "center_manager"] as const;
/** Who may set a line's scheduled reports: the center's managers, and the line's own client viewer. */
const SCHEDULERS = ["admin", "center_manager", "client_viewer"] as const;

const NewSchedule = z.object({
  tenantId: z.uuid(),
  frequency: z.enum(FREQUENCIES),
  recipients: z.array(z.email()).min(1).max(20),
  hour: z.number().int().min(0).max(23).default(7),
});
const publicSchedule = (s: typeof reportSchedules.$inferSelect) => ({
  id: s.id,
  tenantId: s.tenantId,
  frequency: s.frequency as Frequency,
  recipients: s.recipients,
  hour: s.hour,
  active: s.active,
  nextRunAt: s.nextRunAt.toISOString(),
  lastRunAt: s.lastRunAt?.toISOString() ?? null,
});

function lineOf(principal: Principal, tenantId: string): void {
  if (!canSeeTenant(principal.scope, tenantId)) throw notFound("client line");
}

async function roiInputs(tx: Db, tenantId: string): Promise<RoiInputs> {
  const [row] = await tx.select().from(reportSettings).where(eq(reportSettings.tenantId, tenantId));
  return RoiInputs.parse(row?.roi ?? {});
}

export const reportSettingsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/reports/schedules",
    {
      config: { access: SCHEDULERS },
      schema: { tags: ["reports"], summary: "A line's scheduled e-mail reports", querystring: z.object({ tenantId: z.uuid() }), response: { 200: z.object({ items: z.array(ReportSchedule) }), ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      lineOf(p, request.query.tenantId);
      const rows = await withTenantScope(db, p.scope, (tx) => tx.select().from(reportSchedules).where(eq(reportSchedules.tenantId, request.query.tenantId)).orderBy(reportSchedules.createdAt));
      return { items: rows.map(publicSchedule) };
    },
  );

  app.post(
    "/reports/schedules",
    {
      config: { access: SCHEDULERS },
      schema: {
        tags: ["reports"],
        summary: "E-mail a line's report daily (yesterday), weekly (last Sunday–Saturday) or monthly (last month), at a local hour",
        body: NewSchedule,
        response: { 201: z.object({ schedule: ReportSchedule }), ...errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const b = request.body;
      lineOf(p, b.tenantId);
      const created = await withTenantScope(db, p.scope, async (tx) => {
        const [line] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, b.tenantId));
        if (!line) throw notFound("client line");
        const [row] = await tx
          .insert(reportSchedules)
          .values({ tenantId: b.tenantId, frequency: b.frequency, recipients: b.recipients, hour: b.hour, nextRunAt: nextRun(b.frequency, b.hour, line.timeZone, Date.now()), createdBy: p.user.id })
          .returning();
        return row!;
      });
      return reply.status(201).send({ schedule: publicSchedule(created) });
    },
  );

  app.delete(
    "/reports/schedules/:id",
    {
      config: { access: SCHEDULERS },
      schema: { tags: ["reports"], summary: "Stop a scheduled report", params: z.object({ id: z.uuid() }), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const gone = await withTenantScope(db, p.scope, (tx) => tx.delete(reportSchedules).where(and(eq(reportSchedules.id, request.params.id), tenantFilter(reportSchedules.tenantId, p.scope))).returning({ tenantId: reportSchedules.tenantId }));
      if (gone.length === 0) throw notFound("scheduled report");
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/reports/roi",
    {
      config: { access: READERS },
      schema: {
        tags: ["reports"],
        summary: "Return on service: cost per contact, handling time saved, revenue of deals closed, against staffing cost",
        description: "Staffed hours = handling hours ÷ occupancy: the line's manual occupancy input if set, else the period's measured occupancy (0.85 when none is measured); deals = contacts wrapped up with one of the line's sale codes.",
        querystring: Period,
        response: { 200: RoiResponse, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const { groups, from, to } = await loadPeriod(db, p, q, { groupings: { total: [] } });
      return withTenantScope(db, p.scope, async (tx) => {
        const inputs = await roiInputs(tx, q.tenantId);
        const deals = inputs.saleCodes.length
          ? ((
              await tx
                .select({ n: sql<number>`count(*)::int` })
                .from(interactions)
                .where(and(eq(interactions.tenantId, q.tenantId), gte(interactions.arrivedAt, from), lt(interactions.arrivedAt, to), inArray(interactions.wrapUpCode, inputs.saleCodes)))
            )[0]?.n ?? 0)
          : 0;
        const figures = figuresOf(totalOf(groups.total));
        return { tenantId: q.tenantId, inputs, ...roiOf(figures, deals, inputs) };
      });
    },
  );

  app.put(
    "/reports/roi-settings/:tenantId",
    {
      config: { access: MANAGERS },
      schema: { tags: ["reports"], summary: "Set a line's cost inputs for the return-on-service view", params: z.object({ tenantId: z.uuid() }), body: RoiInputs, response: { 200: z.object({ inputs: RoiInputs }), ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      lineOf(p, request.params.tenantId);
      const inputs = request.body;
      await withTenantScope(db, p.scope, (tx) =>
        tx
          .insert(reportSettings)
          .values({ tenantId: request.params.tenantId, roi: inputs })
          .onConflictDoUpdate({ target: reportSettings.tenantId, set: { roi: inputs, updatedAt: new Date() } }),
      );
      return { inputs };
    },
  );
};

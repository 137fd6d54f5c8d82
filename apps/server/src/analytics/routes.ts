import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, QueueSettings } from "@moked/contracts";
import { canSeeTenant, interactionEvents, interactions, queues, tenants, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../auth/context";
import { principalOf } from "../auth/guard";
import { badRequest, notFound } from "../core/errors";
import { complianceReport } from "./compliance";
import { foldContacts, type ContactFacts } from "./contacts";
import { queueMetrics } from "./metrics";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "client_viewer"] as const;
const MAX_DAYS = 93;

const Period = z.object({
  tenantId: z.uuid(),
  from: z.iso.datetime({ offset: true }).describe("Start (inclusive), ISO 8601"),
  to: z.iso.datetime({ offset: true }).describe("End (exclusive), ISO 8601"),
});
const MetricsQuery = Period.extend({ interval: z.coerce.number().refine((n) => [15, 30, 60].includes(n), "15, 30 or 60").default(30) });
const ComplianceQuery = Period.extend({ format: z.enum(["json", "csv"]).default("json") });

const Nullable = z.number().nullable();
const MetricsRow = z.object({
  interval: z.string(),
  queueId: z.string().nullable(),
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  shortAbandoned: z.number(),
  answeredWithinTarget: z.number(),
  serviceLevel: Nullable,
  averageSpeedOfAnswerSeconds: Nullable,
  p90SpeedOfAnswerSeconds: Nullable,
  longestWaitSeconds: Nullable,
  averageTalkSeconds: Nullable,
  averageWrapUpSeconds: Nullable,
  averageHandleSeconds: Nullable,
  transfers: z.number(),
  callbacksRequested: z.number(),
  messagesTaken: z.number(),
});
const Counts = z.object({ obligated: z.number(), answeredInTime: z.number() });
const ComplianceResponse = z.object({
  tenantId: z.string(),
  from: z.string(),
  to: z.string(),
  voiceContacts: z.number(),
  obligated: z.number(),
  answeredInTime: z.number(),
  share: Nullable,
  endedBeforeLimit: z.number(),
  sixMinuteTopics: Counts,
  threeMinuteTopics: Counts,
  breaches: z.array(
    z.object({ interactionId: z.string(), queueId: z.string().nullable(), arrivedAt: z.string(), topic: z.string().nullable(), limitSeconds: z.number(), waitSeconds: z.number(), outcome: z.enum(["answered_late", "unanswered"]) }),
  ),
});

/** The contacts of one line that arrived in a period, with their events, read inside the caller's scope. */
async function loadPeriod(db: Db, principal: Principal, q: z.infer<typeof Period>): Promise<{ contacts: ContactFacts[]; timeZone: string; from: Date; to: Date }> {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from < to)) throw badRequest("invalid_period", "The period's start must come before its end");
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw badRequest("period_too_long", `A report covers at most ${MAX_DAYS} days`);
  if (!canSeeTenant(principal.scope, q.tenantId)) throw notFound("client line");
  return withTenantScope(db, principal.scope, async (tx) => {
    const [tenant] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, q.tenantId));
    if (!tenant) throw notFound("client line");
    const rows = await tx
      .select()
      .from(interactions)
      .where(and(eq(interactions.tenantId, q.tenantId), gte(interactions.arrivedAt, from), lt(interactions.arrivedAt, to)));
    const ids = rows.map((r) => r.id);
    const evs = [];
    for (let i = 0; i < ids.length; i += 1_000) {
      evs.push(...(await tx.select().from(interactionEvents).where(inArray(interactionEvents.interactionId, ids.slice(i, i + 1_000)))));
    }
    const contacts = foldContacts(
      rows.map((r) => ({ id: r.id, tenantId: r.tenantId, queueId: r.queueId, channel: r.channel, topic: r.topic, arrivedAt: r.arrivedAt.getTime() })),
      evs.map((e) => ({ interactionId: e.interactionId!, type: e.type, at: e.at.getTime(), data: e.data })),
    );
    return { contacts, timeZone: tenant.timeZone, from, to };
  });
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const reportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/reports/queues",
    {
      config: { access: READERS },
      schema: {
        tags: ["reports"],
        summary: "Queue figures per interval of arrival, in the line's time zone",
        description: "Offered, answered, abandoned (short abandons apart), service level against each queue's target, speed of answer (average, 90th percentile), longest wait, talk, wrap-up and handling time, transfers, call-backs, messages. Each queue also gets a total row.",
        querystring: MetricsQuery,
        response: { 200: z.object({ tenantId: z.string(), timeZone: z.string(), items: z.array(MetricsRow) }), ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { contacts, timeZone } = await loadPeriod(db, p, request.query);
      const targets = new Map(
        (await withTenantScope(db, p.scope, (tx) => tx.select().from(queues).where(eq(queues.tenantId, request.query.tenantId)))).map((q) => [q.id, QueueSettings.parse(q.config).serviceLevel.thresholdSeconds]),
      );
      const items = queueMetrics(contacts, { timeZone, intervalMinutes: request.query.interval, targetSeconds: (id) => (id ? (targets.get(id) ?? 20) : 20) });
      return { tenantId: request.query.tenantId, timeZone, items };
    },
  );

  app.get(
    "/reports/compliance",
    {
      config: { access: READERS },
      schema: {
        tags: ["reports"],
        summary: "Answer-time compliance (6 minutes for faults, billing and termination; 3 otherwise), with the breaches",
        description: "format=csv returns the breaches as CSV evidence, with the totals in the first lines.",
        querystring: ComplianceQuery,
        response: { 200: ComplianceResponse, ...errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { contacts, from, to } = await loadPeriod(db, p, request.query);
      const report = complianceReport(contacts, Date.now());
      const body = { tenantId: request.query.tenantId, from: from.toISOString(), to: to.toISOString(), ...report };
      if (request.query.format === "csv") {
        const lines = [
          `# answer-time compliance,${body.from},${body.to}`,
          `# obligated,${report.obligated},answered in time,${report.answeredInTime},share,${report.share ?? ""}`,
          "interaction_id,queue_id,arrived_at,topic,limit_seconds,wait_seconds,outcome",
          ...report.breaches.map((b) => [b.interactionId, b.queueId, b.arrivedAt, b.topic, b.limitSeconds, b.waitSeconds, b.outcome].map(csvCell).join(",")),
        ];
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="compliance-${body.from.slice(0, 10)}.csv"`)
          .serializer((x: string) => x)
          .send(`${lines.join("\n")}\n` as never);
      }
      return body;
    },
  );
};

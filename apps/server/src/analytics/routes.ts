import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ComplianceResponse, MetricsRow, toCsv, type ComplianceReport } from "@moked/contracts";
import type { Db } from "@moked/db";
import { principalOf } from "../auth/guard";
import { shareOf } from "./compliance";
import { QUEUE_GROUPINGS, queueMetrics } from "./metrics";
import { errors, loadPeriod, Period, READERS, totalOf } from "./period";

const MetricsQuery = Period.extend({ interval: z.coerce.number().refine((n) => [15, 30, 60].includes(n), "15, 30 or 60").default(30) });
const ComplianceQuery = Period.extend({ format: z.enum(["json", "csv"]).default("json") });

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
      const { groups, timeZone, fcrWindowDays } = await loadPeriod(db, principalOf(request), request.query, { groupings: QUEUE_GROUPINGS, intervalMinutes: request.query.interval });
      const items = queueMetrics(groups, fcrWindowDays);
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
      const { groups, from, to, breaches } = await loadPeriod(db, principalOf(request), request.query, { groupings: { total: [] } }, true);
      const t = totalOf(groups.total);
      const report: ComplianceReport = {
        voiceContacts: t.voiceContacts,
        obligated: t.obligated,
        answeredInTime: t.answeredInTime,
        share: shareOf(t.answeredInTime, t.obligated),
        endedBeforeLimit: t.endedBeforeLimit,
        sixMinuteTopics: { obligated: t.sixObligated, answeredInTime: t.sixInTime },
        threeMinuteTopics: { obligated: t.obligated - t.sixObligated, answeredInTime: t.answeredInTime - t.sixInTime },
        breaches: breaches ?? [],
      };
      const body = { tenantId: request.query.tenantId, from: from.toISOString(), to: to.toISOString(), ...report };
      if (request.query.format === "csv") {
        const text = toCsv([
          ["# answer-time compliance", body.from, body.to],
          ["# obligated", report.obligated, "answered in time", report.answeredInTime, "share", report.share],
          ["interaction_id", "queue_id", "arrived_at", "topic", "limit_seconds", "wait_seconds", "outcome"],
          ...report.breaches.map((b) => [b.interactionId, b.queueId, b.arrivedAt, b.topic, b.limitSeconds, b.waitSeconds, b.outcome]),
        ]);
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="compliance-${body.from.slice(0, 10)}.csv"`)
          .serializer((x: string) => x)
          .send(text as never);
      }
      return body;
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "@moked/db";
import { principalOf } from "../auth/guard";
import { shareOf, type ComplianceReport } from "./compliance";
import { groupSlices, queueMetrics } from "./metrics";
import { csvCell, errors, loadPeriod, MetricsRow, Nullable, Period, READERS } from "./period";

const MetricsQuery = Period.extend({ interval: z.coerce.number().refine((n) => [15, 30, 60].includes(n), "15, 30 or 60").default(30) });
const ComplianceQuery = Period.extend({ format: z.enum(["json", "csv"]).default("json") });

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
      const { slices, timeZone } = await loadPeriod(db, principalOf(request), request.query);
      const items = queueMetrics(slices, { timeZone, intervalMinutes: request.query.interval });
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
      const { slices, from, to, breaches } = await loadPeriod(db, principalOf(request), request.query, true);
      const t = groupSlices(slices, () => "total").get("total");
      const report: ComplianceReport = {
        voiceContacts: t?.voiceContacts ?? 0,
        obligated: t?.obligated ?? 0,
        answeredInTime: t?.answeredInTime ?? 0,
        share: shareOf(t?.answeredInTime ?? 0, t?.obligated ?? 0),
        endedBeforeLimit: t?.endedBeforeLimit ?? 0,
        sixMinuteTopics: { obligated: t?.sixObligated ?? 0, answeredInTime: t?.sixInTime ?? 0 },
        threeMinuteTopics: { obligated: (t?.obligated ?? 0) - (t?.sixObligated ?? 0), answeredInTime: (t?.answeredInTime ?? 0) - (t?.sixInTime ?? 0) },
        breaches: breaches ?? [],
      };
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

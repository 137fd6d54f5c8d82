import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { FastifyReply } from "fastify";
import ExcelJS from "exceljs";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { ContactRow, Dashboard, SummaryItem, toCsv } from "@moked/contracts";
import { canSeeTenant, queues, teams, users, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../auth/context";
import { principalOf } from "../auth/guard";
import { badRequest, notFound } from "../core/errors";
import { queueTargets } from "./aggregator";
import { groupingOf, regroup } from "./grouped";
import { DIMENSIONS, type Dimension } from "./metrics";
import { errors, loadPeriod, Period, READERS, totalOf } from "./period";
import { MEASURES, periodContacts, type Measure } from "./store";
import { figuresOf } from "./tally";
import { EXPORT_COLUMNS, summaryItems } from "./summary";

const Filters = Period.extend({
  queueId: z.uuid().optional(),
  channel: z.string().max(20).optional(),
  agentId: z.uuid().optional(),
});
const SummaryQuery = Filters.extend({
  dimension: z.enum(DIMENSIONS).default("day"),
  interval: z.coerce.number().refine((n) => [15, 30, 60].includes(n), "15, 30 or 60").default(30),
  format: z.enum(["json", "csv", "xlsx"]).default("json"),
});
const Items = z.array(SummaryItem);
const ContactsQuery = Filters.extend({
  measure: z.enum(Object.keys(MEASURES) as [Measure, ...Measure[]]).default("offered"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const STAFF = new Set(["admin", "center_manager", "shift_manager", "team_leader"]);

/**
 * Names for the keys of a dimension. Agents and teams are named for the center's staff only: a client
 * business sees its contacts' figures per agent, not who the center's people are.
 */
async function labeller(db: Db, principal: Principal, tenantId: string, agentKeys: Iterable<string>): Promise<{ teamOf: (agentId: string) => string; labelOf: (dimension: Dimension) => (key: string) => string | null }> {
  const agentIds = [...agentKeys].filter((a) => a !== "");
  const staff = STAFF.has(principal.user.role);
  const people = agentIds.length ? await db.select({ id: users.id, name: users.name, teamId: users.teamId }).from(users).where(inArray(users.id, agentIds)) : [];
  const teamIds = [...new Set(people.map((p) => p.teamId).filter((t): t is string => t !== null))];
  const teamNames = new Map(teamIds.length ? (await db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, teamIds))).map((t) => [t.id, t.name]) : []);
  const queueNames = new Map((await withTenantScope(db, principal.scope, (tx) => tx.select({ id: queues.id, name: queues.name }).from(queues).where(eq(queues.tenantId, tenantId)))).map((q) => [q.id, q.name]));
  const byAgent = new Map(people.map((p) => [p.id, p]));
  const anonymous = new Map(agentIds.sort().map((id, i) => [id, `#${i + 1}`]));
  return {
    teamOf: (agentId) => (agentId ? (byAgent.get(agentId)?.teamId ?? "") : ""),
    labelOf: (dimension) => (key) => {
      if (dimension === "queue") return queueNames.get(key) ?? null;
      if (dimension === "agent") return key ? (staff ? (byAgent.get(key)?.name ?? null) : (anonymous.get(key) ?? null)) : null;
      if (dimension === "team") return key && staff ? (teamNames.get(key) ?? null) : null;
      return null;
    },
  };
}

async function sendTable(reply: FastifyReply, format: "csv" | "xlsx", name: string, items: SummaryItem[]) {
  if (format === "csv") {
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${name}.csv"`)
      .serializer((x: string) => x)
      .send(toCsv([EXPORT_COLUMNS.map((c) => c.header), ...items.map((i) => EXPORT_COLUMNS.map((c) => c.value(i)))]) as never);
  }
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("report");
  sheet.columns = EXPORT_COLUMNS.map(({ header }) => ({ key: header, header, width: header === "key" || header === "label" ? 24 : 14 }));
  for (const item of items) sheet.addRow(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.header, c.value(item)])));
  sheet.getRow(1).font = { bold: true };
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  return reply
    .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    .header("content-disposition", `attachment; filename="${name}.xlsx"`)
    .send(buffer);
}

export const summaryRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/reports/summary",
    {
      config: { access: READERS },
      schema: {
        tags: ["reports"],
        summary: "A line's figures grouped by one dimension (time in the line's zone, queue, channel, agent, team), with filters",
        description:
          "dimension: interval (15/30/60 local minutes), day, week (from Sunday), month, hour (intraday pattern), weekday_hour (heat map, 'weekday:hour' with Sunday 0), queue, channel, agent (ranking), team, total. format=csv or xlsx downloads the table.",
        querystring: SummaryQuery,
        response: { 200: z.object({ tenantId: z.string(), timeZone: z.string(), dimension: z.string(), items: Items }), ...errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const q = request.query;
      const period = await loadPeriod(db, p, q, { groupings: { items: groupingOf(q.dimension) }, intervalMinutes: q.interval, filter: q });
      let groups = period.groups.items;
      const labels = await labeller(db, p, q.tenantId, q.dimension === "agent" || q.dimension === "team" ? groups.keys() : []);
      if (q.dimension === "team") groups = regroup(groups, labels.teamOf);
      const items = summaryItems(groups, q.dimension, labels.labelOf(q.dimension), period.fcrWindowDays);
      if (q.format !== "json") return sendTable(reply, q.format, `report-${q.dimension}-${q.from.slice(0, 10)}`, items);
      return { tenantId: q.tenantId, timeZone: period.timeZone, dimension: q.dimension, items };
    },
  );

  app.get(
    "/reports/dashboard",
    {
      config: { access: READERS },
      schema: {
        tags: ["reports"],
        summary: "Everything the reports dashboard draws, in one read: totals, trend, intraday pattern, hour×weekday heat map, agent ranking, queues and channels",
        description: "The trend is per day for periods up to 62 days, else per week.",
        querystring: Filters,
        response: {
          200: Dashboard,
          ...errors,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const granularity: "day" | "week" = new Date(q.to).getTime() - new Date(q.from).getTime() <= 62 * 86_400_000 ? "day" : "week";
      const groupings = { total: [], trend: [granularity], intraday: ["hour"], heatmap: ["weekday_hour"], agents: ["agent"], queues: ["queue"], channels: ["channel"] } as const;
      const { groups, timeZone, fcrWindowDays } = await loadPeriod(db, p, q, { groupings, filter: q });
      const labels = await labeller(db, p, q.tenantId, groups.agents.keys());
      const by = (name: keyof typeof groupings, dimension: Dimension) => summaryItems(groups[name], dimension, labels.labelOf(dimension), fcrWindowDays);
      return {
        tenantId: q.tenantId,
        timeZone,
        totals: figuresOf(totalOf(groups.total), fcrWindowDays),
        trend: { granularity, items: by("trend", granularity) },
        intraday: by("intraday", "hour"),
        heatmap: by("heatmap", "weekday_hour"),
        agents: by("agents", "agent").filter((a) => a.key !== ""),
        queues: by("queues", "queue"),
        channels: by("channels", "channel"),
      };
    },
  );

  app.get(
    "/reports/contacts",
    {
      config: { access: READERS },
      schema: {
        tags: ["reports"],
        summary: "The contacts behind a number: those of the period and filters that count in `measure`",
        querystring: ContactsQuery,
        response: {
          200: z.object({ items: z.array(ContactRow), more: z.boolean() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const from = new Date(q.from);
      const to = new Date(q.to);
      if (!(from < to)) throw badRequest("invalid_period", "The period's start must come before its end");
      if (!canSeeTenant(p.scope, q.tenantId)) throw notFound("client line");
      return withTenantScope(db, p.scope, async (tx) =>
        periodContacts(tx, { tenantId: q.tenantId, from, to, filter: q, measure: q.measure, limit: q.limit, offset: q.offset }, await queueTargets(tx, q.tenantId), Date.now()),
      );
    },
  );
};

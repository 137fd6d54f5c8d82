import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, asc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, toCsv } from "@moked/contracts";
import { dispatches, messageSettings, messages, outbox, tenantFilter, tenants, withTenantScope, type Db } from "@moked/db";
import { principalOf } from "../auth/guard";
import { badRequest } from "../core/errors";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;
const MAX_ROWS = 20_000;

const ExportQuery = z.object({
  tenantId: z.uuid().optional(),
  from: z.iso.date().optional().describe("First day (UTC), 31 days ago when omitted"),
  to: z.iso.date().optional().describe("Last day (UTC, inclusive), today when omitted"),
});

function period(query: z.infer<typeof ExportQuery>): { from: Date; to: Date } {
  const to = query.to ? new Date(`${query.to}T00:00:00Z`) : new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const from = query.from ? new Date(`${query.from}T00:00:00Z`) : new Date(to.getTime() - 30 * 86_400_000);
  to.setUTCDate(to.getUTCDate() + 1);
  if (from >= to) throw badRequest("invalid_period", "The period must end on or after its first day");
  if (to.getTime() - from.getTime() > 366 * 86_400_000) throw badRequest("invalid_period", "A download covers at most a year");
  return { from, to };
}

/**
 * Downloads for a client business (and the center): every message of a period with the line's own form
 * fields as columns and where each was delivered, and the on-call dispatch log with every step. Only the
 * lines the caller may see are in them.
 */
export const exportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/messages/export",
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "Messages of a period as CSV (the line's form fields as columns, deliveries)", querystring: ExportQuery, response: { 200: z.string().describe("text/csv"), ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      const { from, to } = period(request.query);
      const filters: Array<SQL | undefined> = [tenantFilter(messages.tenantId, p.scope), gte(messages.createdAt, from), lt(messages.createdAt, to)];
      if (request.query.tenantId) filters.push(eq(messages.tenantId, request.query.tenantId));
      const text = await withTenantScope(db, p.scope, async (tx) => {
        const rows = await tx.select().from(messages).where(and(...filters)).orderBy(asc(messages.createdAt)).limit(MAX_ROWS);
        const lineIds = [...new Set(rows.map((m) => m.tenantId))];
        const lines = lineIds.length ? await tx.select({ id: tenants.id, name: tenants.name }).from(tenants).where(inArray(tenants.id, lineIds)) : [];
        const forms = lineIds.length ? await tx.select().from(messageSettings).where(inArray(messageSettings.tenantId, lineIds)) : [];
        const sent = rows.length ? await tx.select().from(outbox).where(inArray(outbox.messageId, rows.map((m) => m.id))) : [];
        // Every field key of the lines' forms is a column, labelled by the form.
        const fields = new Map<string, string>();
        for (const f of forms.flatMap((s) => s.fields)) if (!fields.has(f.key)) fields.set(f.key, f.label);
        const lineName = new Map(lines.map((l) => [l.id, l.name]));
        const head = ["id", "line", "createdAt", "status", "urgency", "category", "subject", "customerName", "customerPhone", "customerEmail", "source", "callbackDueAt", "acknowledgedAt", "handledAt", "body", ...fields.values(), "deliveries"];
        const body = rows.map((m) => [
          m.id,
          lineName.get(m.tenantId) ?? m.tenantId,
          m.createdAt,
          m.status,
          m.urgency,
          m.category,
          m.subject,
          m.customerName,
          m.customerPhone,
          m.customerEmail,
          m.source,
          m.callbackDueAt,
          m.acknowledgedAt,
          m.handledAt,
          m.body,
          ...[...fields.keys()].map((k) => m.fields[k]),
          sent
            .filter((o) => o.messageId === m.id)
            .map((o) => `${o.channel} ${o.destination}: ${o.status}${o.lastError && o.status !== "sent" ? ` (${o.lastError})` : ""}`)
            .join("; "),
        ]);
        return toCsv([head, ...body]);
      });
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="messages-${from.toISOString().slice(0, 10)}.csv"`).send(text);
    },
  );

  app.get(
    "/dispatches/export",
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "The on-call dispatch log of a period as CSV, one line per step", querystring: ExportQuery, response: { 200: z.string().describe("text/csv"), ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      const { from, to } = period(request.query);
      const filters: Array<SQL | undefined> = [tenantFilter(dispatches.tenantId, p.scope), gte(dispatches.createdAt, from), lt(dispatches.createdAt, to)];
      if (request.query.tenantId) filters.push(eq(dispatches.tenantId, request.query.tenantId));
      const text = await withTenantScope(db, p.scope, async (tx) => {
        const rows = await tx.select().from(dispatches).where(and(...filters)).orderBy(asc(dispatches.createdAt)).limit(MAX_ROWS);
        const lineIds = [...new Set(rows.map((d) => d.tenantId))];
        const lines = lineIds.length ? await tx.select({ id: tenants.id, name: tenants.name }).from(tenants).where(inArray(tenants.id, lineIds)) : [];
        const messageIds = rows.map((d) => d.messageId).filter((id): id is string => id !== null);
        const subjects = messageIds.length ? await tx.select({ id: messages.id, subject: messages.subject }).from(messages).where(inArray(messages.id, messageIds)) : [];
        const lineName = new Map(lines.map((l) => [l.id, l.name]));
        const subject = new Map(subjects.map((m) => [m.id, m.subject]));
        const head = ["dispatchId", "line", "messageId", "subject", "status", "openedAt", "acknowledgedAt", "stepAt", "action", "member", "by", "note"];
        const body = rows.flatMap((d) =>
          (d.log.length ? d.log : [null]).map((s) => [d.id, lineName.get(d.tenantId) ?? d.tenantId, d.messageId, d.messageId ? subject.get(d.messageId) : null, d.status, d.createdAt, d.acknowledgedAt, s?.at, s?.action, s?.memberName, s?.by, s?.note]),
        );
        return toCsv([head, ...body]);
      });
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="dispatches-${from.toISOString().slice(0, 10)}.csv"`).send(text);
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, IdParams } from "@moked/contracts";
import { callbackRequests, chatSessions, customers, interactions, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import { principalOf } from "../auth/guard";
import { badRequest, notFound } from "../core/errors";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
/** Who works with customers' records: the center's staff and the agents, within the lines they serve. */
const CUSTOMER_STAFF = ["admin", "center_manager", "shift_manager", "team_leader", "agent"] as const;
const CustomerView = z.object({ id: z.uuid(), tenantId: z.uuid(), name: z.string().nullable(), phones: z.array(z.string()), emails: z.array(z.string()), contacts: z.number().int() });

type CustomerRow = typeof customers.$inferSelect;
const view = (c: CustomerRow, contacts: number) => ({ id: c.id, tenantId: c.tenantId, name: c.name, phones: c.phones, emails: c.emails, contacts });

/**
 * How many contacts name each customer, within the customer's own client business. A separate grouped query
 * rather than a correlated subquery in the select list: Drizzle writes a selected column there without its
 * table, so `customers.id` inside the subquery resolved to the interaction's own id and every count read 0.
 */
async function contactCounts(tx: Db, rows: CustomerRow[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const counted = await tx
    .select({ tenantId: interactions.tenantId, ref: interactions.customerRef, n: sql<number>`count(*)::int` })
    .from(interactions)
    .where(or(...rows.map((c) => and(eq(interactions.tenantId, c.tenantId), eq(interactions.customerRef, c.id)))))
    .groupBy(interactions.tenantId, interactions.customerRef);
  return new Map(counted.map((r) => [r.ref!, r.n]));
}

/** Finding customers, and merging two records of one person into one. */
export const customerRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/customers",
    {
      config: { access: CUSTOMER_STAFF },
      schema: {
        tags: ["channels"],
        summary: "Find customers by name, phone or e-mail",
        querystring: z.object({ tenantId: z.uuid().optional(), q: z.string().trim().max(100).default(""), limit: z.coerce.number().int().min(1).max(100).default(25) }),
        response: { 200: z.object({ items: z.array(CustomerView) }), ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { tenantId, q, limit } = request.query;
      const digits = q.replace(/\D/g, "").replace(/^0/, "");
      const text = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      return withTenantScope(db, p.scope, async (tx) => {
        const rows = await tx
          .select()
          .from(customers)
          .where(
            and(
              tenantFilter(customers.tenantId, p.scope),
              tenantId ? eq(customers.tenantId, tenantId) : undefined,
              q ? or(ilike(customers.name, text), sql`${customers.emails}::text ilike ${text}`, ...(digits.length >= 3 ? [sql`${customers.phones}::text like ${`%${digits}%`}`] : [])) : undefined,
            ),
          )
          .orderBy(desc(customers.updatedAt))
          .limit(limit);
        const counts = await contactCounts(tx, rows);
        return { items: rows.map((c) => view(c, counts.get(c.id) ?? 0)) };
      });
    },
  );

  app.post(
    "/customers/:id/merge",
    {
      config: { access: CUSTOMER_STAFF },
      schema: {
        tags: ["channels"],
        summary: "Merge a duplicate record into this customer: its contacts, conversations, call-backs, phones and e-mails move here",
        params: IdParams,
        body: z.object({ duplicateId: z.uuid() }),
        response: { 200: z.object({ customer: CustomerView }), ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { id } = request.params;
      const { duplicateId } = request.body;
      if (id === duplicateId) throw badRequest("same_customer", "A customer cannot be merged into itself");
      return withTenantScope(db, p.scope, async (tx) => {
        const both = await tx.select().from(customers).where(and(or(eq(customers.id, id), eq(customers.id, duplicateId)), tenantFilter(customers.tenantId, p.scope)));
        const keep = both.find((c) => c.id === id);
        const dup = both.find((c) => c.id === duplicateId);
        if (!keep || !dup) throw notFound("customer");
        if (keep.tenantId !== dup.tenantId) throw badRequest("different_lines", "Customers of two client businesses are never merged");
        await tx.update(interactions).set({ customerRef: keep.id }).where(and(eq(interactions.tenantId, keep.tenantId), eq(interactions.customerRef, dup.id)));
        await tx.update(callbackRequests).set({ customerId: keep.id }).where(eq(callbackRequests.customerId, dup.id));
        await tx.update(chatSessions).set({ customerId: keep.id }).where(eq(chatSessions.customerId, dup.id));
        const phones = [...new Set([...keep.phones, ...dup.phones])];
        const emails = [...new Set([...keep.emails, ...dup.emails])];
        const [merged] = await tx
          .update(customers)
          .set({ phones, emails, name: keep.name ?? dup.name, updatedAt: new Date() })
          .where(eq(customers.id, keep.id))
          .returning();
        await tx.delete(customers).where(eq(customers.id, dup.id));
        await recordAudit(tx, p, { action: "customer.merged", entity: "customer", entityId: keep.id, tenantId: keep.tenantId, details: { duplicateId: dup.id, duplicateName: dup.name, phones: dup.phones, emails: dup.emails } });
        const counts = await contactCounts(tx, [merged!]);
        request.log.info({ tenantId: keep.tenantId, customerId: keep.id, duplicateId: dup.id }, "customers merged");
        return { customer: view(merged!, counts.get(keep.id) ?? 0) };
      });
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, IdParams, KnowledgeInput, KnowledgeList, KnowledgePatch, KnowledgeResponse } from "@moked/contracts";
import { canSeeTenant, lineKnowledge, tenantFilter, tenants, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import type { Principal } from "../auth/context";
import { CENTER_ADMINS, principalOf } from "../auth/guard";
import { notFound } from "../core/errors";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
type Row = typeof lineKnowledge.$inferSelect;

const toEntry = (r: Row) => ({
  id: r.id,
  tenantId: r.tenantId,
  kind: r.kind as z.infer<typeof KnowledgeInput>["kind"],
  title: r.title,
  body: r.body,
  position: r.position,
  updatedAt: r.updatedAt.toISOString(),
});

async function findEntry(db: Db, p: Principal, id: string): Promise<Row> {
  const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(lineKnowledge).where(and(eq(lineKnowledge.id, id), tenantFilter(lineKnowledge.tenantId, p.scope))));
  if (!row) throw notFound("knowledge entry");
  return row;
}

/** A client line's script and knowledge: read by everyone who works its contacts, written by the center manager. */
export const knowledgeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/tenants/:id/knowledge",
    { config: { access: "authenticated" }, schema: { tags: ["agent desktop"], summary: "A line's greeting, procedures, FAQ and wrap-up codes, in order", params: IdParams, response: { 200: KnowledgeList, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      if (!canSeeTenant(p.scope, request.params.id)) throw notFound("client line");
      const rows = await withTenantScope(db, p.scope, (tx) =>
        tx
          .select()
          .from(lineKnowledge)
          .where(and(eq(lineKnowledge.tenantId, request.params.id), tenantFilter(lineKnowledge.tenantId, p.scope)))
          .orderBy(asc(lineKnowledge.kind), asc(lineKnowledge.position), asc(lineKnowledge.createdAt)),
      );
      return { items: rows.map(toEntry) };
    },
  );

  app.post(
    "/tenants/:id/knowledge",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["agent desktop"], summary: "Add to a line's script and knowledge", params: IdParams, body: KnowledgeInput, response: { 201: KnowledgeResponse, ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, request.params.id));
      if (!tenant || !canSeeTenant(p.scope, tenant.id)) throw notFound("client line");
      const row = await withTenantScope(db, p.scope, async (tx) => {
        const [created] = await tx
          .insert(lineKnowledge)
          .values({ tenantId: tenant.id, ...request.body, updatedBy: p.user.id })
          .returning();
        await recordAudit(tx as unknown as Db, p, { action: "knowledge.created", entity: "line_knowledge", entityId: created!.id, tenantId: tenant.id, details: { kind: created!.kind, title: created!.title } });
        return created!;
      });
      return reply.status(201).send({ entry: toEntry(row) });
    },
  );

  app.patch(
    "/knowledge/:id",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["agent desktop"], summary: "Change an entry of a line's script and knowledge", params: IdParams, body: KnowledgePatch, response: { 200: KnowledgeResponse, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const existing = await findEntry(db, p, request.params.id);
      const row = await withTenantScope(db, p.scope, async (tx) => {
        const [updated] = await tx
          .update(lineKnowledge)
          .set({ ...request.body, updatedBy: p.user.id, updatedAt: new Date() })
          .where(eq(lineKnowledge.id, existing.id))
          .returning();
        await recordAudit(tx as unknown as Db, p, { action: "knowledge.updated", entity: "line_knowledge", entityId: existing.id, tenantId: existing.tenantId, details: { before: { title: existing.title }, after: request.body } });
        return updated!;
      });
      return { entry: toEntry(row) };
    },
  );

  app.delete(
    "/knowledge/:id",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["agent desktop"], summary: "Remove an entry of a line's script and knowledge", params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      const existing = await findEntry(db, p, request.params.id);
      await withTenantScope(db, p.scope, async (tx) => {
        await tx.delete(lineKnowledge).where(eq(lineKnowledge.id, existing.id));
        await recordAudit(tx as unknown as Db, p, { action: "knowledge.deleted", entity: "line_knowledge", entityId: existing.id, tenantId: existing.tenantId, details: { kind: existing.kind, title: existing.title } });
      });
      return reply.status(204).send(null);
    },
  );
};

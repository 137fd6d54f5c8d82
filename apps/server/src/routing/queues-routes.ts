import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { QueueStatsView} from "@moked/contracts";
import { CreateQueueRequest, ErrorBody, IdParams, QueueList, QueueResponse, QueueSettings, QueueStatsList, UpdateQueueRequest, WaitingList } from "@moked/contracts";
import { canSeeTenant, queues, tenantFilter, tenants, withTenantScope, type Db } from "@moked/db";
import type { QueueStats } from "@moked/routing";
import { recordAudit } from "../audit/record";
import type { Principal } from "../auth/context";
import { CENTER_ADMINS, CENTER_STAFF, principalOf } from "../auth/guard";
import { badRequest, notFound } from "../core/errors";
import type { RoutingHost } from "./host";
import { queueConfig } from "./host";
import { requireRouting, toWaiting } from "./views";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
type QueueRow = typeof queues.$inferSelect;

function toQueue(row: QueueRow) {
  return { id: row.id, tenantId: row.tenantId, name: row.name, active: row.active, settings: QueueSettings.parse(row.config) };
}

async function findQueue(db: Db, principal: Principal, id: string): Promise<QueueRow> {
  const [row] = await withTenantScope(db, principal.scope, (tx) => tx.select().from(queues).where(and(eq(queues.id, id), tenantFilter(queues.tenantId, principal.scope))));
  if (!row) throw notFound("queue");
  return row;
}

/** Targets that name another queue must name one that exists (any line's: overflow to a partner is allowed). */
async function checkTargets(db: Db, settings: z.infer<typeof QueueSettings>): Promise<void> {
  const named = [...settings.steps.map((s) => s.target), ...(settings.overflow ? [settings.overflow] : []), settings.afterHours].flatMap((t) => (t.kind === "queue" ? [t.queueId] : []));
  for (const id of named) {
    const [row] = await db.select({ id: queues.id }).from(queues).where(eq(queues.id, id));
    if (!row) throw badRequest("unknown_queue", `A routing step names a queue that does not exist: ${id}`, { queueId: id });
  }
}

export function statsView(s: QueueStats): z.infer<typeof QueueStatsView> {
  const sec = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
  return {
    queueId: s.queueId,
    tenantId: s.tenantId,
    name: s.name,
    waiting: s.waiting,
    longestWaitSeconds: sec(s.longestWaitMs)!,
    nearestDeadlineSeconds: sec(s.nearestDeadlineMs),
    agentsAvailable: s.agentsAvailable,
    agentsBusy: s.agentsBusy,
    agentsEligible: s.agentsEligible,
    offeredToday: s.today.offered,
    answeredToday: s.today.answered,
    abandonedToday: s.today.abandoned,
    shortAbandonedToday: s.today.shortAbandoned,
    breachesToday: s.today.breaches,
    handledToday: s.today.handled,
    serviceLevel: s.serviceLevel,
    averageSpeedOfAnswerSeconds: sec(s.averageSpeedOfAnswerMs),
    averageHandleSeconds: sec(s.averageHandleMs),
  };
}

export const queueRoutes: FastifyPluginAsyncZod<{ db: Db; routing: RoutingHost | null }> = async (app, { db, routing }) => {
  app.get(
    "/queues",
    { config: { access: "authenticated" }, schema: { tags: ["routing"], summary: "Queues of the client lines you may see", response: { 200: QueueList, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const rows = await withTenantScope(db, p.scope, (tx) => tx.select().from(queues).where(tenantFilter(queues.tenantId, p.scope)).orderBy(asc(queues.name)));
      return { items: rows.map(toQueue) };
    },
  );

  app.get(
    "/queues/:id",
    { config: { access: "authenticated" }, schema: { tags: ["routing"], summary: "One queue", params: IdParams, response: { 200: QueueResponse, ...errors } } },
    async (request) => ({ queue: toQueue(await findQueue(db, principalOf(request), request.params.id)) }),
  );

  app.post(
    "/queues",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["routing"], summary: "Add a queue to a client line", body: CreateQueueRequest, response: { 201: QueueResponse, ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, request.body.tenantId));
      if (!tenant || !canSeeTenant(p.scope, tenant.id)) throw notFound("client line");
      await checkTargets(db, request.body.settings);
      const row = await db.transaction(async (tx) => {
        const [created] = await tx.insert(queues).values({ tenantId: tenant.id, name: request.body.name, config: request.body.settings }).returning();
        await recordAudit(tx as unknown as Db, p, { action: "queue.created", entity: "queue", entityId: created!.id, tenantId: tenant.id, details: { name: created!.name } });
        return created!;
      });
      await routing?.submit({ type: "configure_queue", queue: queueConfig(row) });
      return reply.status(201).send({ queue: toQueue(row) });
    },
  );

  app.patch(
    "/queues/:id",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["routing"], summary: "Change a queue's name or routing", params: IdParams, body: UpdateQueueRequest, response: { 200: QueueResponse, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const existing = await findQueue(db, p, request.params.id);
      if (request.body.settings) await checkTargets(db, request.body.settings);
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(queues)
          .set({ ...(request.body.name ? { name: request.body.name } : {}), ...(request.body.settings ? { config: request.body.settings } : {}), updatedAt: new Date() })
          .where(eq(queues.id, existing.id))
          .returning();
        await recordAudit(tx as unknown as Db, p, { action: "queue.updated", entity: "queue", entityId: existing.id, tenantId: existing.tenantId, details: { before: existing.config, after: updated!.config } });
        return updated!;
      });
      await routing?.submit({ type: "configure_queue", queue: queueConfig(row) });
      return { queue: toQueue(row) };
    },
  );

  app.delete(
    "/queues/:id",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["routing"], summary: "Retire a queue (it must be empty)", params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      const existing = await findQueue(db, p, request.params.id);
      await routing?.submit({ type: "remove_queue", queueId: existing.id });
      await db.transaction(async (tx) => {
        await tx.update(queues).set({ active: false, updatedAt: new Date() }).where(eq(queues.id, existing.id));
        await recordAudit(tx as unknown as Db, p, { action: "queue.retired", entity: "queue", entityId: existing.id, tenantId: existing.tenantId });
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/queues/stats",
    {
      config: { access: "authenticated" },
      schema: { tags: ["routing"], summary: "Live figures of every queue you may see (wallboard)", response: { 200: QueueStatsList, ...errors } },
    },
    async (request) => {
      const engine = requireRouting(routing).engine;
      const p = principalOf(request);
      const items = engine
        .listQueues()
        .filter((q) => canSeeTenant(p.scope, q.tenantId))
        .map((q) => statsView(engine.queueStats(q.id)!));
      return { items };
    },
  );

  app.get(
    "/queues/:id/waiting",
    { config: { access: CENTER_STAFF }, schema: { tags: ["routing"], summary: "Contacts waiting in a queue, with positions", params: IdParams, response: { 200: WaitingList, ...errors } } },
    async (request) => {
      const queue = await findQueue(db, principalOf(request), request.params.id);
      return { items: requireRouting(routing).engine.listWaiting(queue.id).map(toWaiting) };
    },
  );
};

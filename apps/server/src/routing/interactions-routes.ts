import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  CreateInteractionRequest,
  CustomerChoiceRequest,
  HoldRequest,
  ErrorBody,
  IdParams,
  InteractionEvents,
  InteractionList,
  InteractionQuery,
  InteractionResponse,
  RejectRequest,
  TransferRequest,
  WrapUpRequest,
} from "@moked/contracts";
import { canSeeTenant, interactionEvents, interactions, queues, tenantFilter, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../auth/context";
import { CENTER_STAFF, principalOf } from "../auth/guard";
import { badRequest, notFound } from "../core/errors";
import type { EngineEvent } from "@moked/routing";
import type { RoutingHost } from "./host";
import { FINAL_STATE_OF } from "./projection";
import { lastTransfer } from "./transfer-note";
import { requireRouting } from "./views";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const Ok = z.object({ ok: z.literal(true) });
/** Who may put contacts into routing: staff, agents (callbacks they create) and integration tokens bound to them. */
const CREATORS = ["admin", "center_manager", "shift_manager", "team_leader", "agent"] as const;
const AGENTS = ["agent", "team_leader"] as const;
const TRANSFERRERS = ["agent", "team_leader", "shift_manager", "center_manager", "admin"] as const;
/** The systems around a contact (voice gateway, chat server) report the customer's actions through these. */
const CHANNEL_SYSTEMS = ["admin", "center_manager", "shift_manager", "team_leader"] as const;

type InteractionRow = typeof interactions.$inferSelect;

async function findInteraction(db: Db, principal: Principal, id: string): Promise<InteractionRow> {
  const [row] = await withTenantScope(db, principal.scope, (tx) => tx.select().from(interactions).where(and(eq(interactions.id, id), tenantFilter(interactions.tenantId, principal.scope))));
  if (!row) throw notFound("interaction");
  return row;
}

function view(row: InteractionRow, routing: RoutingHost | null) {
  const live = routing?.engine.contact(row.id);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    tenantId: row.tenantId,
    queueId: live?.queueId ?? row.queueId,
    channel: row.channel as z.infer<typeof CreateInteractionRequest>["channel"],
    externalId: row.externalId,
    topic: row.topic,
    priority: row.priority,
    customerRef: row.customerRef,
    status: live?.status ?? row.status,
    finalState: row.finalState,
    agentId: live?.agentId ?? row.agentId,
    wrapUpCode: row.wrapUpCode,
    arrivedAt: row.arrivedAt.toISOString(),
    answeredAt: iso(row.answeredAt),
    endedAt: iso(row.endedAt),
    deadlineAt: iso(row.deadlineAt),
    deadlineBreached: row.deadlineBreached,
    position: live?.position ?? null,
    expectedWaitSeconds: live?.expectedWaitMs === undefined || live.expectedWaitMs === null ? null : Math.round(live.expectedWaitMs / 1000),
  };
}

/** The agent's wrap-up notes go with the contact (the customer 360 view reads them). */
async function saveNotes(db: Db, id: string, notes: string | undefined): Promise<void> {
  if (!notes) return;
  await db
    .update(interactions)
    .set({ data: sql`${interactions.data} || jsonb_build_object('wrapUpNotes', ${notes}::text)`, updatedAt: new Date() })
    .where(eq(interactions.id, id));
}

/** The row a just-created contact has, from its request and the events its arrival caused (no read-back). */
function bornRow(id: string, body: z.infer<typeof CreateInteractionRequest>, events: EngineEvent[]): InteractionRow {
  const arrived = events.find((e) => e.type === "interaction.arrived" && e.interactionId === id)!;
  const final = events.find((e) => e.interactionId === id && FINAL_STATE_OF[e.type]);
  return {
    id,
    tenantId: body.tenantId,
    queueId: body.queueId,
    channel: body.channel,
    externalId: body.externalId ?? null,
    topic: body.topic ?? null,
    priority: arrived.priority as number,
    customerRef: body.customerRef ?? null,
    requiredSkills: body.requiredSkills,
    status: final ? "ended" : "waiting",
    finalState: final ? FINAL_STATE_OF[final.type]! : null,
    agentId: null,
    wrapUpCode: null,
    arrivedAt: new Date(arrived.arrivedAt as number),
    answeredAt: null,
    endedAt: final ? new Date(final.at) : null,
    deadlineAt: typeof arrived.deadlineAt === "number" ? new Date(arrived.deadlineAt) : null,
    deadlineBreached: false,
    data: body.data,
    updatedAt: new Date(arrived.at),
    reportedAt: null,
  };
}

export const interactionRoutes: FastifyPluginAsyncZod<{ db: Db; routing: RoutingHost | null }> = async (app, { db, routing }) => {
  /** Serialises creation per external id, so a retried request never makes a second contact. */
  const creating = new Map<string, Promise<string>>();

  app.post(
    "/interactions",
    {
      config: { access: CREATORS },
      schema: {
        tags: ["routing"],
        summary: "Put a contact into routing (channels, integrations, the simulator)",
        description: "Repeating a request with the same externalId returns the contact already created (200) instead of a second one (201).",
        body: CreateInteractionRequest,
        response: { 200: InteractionResponse, 201: InteractionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const host = requireRouting(routing);
      const p = principalOf(request);
      const body = request.body;
      if (!canSeeTenant(p.scope, body.tenantId)) throw notFound("client line");
      // The engine holds every active queue: no database round trip on the hot path.
      const queue = host.engine.listQueues().find((q) => q.id === body.queueId);
      if (!queue || queue.tenantId !== body.tenantId) throw badRequest("unknown_queue", "The queue does not exist or belongs to another client line", { queueId: body.queueId });

      const create = async (): Promise<{ id: string; created: boolean; events?: EngineEvent[]; arrivedAt?: number }> => {
        if (body.externalId) {
          const [existing] = await db.select({ id: interactions.id }).from(interactions).where(and(eq(interactions.tenantId, body.tenantId), eq(interactions.externalId, body.externalId)));
          if (existing) return { id: existing.id, created: false };
        }
        const id = randomUUID();
        const events = await host.submit({
          type: "arrive",
          interaction: {
            id,
            tenantId: body.tenantId,
            queueId: body.queueId,
            channel: body.channel,
            priority: body.priority,
            protectedCustomer: body.protectedCustomer,
            requiredSkills: body.requiredSkills,
            ...(body.topic ? { topic: body.topic } : {}),
            ...(body.customerRef ? { customerRef: body.customerRef } : {}),
          },
          meta: { ...(body.externalId ? { externalId: body.externalId } : {}), data: body.data, actorId: p.user.id },
        });
        return { id, created: true, events };
      };
      let result: { id: string; created: boolean; events?: EngineEvent[] };
      const key = body.externalId ? `${body.tenantId}|${body.externalId}` : null;
      const pending = key ? creating.get(key) : undefined;
      if (pending) result = { id: await pending, created: false };
      else {
        const promise = create();
        if (key) creating.set(key, promise.then((r) => r.id));
        try {
          result = await promise;
        } finally {
          if (key) creating.delete(key);
        }
      }
      if (result.created && result.events) return reply.status(201).send({ interaction: view(bornRow(result.id, body, result.events), routing) });
      const row = await findInteraction(db, p, result.id);
      return reply.status(200).send({ interaction: view(row, routing) });
    },
  );

  app.get(
    "/interactions",
    { config: { access: "authenticated" }, schema: { tags: ["routing"], summary: "Recent contacts of the lines you may see", querystring: InteractionQuery, response: { 200: InteractionList, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const filters: Array<SQL | undefined> = [tenantFilter(interactions.tenantId, p.scope)];
      if (q.tenantId) filters.push(eq(interactions.tenantId, q.tenantId));
      if (q.queueId) filters.push(eq(interactions.queueId, q.queueId));
      if (q.status) filters.push(eq(interactions.status, q.status));
      const rows = await withTenantScope(db, p.scope, (tx) =>
        tx
          .select()
          .from(interactions)
          .where(and(...filters))
          .orderBy(desc(interactions.arrivedAt))
          .limit(q.limit),
      );
      return { items: rows.map((r) => view(r, routing)) };
    },
  );

  app.get(
    "/interactions/:id",
    { config: { access: "authenticated" }, schema: { tags: ["routing"], summary: "One contact, with its live place in the queue and its last hand-over (who transferred it, their note)", params: IdParams, response: { 200: InteractionResponse, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const row = await findInteraction(db, p, request.params.id);
      return { interaction: view(row, routing), transfer: await lastTransfer(db, p, row.id) };
    },
  );

  app.get(
    "/interactions/:id/events",
    { config: { access: "authenticated" }, schema: { tags: ["routing"], summary: "Everything that happened to a contact, in order", params: IdParams, response: { 200: InteractionEvents, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const row = await findInteraction(db, p, request.params.id);
      const events = await withTenantScope(db, p.scope, (tx) =>
        tx.select().from(interactionEvents).where(eq(interactionEvents.interactionId, row.id)).orderBy(asc(interactionEvents.at), asc(interactionEvents.id)),
      );
      return { items: events.map((e) => ({ id: e.id, type: e.type, at: e.at.toISOString(), agentId: e.agentId, data: e.data })) };
    },
  );

  const agentAction = (path: string, summary: string, body: z.ZodType | undefined, command: (id: string, agentId: string, body: never) => Parameters<RoutingHost["submit"]>[0]) =>
    app.post(
      `/interactions/:id/${path}`,
      { config: { access: AGENTS }, schema: { tags: ["agent desktop"], summary, params: IdParams, ...(body ? { body } : {}), response: { 200: Ok, ...errors } } },
      async (request) => {
        const p = principalOf(request);
        const row = await findInteraction(db, p, request.params.id);
        const host = requireRouting(routing);
        const next = command(row.id, p.user.id, request.body as never);
        if (next.type === "complete") await host.completing(row.id, p.user.id);
        await host.submit(next);
        return { ok: true as const };
      },
    );
  agentAction("accept", "Accept the contact offered to you", undefined, (id, agentId) => ({ type: "accept", interactionId: id, agentId }));
  agentAction("reject", "Decline the contact offered to you (you become not-ready)", RejectRequest, (id, agentId, b: z.infer<typeof RejectRequest>) => ({
    type: "reject",
    interactionId: id,
    agentId,
    ...(b?.reason ? { reason: b.reason } : {}),
  }));
  agentAction("complete", "End the contact; wrap-up starts", undefined, (id, agentId) => ({ type: "complete", interactionId: id, agentId }));
  agentAction("not-reached", "End an outbound call-back the customer did not answer (reports count it as an attempt, not a contact); wrap-up starts", undefined, (id, agentId) => ({ type: "complete", interactionId: id, agentId, reached: false }));
  agentAction("hold", "Put your connected customer on hold or take them off it (the reports' hold time)", HoldRequest, (id, agentId, b: z.infer<typeof HoldRequest>) => ({ type: "hold", interactionId: id, agentId, held: b.held }));

  app.post(
    "/interactions/:id/wrap-up",
    { config: { access: AGENTS }, schema: { tags: ["agent desktop"], summary: "File the wrap-up code (ends the contact if still connected)", params: IdParams, body: WrapUpRequest, response: { 200: Ok, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const row = await findInteraction(db, p, request.params.id);
      const host = requireRouting(routing);
      if (!host.engine.contact(row.id) && row.agentId === p.user.id && row.finalState) {
        // The automatic wrap-up time already ran out: the code still belongs on the contact.
        await db.update(interactions).set({ wrapUpCode: request.body.code, updatedAt: new Date() }).where(eq(interactions.id, row.id));
        await saveNotes(db, row.id, request.body.notes);
        return { ok: true as const };
      }
      // Filing a connected contact ends it first: the same work as before a completion.
      if (host.engine.contact(row.id)?.status === "connected") await host.completing(row.id, p.user.id);
      await host.submit({ type: "wrap_up", interactionId: row.id, agentId: p.user.id, code: request.body.code });
      await saveNotes(db, row.id, request.body.notes);
      return { ok: true as const };
    },
  );

  app.post(
    "/interactions/:id/transfer",
    {
      config: { access: TRANSFERRERS },
      schema: { tags: ["agent desktop"], summary: "Transfer to a queue or an agent, with an optional note for whoever takes it next (agents: their own contact; supervisors: any waiting one)", params: IdParams, body: TransferRequest, response: { 200: Ok, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await findInteraction(db, p, request.params.id);
      const host = requireRouting(routing);
      const { queueId, agentId } = request.body;
      const reason = request.body.reason?.trim();
      const to = queueId ? { queueId } : { agentId: agentId! };
      if (queueId) {
        const [q] = await db.select({ tenantId: queues.tenantId }).from(queues).where(eq(queues.id, queueId));
        if (!q) throw badRequest("unknown_queue", "No such queue", { queueId });
      }
      const supervisor = (CENTER_STAFF as readonly string[]).includes(p.user.role);
      const live = host.engine.contact(row.id);
      await host.submit({ type: "transfer", interactionId: row.id, to, ...(supervisor && live?.agentId !== p.user.id ? {} : { by: p.user.id }), ...(reason ? { reason } : {}) });
      return { ok: true as const };
    },
  );

  app.post(
    "/interactions/:id/hangup",
    { config: { access: CHANNEL_SYSTEMS }, schema: { tags: ["channels"], summary: "The customer hung up or left (abandon if still waiting)", params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const row = await findInteraction(db, principalOf(request), request.params.id);
      await requireRouting(routing).submit({ type: "hangup", interactionId: row.id });
      return { ok: true as const };
    },
  );

  app.post(
    "/interactions/:id/customer-choice",
    {
      config: { access: CHANNEL_SYSTEMS },
      schema: { tags: ["channels"], summary: "The waiting customer chose to hold, leave a message or be called back", params: IdParams, body: CustomerChoiceRequest, response: { 200: Ok, ...errors } },
    },
    async (request) => {
      const row = await findInteraction(db, principalOf(request), request.params.id);
      await requireRouting(routing).submit({ type: "customer_choice", interactionId: row.id, choice: request.body.choice });
      return { ok: true as const };
    },
  );
};

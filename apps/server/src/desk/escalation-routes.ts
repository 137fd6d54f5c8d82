import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Escalation } from "@moked/contracts";
import { CloseEscalationRequest, ErrorBody, EscalateRequest, EscalationList, EscalationQuery, EscalationResponse, IdParams, TransferAgents } from "@moked/contracts";
import { escalations, interactions, tenantFilter, users, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../auth/context";
import { CENTER_STAFF, principalOf } from "../auth/guard";
import { conflict, notFound } from "../core/errors";
import type { LiveBus } from "../live/bus";
import type { RoutingHost } from "../routing/host";
import { languagesOf, requireRouting } from "../routing/views";
import { DESK_USERS } from "./routes";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const AGENTS = ["agent", "team_leader"] as const;
const SUPERVISORS = ["team_leader", "shift_manager", "center_manager", "admin"];
type Row = typeof escalations.$inferSelect;
type View = z.infer<typeof Escalation>;

/** Names and teams of the people on escalations; staff rows sit outside a line's scope, so the owner reads them. */
async function views(db: Db, rows: Row[], channels: Map<string, string>): Promise<View[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.raisedBy, ...(r.takenBy ? [r.takenBy] : [])]))];
  const people = new Map(ids.length ? (await db.select({ id: users.id, name: users.name, teamId: users.teamId }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u]) : []);
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenantId,
    interactionId: r.interactionId,
    channel: (channels.get(r.interactionId) ?? null) as View["channel"],
    raisedBy: r.raisedBy,
    raisedByName: people.get(r.raisedBy)?.name ?? null,
    teamId: people.get(r.raisedBy)?.teamId ?? null,
    message: r.message,
    status: r.status as View["status"],
    takenBy: r.takenBy,
    takenByName: r.takenBy ? (people.get(r.takenBy)?.name ?? null) : null,
    resolution: r.resolution,
    createdAt: r.createdAt.toISOString(),
    takenAt: r.takenAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
  }));
}

/**
 * Escalation to the team leader (an agent raises it on a contact they handle; a team leader sees it live,
 * takes it and closes it) and the colleagues a contact can be transferred to.
 */
export const escalationRoutes: FastifyPluginAsyncZod<{ db: Db; routing: RoutingHost | null; bus: LiveBus }> = async (app, { db, routing, bus }) => {
  const channelsOf = async (p: Principal, rows: Row[]) => {
    const ids = [...new Set(rows.map((r) => r.interactionId))];
    if (ids.length === 0) return new Map<string, string>();
    const found = await withTenantScope(db, p.scope, (tx) => tx.select({ id: interactions.id, channel: interactions.channel }).from(interactions).where(inArray(interactions.id, ids)));
    return new Map(found.map((f) => [f.id, f.channel]));
  };
  const one = async (p: Principal, row: Row) => (await views(db, [row], await channelsOf(p, [row])))[0]!;
  const publish = async (view: View) => {
    const event = { type: "desk.escalation", tenantId: view.tenantId, at: new Date().toISOString(), payload: { escalation: view } };
    await bus.publish({ ...event, audience: { roles: SUPERVISORS } });
    await bus.publish({ ...event, audience: { userId: view.raisedBy } });
  };
  const findEscalation = async (p: Principal, id: string): Promise<Row> => {
    const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(escalations).where(and(eq(escalations.id, id), tenantFilter(escalations.tenantId, p.scope))));
    if (!row) throw notFound("escalation");
    return row;
  };
  const change = async (p: Principal, row: Row, from: string[], set: Partial<Row>) => {
    const [updated] = await withTenantScope(db, p.scope, (tx) =>
      tx
        .update(escalations)
        .set(set)
        .where(and(eq(escalations.id, row.id), inArray(escalations.status, from)))
        .returning(),
    );
    if (!updated) throw conflict("escalation_not_open", `The escalation is already ${row.status}`, { status: row.status });
    const view = await one(p, updated);
    await publish(view);
    return { escalation: view };
  };

  app.post(
    "/interactions/:id/escalate",
    {
      config: { access: AGENTS },
      schema: { tags: ["agent desktop"], summary: "Bring in the team leader on the contact you are handling", params: IdParams, body: EscalateRequest, response: { 201: EscalationResponse, ...errors } },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const row = await withTenantScope(db, p.scope, async (tx) => {
        const [contact] = await tx.select().from(interactions).where(and(eq(interactions.id, request.params.id), tenantFilter(interactions.tenantId, p.scope)));
        if (!contact) throw notFound("interaction");
        const handler = routing?.engine.contact(contact.id)?.agentId ?? contact.agentId;
        if (handler !== p.user.id) throw conflict("not_your_contact", "Only the agent handling this contact may escalate it");
        const [active] = await tx
          .select()
          .from(escalations)
          .where(and(eq(escalations.interactionId, contact.id), inArray(escalations.status, ["open", "taken"])));
        if (active) throw conflict("already_escalated", "This contact is already escalated", { escalationId: active.id });
        const [created] = await tx.insert(escalations).values({ tenantId: contact.tenantId, interactionId: contact.id, raisedBy: p.user.id, message: request.body.message }).returning();
        return created!;
      });
      const view = await one(p, row);
      await publish(view);
      return reply.status(201).send({ escalation: view });
    },
  );

  app.get(
    "/escalations",
    {
      config: { access: DESK_USERS },
      schema: { tags: ["supervisor"], summary: "Escalations of the lines you may see (an agent: their own)", querystring: EscalationQuery, response: { 200: EscalationList, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const filters: Array<SQL | undefined> = [tenantFilter(escalations.tenantId, p.scope)];
      filters.push(q.status === "active" ? inArray(escalations.status, ["open", "taken"]) : eq(escalations.status, q.status));
      if (q.interactionId) filters.push(eq(escalations.interactionId, q.interactionId));
      if (p.user.role === "agent") filters.push(eq(escalations.raisedBy, p.user.id));
      const rows = await withTenantScope(db, p.scope, (tx) =>
        tx
          .select()
          .from(escalations)
          .where(and(...filters))
          .orderBy(desc(escalations.createdAt))
          .limit(200),
      );
      return { items: await views(db, rows, await channelsOf(p, rows)) };
    },
  );

  app.post(
    "/escalations/:id/take",
    { config: { access: CENTER_STAFF }, schema: { tags: ["supervisor"], summary: "Take an open escalation (you are now helping the agent)", params: IdParams, response: { 200: EscalationResponse, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const row = await findEscalation(p, request.params.id);
      return change(p, row, ["open"], { status: "taken", takenBy: p.user.id, takenAt: new Date() });
    },
  );

  app.post(
    "/escalations/:id/close",
    {
      config: { access: DESK_USERS },
      schema: { tags: ["supervisor"], summary: "Close an escalation (center staff, or the agent who raised it)", params: IdParams, body: CloseEscalationRequest, response: { 200: EscalationResponse, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await findEscalation(p, request.params.id);
      if (p.user.role === "agent" && row.raisedBy !== p.user.id) throw notFound("escalation");
      return change(p, row, ["open", "taken"], { status: "closed", closedBy: p.user.id, closedAt: new Date(), resolution: request.body.resolution ?? null });
    },
  );

  app.get(
    "/interactions/:id/transfer-agents",
    {
      config: { access: DESK_USERS },
      schema: { tags: ["agent desktop"], summary: "Colleagues logged in who serve the contact's line (transfer targets)", params: IdParams, response: { 200: TransferAgents, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const [contact] = await withTenantScope(db, p.scope, (tx) => tx.select({ tenantId: interactions.tenantId }).from(interactions).where(and(eq(interactions.id, request.params.id), tenantFilter(interactions.tenantId, p.scope))));
      if (!contact) throw notFound("interaction");
      const agents = requireRouting(routing)
        .engine.listAgents()
        .filter((a) => a.agentId !== p.user.id && a.presence !== "offline" && (a.tenantIds === null || a.tenantIds.includes(contact.tenantId)));
      const names = new Map(agents.length ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, agents.map((a) => a.agentId)))).map((u) => [u.id, u.name]) : []);
      return {
        items: agents
          .map((a) => ({ agentId: a.agentId, name: names.get(a.agentId) ?? "", activity: a.activity, languages: languagesOf(a.skills) }))
          .sort((x, y) => x.name.localeCompare(y.name)),
      };
    },
  );
};

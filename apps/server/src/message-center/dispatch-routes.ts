import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, IdParams } from "@moked/contracts";
import { canSeeTenant, dispatches, onCallRosters, tenantFilter, tenants, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import { CENTER_ADMINS, principalOf } from "../auth/guard";
import { AppError, badRequest, conflict, notFound } from "../core/errors";
import { perAddress, RateLimiter } from "../core/rate-limit";
import { acknowledge, serverSecret, verifyAck } from "./dispatch";
import { chainAt, onCallAt } from "./on-call";
import { onCallRoutes } from "./on-call-routes";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody };
const STAFF_AND_AGENTS = ["admin", "center_manager", "shift_manager", "team_leader", "agent"] as const;
const READERS = [...STAFF_AND_AGENTS, "client_viewer"] as const;

const Member = z.object({ id: z.string().min(1).max(60), name: z.string().min(1).max(120), email: z.email().optional(), phone: z.string().max(40).optional() });
const RosterBody = z
  .object({
    members: z.array(Member).min(1).max(50),
    rotationStart: z.iso.date(),
    handoverWeekday: z.number().int().min(0).max(6).default(0),
    handoverTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default("08:00"),
    overrides: z.array(z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), memberId: z.string() })).max(200).default([]),
    holidayMemberId: z.string().nullable().default(null),
    escalation: z.array(z.string()).max(20).default([]),
    ackTimeoutSeconds: z.number().int().min(5).max(86_400).default(600),
  })
  .refine((r) => [...r.escalation, ...r.overrides.map((o) => o.memberId), ...(r.holidayMemberId ? [r.holidayMemberId] : [])].every((id) => r.members.some((m) => m.id === id)), "every member named in overrides, escalation or holidays must be a roster member");
const Step = z.object({ at: z.string(), action: z.string(), memberId: z.string().optional(), memberName: z.string().optional(), by: z.string().optional(), note: z.string().optional() });
const DispatchView = z.object({ id: z.string(), tenantId: z.string(), messageId: z.string().nullable(), status: z.string(), step: z.number(), chain: z.array(Member), log: z.array(Step), createdAt: z.string(), acknowledgedAt: z.string().nullable() });

const toView = (d: typeof dispatches.$inferSelect) => ({ id: d.id, tenantId: d.tenantId, messageId: d.messageId, status: d.status, step: d.step, chain: d.chain, log: d.log, createdAt: d.createdAt.toISOString(), acknowledgedAt: d.acknowledgedAt?.toISOString() ?? null });

function page(title: string, body: string): string {
  return `<!doctype html><html lang="he" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body style="font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${title}</h1><p>${body}</p></body></html>`;
}

export const dispatchRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  await app.register(onCallRoutes, { db });
  app.put(
    "/tenants/:id/on-call",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["message center"], summary: "Set a line's on-call roster and escalation chain", params: IdParams, body: RosterBody, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      const p = principalOf(request);
      if (!canSeeTenant(p.scope, request.params.id)) throw notFound("client line");
      const values = { tenantId: request.params.id, ...request.body, updatedAt: new Date() };
      await db.transaction(async (tx) => {
        await tx.insert(onCallRosters).values(values).onConflictDoUpdate({ target: onCallRosters.tenantId, set: values });
        await recordAudit(tx as unknown as Db, p, { action: "on_call.updated", entity: "on_call_roster", entityId: request.params.id, tenantId: request.params.id, details: { members: request.body.members.length } });
      });
      return { ok: true as const };
    },
  );

  app.get(
    "/tenants/:id/on-call/now",
    {
      config: { access: READERS },
      schema: { tags: ["message center"], summary: "Who is on call now (or at ?at=), and the chain after them", params: IdParams, querystring: z.object({ at: z.iso.datetime({ offset: true }).optional() }), response: { 200: z.object({ onCall: Member.nullable(), chain: z.array(Member) }), ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      if (!canSeeTenant(p.scope, request.params.id)) throw notFound("client line");
      const [roster] = await withTenantScope(db, p.scope, (tx) => tx.select().from(onCallRosters).where(eq(onCallRosters.tenantId, request.params.id)));
      const [tenant] = await db.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, request.params.id));
      if (!roster || !tenant) throw notFound("on-call roster");
      const at = request.query.at ? Date.parse(request.query.at) : Date.now();
      return { onCall: onCallAt(roster, tenant.timeZone, at), chain: chainAt(roster, tenant.timeZone, at) };
    },
  );

  app.get(
    "/dispatches",
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "Dispatch log of the lines you may see", querystring: z.object({ tenantId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(DispatchView) }), ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const filters: Array<SQL | undefined> = [tenantFilter(dispatches.tenantId, p.scope)];
      if (request.query.tenantId) filters.push(eq(dispatches.tenantId, request.query.tenantId));
      const rows = await withTenantScope(db, p.scope, (tx) => tx.select().from(dispatches).where(and(...filters)).orderBy(desc(dispatches.createdAt)).limit(200));
      return { items: rows.map(toView) };
    },
  );

  app.post(
    "/dispatches/:id/acknowledge",
    {
      config: { access: STAFF_AND_AGENTS },
      schema: { tags: ["message center"], summary: "Record that the person on call answered the phone", params: IdParams, body: z.object({ note: z.string().max(500).optional() }), response: { 200: z.object({ dispatch: DispatchView }), ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const [d] = await withTenantScope(db, p.scope, (tx) => tx.select().from(dispatches).where(and(eq(dispatches.id, request.params.id), tenantFilter(dispatches.tenantId, p.scope))));
      if (!d) throw notFound("dispatch");
      if (d.status === "acknowledged") throw conflict("already_acknowledged", "The dispatch is already acknowledged");
      const row = await acknowledge(db, d, `${p.user.name} (phone)`, request.body.note);
      await recordAudit(db, p, { action: "dispatch.acknowledged", entity: "dispatch", entityId: d.id, tenantId: d.tenantId });
      return { dispatch: toView(row) };
    },
  );

  // The link in the on-call person's e-mail: no login, the signature is the permission.
  const ackLinkLimit = new RateLimiter(30, 60_000);
  app.get(
    "/dispatches/:id/ack",
    {
      config: { access: "public" },
      preHandler: perAddress(ackLinkLimit),
      schema: { tags: ["message center"], summary: "Acknowledge by the signed link sent to the person on call", params: IdParams, querystring: z.object({ step: z.coerce.number().int().min(0), expires: z.coerce.number().int(), sig: z.string().regex(/^[0-9a-f]{64}$/) }) },
    },
    async (request, reply) => {
      const { step, expires, sig } = request.query;
      const verdict = verifyAck(await serverSecret(db, "dispatch_links"), request.params.id, step, expires, sig, Date.now());
      if (verdict === "invalid") throw new AppError("invalid_signature", 403, "This acknowledgement link is not valid");
      if (verdict === "expired") throw new AppError("link_expired", 410, "This acknowledgement link has expired");
      const [d] = await db.select().from(dispatches).where(eq(dispatches.id, request.params.id));
      if (!d) throw notFound("dispatch");
      if (d.status !== "acknowledged") {
        if (step > d.step) throw badRequest("not_notified", "This person has not been called yet");
        await acknowledge(db, d, d.chain[step]?.name ?? "link");
      }
      return reply.type("text/html; charset=utf-8").send(page("תודה, הקריאה אושרה / Acknowledged", "המוקד יודע שקיבלת את הפנייה. / The center knows you have it."));
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, IdParams, OnCallRoster as RosterView, OnCallWeek as WeekView } from "@moked/contracts";
import { canSeeTenant, onCallRosters, tenants, withTenantScope, type Db } from "@moked/db";
import { zonedInstant } from "@moked/routing";
import { recordAudit } from "../audit/record";
import type { Principal } from "../auth/context";
import { CENTER_ADMINS, principalOf } from "../auth/guard";
import { badRequest, notFound } from "../core/errors";
import { onCallWeek, weekStartOf } from "./on-call-week";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;

const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, "a local date and time, YYYY-MM-DDTHH:MM");

async function rosterOf(db: Db, p: Principal, tenantId: string) {
  if (!canSeeTenant(p.scope, tenantId)) throw notFound("client line");
  const [roster] = await withTenantScope(db, p.scope, (tx) => tx.select().from(onCallRosters).where(eq(onCallRosters.tenantId, tenantId)));
  const [tenant] = await db.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  if (!roster || !tenant) throw notFound("on-call roster");
  return { roster, timeZone: tenant.timeZone };
}

const toView = (roster: typeof onCallRosters.$inferSelect, timeZone: string): z.infer<typeof RosterView> => ({
  tenantId: roster.tenantId,
  timeZone,
  members: roster.members,
  rotationStart: roster.rotationStart,
  handoverWeekday: roster.handoverWeekday,
  handoverTime: roster.handoverTime,
  overrides: roster.overrides,
  holidayMemberId: roster.holidayMemberId,
  escalation: roster.escalation,
  ackTimeoutSeconds: roster.ackTimeoutSeconds,
});

/** The on-call roster as a calendar: read it, see a week of it, and change who covers when (overrides). */
export const onCallRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/tenants/:id/on-call",
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "A line's on-call roster", params: IdParams, response: { 200: RosterView, ...errors } } },
    async (request) => {
      const { roster, timeZone } = await rosterOf(db, principalOf(request), request.params.id);
      return toView(roster, timeZone);
    },
  );

  app.get(
    "/tenants/:id/on-call/week",
    {
      config: { access: READERS },
      schema: {
        tags: ["message center"],
        summary: "A week of the roster in the line's time zone: who is on call when, Shabbat and holidays marked",
        params: IdParams,
        querystring: z.object({ start: z.iso.date().optional().describe("The first day (local); this week's Sunday when omitted") }),
        response: { 200: WeekView, ...errors },
      },
    },
    async (request) => {
      const { roster, timeZone } = await rosterOf(db, principalOf(request), request.params.id);
      const start = request.query.start ?? weekStartOf(Date.now(), timeZone);
      const days = onCallWeek(roster, timeZone, start);
      const first = Date.parse(days[0]!.segments[0]?.from ?? `${start}T00:00:00Z`);
      const last = Date.parse(days[6]!.segments.at(-1)?.to ?? `${start}T00:00:00Z`);
      const overrides = roster.overrides
        .filter((o) => Date.parse(o.to) > first && Date.parse(o.from) < last)
        .map((o) => ({ ...o, memberName: roster.members.find((m) => m.id === o.memberId)?.name ?? null }));
      return { tenantId: roster.tenantId, timeZone, start, days, overrides };
    },
  );

  app.post(
    "/tenants/:id/on-call/overrides",
    {
      config: { access: CENTER_ADMINS },
      schema: {
        tags: ["message center"],
        summary: "Put someone else on call for a span (local times of the line)",
        params: IdParams,
        body: z.object({ from: LocalDateTime, to: LocalDateTime, memberId: z.string().min(1) }),
        response: { 200: RosterView, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { roster, timeZone } = await rosterOf(db, p, request.params.id);
      const { memberId } = request.body;
      const instant = (local: string) => zonedInstant(local.slice(0, 10), Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16)), timeZone);
      const from = instant(request.body.from);
      const to = instant(request.body.to);
      if (to <= from) throw badRequest("invalid_span", "The override must end after it starts", [{ path: "to", message: "after from" }]);
      if (!roster.members.some((m) => m.id === memberId)) throw badRequest("unknown_member", "Not a member of this roster", [{ path: "memberId", message: "a roster member" }]);
      // Overrides long over are dropped as new ones come, so the list stays short.
      const monthAgo = Date.now() - 30 * 86_400_000;
      const overrides = [...roster.overrides.filter((o) => Date.parse(o.to) > monthAgo), { from: new Date(from).toISOString(), to: new Date(to).toISOString(), memberId }].slice(-200);
      return saveOverrides(db, p, roster, timeZone, overrides, "on_call.override_added");
    },
  );

  app.delete(
    "/tenants/:id/on-call/overrides",
    {
      config: { access: CENTER_ADMINS },
      schema: { tags: ["message center"], summary: "Remove an override (named by its start and member)", params: IdParams, querystring: z.object({ from: z.string(), memberId: z.string() }), response: { 200: RosterView, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const { roster, timeZone } = await rosterOf(db, p, request.params.id);
      const at = Date.parse(request.query.from);
      const overrides = roster.overrides.filter((o) => !(Date.parse(o.from) === at && o.memberId === request.query.memberId));
      if (overrides.length === roster.overrides.length) throw notFound("override");
      return saveOverrides(db, p, roster, timeZone, overrides, "on_call.override_removed");
    },
  );
};

async function saveOverrides(db: Db, p: Principal, roster: typeof onCallRosters.$inferSelect, timeZone: string, overrides: typeof roster.overrides, action: string) {
  const [row] = await withTenantScope(db, p.scope, async (tx) => {
    const rows = await tx.update(onCallRosters).set({ overrides, updatedAt: new Date() }).where(eq(onCallRosters.tenantId, roster.tenantId)).returning();
    await recordAudit(tx, p, { action, entity: "on_call_roster", entityId: roster.tenantId, tenantId: roster.tenantId, details: { overrides: overrides.length } });
    return rows;
  });
  return toView(row!, timeZone);
}

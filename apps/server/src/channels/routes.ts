import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, IdParams } from "@moked/contracts";
import { customers, interactions, tenantFilter, tenants, withTenantScope, type Db } from "@moked/db";
import { principalOf } from "../auth/guard";
import { badRequest, notFound } from "../core/errors";
import { enforceRateLimit, RateLimiter } from "../core/rate-limit";
import { requestCallback } from "./callbacks";
import { toE164 } from "./customers";
import { ConversationLine, conversationsOf } from "./timeline";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };
const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;

const CallbackBody = z.object({
  line: z.string().min(1).max(60).describe("The client line's slug"),
  name: z.string().trim().min(1).max(120),
  phone: z.string().min(6).max(40),
  windowFrom: z.iso.datetime({ offset: true }).optional().describe("Earliest time to call; now when omitted"),
  windowTo: z.iso.datetime({ offset: true }).optional(),
  marketingConsent: z.boolean().default(false).describe("A separate, unticked consent for marketing messages"),
});
const CallbackView = z.object({ id: z.string(), status: z.string(), windowFrom: z.string(), windowTo: z.string().nullable(), requests: z.number(), merged: z.boolean() });

export const channelRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const callbackLimit = new RateLimiter(10, 60_000);

  app.post(
    "/public/callbacks",
    {
      config: { access: "public" },
      bodyLimit: 8 * 1024,
      schema: {
        tags: ["channels"],
        summary: "Leave your details and we'll call you back (public, per client line)",
        description: "Repeated requests from the same number while one is open are merged into it (200 with merged: true).",
        body: CallbackBody,
        response: { 200: z.object({ callback: CallbackView }), 201: z.object({ callback: CallbackView }), ...errors },
      },
    },
    async (request, reply) => {
      enforceRateLimit(callbackLimit, request.ip, reply);
      const body = request.body;
      const phone = toE164(body.phone);
      if (!phone) throw badRequest("invalid_phone", "This is not a valid phone number", [{ path: "phone", message: "e.g. 050-1234567 or +972501234567" }]);
      const [tenant] = await db.select().from(tenants).where(and(eq(tenants.slug, body.line), eq(tenants.active, true)));
      if (!tenant) throw notFound("client line");
      const windowFrom = body.windowFrom ? new Date(body.windowFrom) : new Date();
      const windowTo = body.windowTo ? new Date(body.windowTo) : null;
      if (windowTo && windowTo <= windowFrom) throw badRequest("invalid_window", "The window must end after it starts");
      const result = await requestCallback(db, tenant.id, { name: body.name, phone, windowFrom, windowTo, marketingConsent: body.marketingConsent });
      const r = result.row;
      return reply.status(result.merged ? 200 : 201).send({
        callback: { id: r.id, status: r.status, windowFrom: r.windowFrom.toISOString(), windowTo: r.windowTo?.toISOString() ?? null, requests: r.requests, merged: result.merged },
      });
    },
  );

  app.get(
    "/customers/:id",
    {
      config: { access: READERS },
      schema: {
        tags: ["channels"],
        summary: "A customer and every contact on every channel (customer 360)",
        params: IdParams,
        response: {
          200: z.object({
            customer: z.object({ id: z.string(), tenantId: z.string(), name: z.string().nullable(), phones: z.array(z.string()), emails: z.array(z.string()) }),
            contacts: z.array(
              z.object({
                id: z.string(),
                channel: z.string(),
                status: z.string(),
                finalState: z.string().nullable(),
                wrapUpCode: z.string().nullable(),
                arrivedAt: z.string(),
                agentId: z.string().nullable(),
                conversation: z.array(ConversationLine).describe("What was written in a chat, message or e-mail contact, in order (text only)"),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return withTenantScope(db, p.scope, async (tx) => {
        const [c] = await tx.select().from(customers).where(and(eq(customers.id, request.params.id), tenantFilter(customers.tenantId, p.scope)));
        if (!c) throw notFound("customer");
        const rows = await tx.select().from(interactions).where(and(eq(interactions.tenantId, c.tenantId), eq(interactions.customerRef, c.id))).orderBy(desc(interactions.arrivedAt)).limit(200);
        const written = await conversationsOf(tx, rows.map((r) => r.id));
        return {
          customer: { id: c.id, tenantId: c.tenantId, name: c.name, phones: c.phones, emails: c.emails },
          contacts: rows.map((r) => ({ id: r.id, channel: r.channel, status: r.status, finalState: r.finalState, wrapUpCode: r.wrapUpCode, arrivedAt: r.arrivedAt.toISOString(), agentId: r.agentId, conversation: written.get(r.id) ?? [] })),
        };
      });
    },
  );
};

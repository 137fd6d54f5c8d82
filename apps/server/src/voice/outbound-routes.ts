import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { DialRequest, DialResponse, ErrorBody, IdParams, OutboundAttemptResponse } from "@moked/contracts";
import { canSeeTenant, interactions, type Db } from "@moked/db";
import { principalOf } from "../auth/guard";
import { toE164 } from "../channels/customers";
import { AppError, notFound } from "../core/errors";
import type { VoiceGateway } from "./gateway";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const AGENTS = ["agent", "team_leader"] as const;
/** Who may dial a number by hand (not the contact's own): team leaders. */
const MANUAL_DIAL = new Set(["team_leader"]);

/**
 * Outbound calls from the agent desk: "Call back" on a contact places a call from the agent's browser to
 * the customer through the line's trunk; the desk polls its progress and can hang up.
 */
export const outboundRoutes: FastifyPluginAsyncZod<{ db: Db; voice: () => VoiceGateway | null }> = async (app, { db, voice }) => {
  const gateway = () => voice() ?? (() => { throw new AppError("voice_off", 503, "The voice gateway is not running on this node"); })();

  app.post(
    "/voice/calls/:id/dial",
    {
      config: { access: AGENTS },
      schema: {
        tags: ["voice"],
        summary: "Call the contact's customer back from the browser (by interaction id): WebRTC offer in, answer and the attempt out; the INVITE goes to the line's trunk",
        params: IdParams,
        body: DialRequest,
        response: { 200: DialResponse, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (request.body.number !== undefined && !MANUAL_DIAL.has(p.user.role)) throw new AppError("manual_dial_forbidden", 403, "Only team leaders may dial a number by hand");
      const [row] = await db.select({ tenantId: interactions.tenantId, data: interactions.data, customerRef: interactions.customerRef }).from(interactions).where(eq(interactions.id, request.params.id));
      if (!row || !canSeeTenant(p.scope, row.tenantId)) throw notFound("interaction");
      const phone = typeof row.data.customerPhone === "string" ? row.data.customerPhone : null;
      const number = request.body.number ?? (phone ? (toE164(phone) ?? phone) : null);
      if (!number || !/^\+?[0-9*#]{3,20}$/.test(number)) throw new AppError("no_number", 409, "This contact has no phone number to call");
      const { sdp, attempt } = await gateway().dial({ interactionId: request.params.id, userId: p.user.id, offerSdp: request.body.sdp, number });
      return { sdp, attempt: attempt.view() };
    },
  );

  app.get(
    "/voice/calls/:id/outbound",
    { config: { access: AGENTS }, schema: { tags: ["voice"], summary: "Your latest outbound call for this contact: ringing, answered, busy, no answer, failed", params: IdParams, response: { 200: OutboundAttemptResponse, ...errors } } },
    async (request) => ({ attempt: voice()?.outboundOf(request.params.id, principalOf(request).user.id)?.view() ?? null }),
  );

  app.post(
    "/voice/calls/:id/hangup",
    { config: { access: AGENTS }, schema: { tags: ["voice"], summary: "Hang up your outbound call (cancels it while it rings)", params: IdParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await gateway().hangUpOutbound(request.params.id, principalOf(request).user.id);
      return { ok: true as const };
    },
  );
};

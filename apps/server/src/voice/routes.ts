import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq } from "drizzle-orm";
import { DigitsRequest, ErrorBody, HoldRequest, IdParams, ListenAnswer, ListenerParams, SessionDescription, VoiceCallList, VoiceLineConfig, VoiceLineResponse } from "@moked/contracts";
import { z } from "zod";
import { tenantFilter, tenants, voiceLines, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import { CENTER_ADMINS, CENTER_STAFF, principalOf } from "../auth/guard";
import { canSeeTenant } from "@moked/db";
import { AppError, notFound } from "../core/errors";
import type { Call } from "./call";
import type { VoiceGateway } from "./gateway";
import { outboundRoutes } from "./outbound-routes";
import { checkLineReferences, loadLineConfig } from "./lines";
import { promptRoutes } from "./prompt-routes";
import { recordingRoutes } from "./recording-routes";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const AGENTS = ["agent", "team_leader"] as const;
const Ok = z.object({ ok: z.literal(true) });

export function callView(call: Call) {
  const { packetsIn, packetsOut, lost, dtmfIn, looped } = call.leg.stats;
  return {
    callId: call.dialog.callId,
    tenantId: call.tenantId,
    interactionId: call.interactionId,
    state: call.state,
    caller: call.caller,
    agentId: call.agentId,
    answeredAt: call.answeredAt === null ? null : new Date(call.answeredAt).toISOString(),
    language: call.language,
    region: call.region,
    codec: call.leg.codec,
    rtp: { packetsIn, packetsOut, lost, dtmfIn, looped },
    agentRtp: call.agent ? { packetsIn: call.agent.stats.packetsIn, packetsOut: call.agent.stats.packetsOut } : null,
    held: call.held,
    listeners: call.listeners.size,
  };
}

export const voiceRoutes: FastifyPluginAsyncZod<{ db: Db; voice: () => VoiceGateway | null; dataDir: string }> = async (app, { db, voice, dataDir }) => {
  await app.register(recordingRoutes, { db, dataDir });
  await app.register(outboundRoutes, { db, voice });
  await app.register(promptRoutes, { db });

  async function findLine(scope: Parameters<typeof tenantFilter>[1], id: string) {
    const [row] = await withTenantScope(db, scope, (tx) => tx.select({ id: tenants.id, slug: tenants.slug }).from(tenants).where(and(eq(tenants.id, id), tenantFilter(tenants.id, scope))));
    if (!row) throw notFound("client line");
    return row;
  }

  app.get(
    "/voice/lines/:id",
    { config: { access: CENTER_STAFF }, schema: { tags: ["voice"], summary: "A client line's phone menu and the numbers that reach it", params: IdParams, response: { 200: VoiceLineResponse, ...errors } } },
    async (request) => {
      const line = await findLine(principalOf(request).scope, request.params.id);
      const config = (await loadLineConfig(db, line.id))!;
      return { tenantId: line.id, numbers: voice()?.numbersOf(line.slug) ?? [], config };
    },
  );

  app.put(
    "/voice/lines/:id",
    {
      config: { access: CENTER_ADMINS },
      schema: { tags: ["voice"], summary: "Set a client line's phone menu: greeting, language and region menus (key → choice), self-service announcements, queue announcements, hold music, call-back option, recording, and the prompt each step plays",
        description: "Keys must differ within a menu (`duplicate_digit`), languages must be the line's (`unknown_language`), the queue its own (`unknown_queue`), prompts its uploads (`unknown_prompt`).",
        params: IdParams, body: VoiceLineConfig, response: { 200: VoiceLineResponse, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const line = await findLine(p.scope, request.params.id);
      await withTenantScope(db, p.scope, async (tx) => {
        await checkLineReferences(tx, line.id, request.body);
        await tx
          .insert(voiceLines)
          .values({ tenantId: line.id, config: request.body })
          .onConflictDoUpdate({ target: voiceLines.tenantId, set: { config: request.body, updatedAt: new Date() } });
        await recordAudit(tx as unknown as Db, p, { action: "voice_line.updated", entity: "tenant", entityId: line.id, tenantId: line.id, details: { ...request.body } });
      });
      const config = (await loadLineConfig(db, line.id))!;
      return { tenantId: line.id, numbers: voice()?.numbersOf(line.slug) ?? [], config };
    },
  );

  app.get(
    "/voice/calls",
    { config: { access: CENTER_STAFF }, schema: { tags: ["voice"], summary: "Calls on the voice gateway now, with their RTP counters", response: { 200: VoiceCallList, ...errors } } },
    async (request) => {
      const scope = principalOf(request).scope;
      return { items: (voice()?.list() ?? []).filter((c) => canSeeTenant(scope, c.tenantId)).map(callView) };
    },
  );

  const gateway = () => voice() ?? (() => { throw new AppError("voice_off", 503, "The voice gateway is not running on this node"); })();

  app.post(
    "/voice/calls/:id/softphone",
    { config: { access: AGENTS }, schema: { tags: ["voice"], summary: "Join the call (by interaction id) from the browser: WebRTC offer in, answer out (PCMU)", params: IdParams, body: SessionDescription, response: { 200: SessionDescription, ...errors } } },
    async (request) => ({ sdp: await gateway().softphones.connect(request.params.id, principalOf(request).user.id, request.body.sdp) }),
  );

  app.post(
    "/voice/calls/:id/hold",
    { config: { access: AGENTS }, schema: { tags: ["voice"], summary: "Put your call on hold (the caller hears music) or resume it", params: IdParams, body: HoldRequest, response: { 200: Ok, ...errors } } },
    async (request) => {
      await gateway().softphones.hold(request.params.id, principalOf(request).user.id, request.body.held);
      return { ok: true as const };
    },
  );

  app.post(
    "/voice/calls/:id/dtmf",
    { config: { access: AGENTS }, schema: { tags: ["voice"], summary: "Send keys (RFC 4733) on your call", params: IdParams, body: DigitsRequest, response: { 200: Ok, ...errors } } },
    async (request) => {
      gateway().softphones.sendDigits(request.params.id, principalOf(request).user.id, request.body.digits);
      return { ok: true as const };
    },
  );

  app.post(
    "/voice/calls/:id/listen",
    {
      config: { access: CENTER_STAFF },
      schema: {
        tags: ["voice"],
        summary: "Listen to a call in silence: WebRTC offer with two receive-only audio streams (caller, agent) in, answer and the listener's id out",
        description: "Center staff only (agents and client viewers: 403). Nobody on the call is told; the audit log records who listened (`call.listened`).",
        params: IdParams,
        body: SessionDescription,
        response: { 200: ListenAnswer, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { sdp, listenerId, tenantId } = await gateway().listening.listen(request.params.id, request.body.sdp, (tenantId) => canSeeTenant(p.scope, tenantId));
      await withTenantScope(db, p.scope, (tx) => recordAudit(tx, p, { action: "call.listened", entity: "interaction", entityId: request.params.id, tenantId, details: { listenerId } }));
      return { sdp, listenerId };
    },
  );

  app.delete(
    "/voice/calls/:id/listen/:listenerId",
    { config: { access: CENTER_STAFF }, schema: { tags: ["voice"], summary: "Stop listening: the gateway stops sending this listener the call's audio", params: ListenerParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const scope = principalOf(request).scope;
      gateway().listening.stop(request.params.id, request.params.listenerId, (tenantId) => canSeeTenant(scope, tenantId));
      return { ok: true as const };
    },
  );
};

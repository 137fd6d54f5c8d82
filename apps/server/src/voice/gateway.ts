import type { FastifyBaseLogger } from "fastify";
import { eq } from "drizzle-orm";
import type { VoiceLineConfig } from "@moked/contracts";
import { tenants, type Db } from "@moked/db";
import type { LiveBus } from "../live/bus";
import type { RoutingHost } from "../routing/host";
import { Call, type Dialog } from "./call";
import { defaultPrompts, promptFor, runIvr, waitInQueue, type IvrDeps } from "./ivr";
import { CallRecorder } from "./recorder";
import { loadLineConfig, normaliseNumber } from "./lines";
import { CallbackRefiler } from "./callback-refile";
import type { OutboundAttempt } from "./outbound";
import { OutboundDesk } from "./outbound-desk";
import { SilentListening } from "./listening";
import { Softphones } from "./softphone";
import { RtpLeg } from "./media/leg";
import { Speech } from "./speech";
import type { PromptKey } from "./media/prompts";
import { allowList, SipEndpoint, type Peer } from "./sip/endpoint";
import { DigestChallenger } from "./sip/digest";
import { inboundAuthentication, type Trunk } from "./trunks";
import { header, headersNamed, randomToken, responseTo, tagOf, uriOf, userOf, type SipRequest } from "./sip/message";
import { answerFormats, buildSdp, negotiate, parseAudioOffer } from "./sip/sdp";

export interface VoiceGatewayOptions {
  db: Db;
  routing: RoutingHost;
  bus: LiveBus;
  log: FastifyBaseLogger;
  host: string;
  port: number;
  mediaAddress: string;
  allow: string[];
  /** Dialled number → client line slug. */
  lines: Record<string, string>;
  prompt?: (tenantId: string, key: PromptKey) => Int16Array;
  /** Where recordings are written (the data directory). */
  dataDir: string;
  /** Client line slug → its trunk: where outbound calls go (UDP or TCP), digest credentials both ways. */
  trunks?: Record<string, Trunk>;
  /** The speech synthesiser's command (espeak-ng); "off" for beeps. */
  speechCommand?: string;
  /** How often call-backs filed without a call and not yet put back are looked for (besides at start-up). */
  refileSweepMs?: number;
}

const ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS";
/** Final events after which the caller has nobody left to wait for. */
const ENDS_THE_CALL = new Set(["interaction.completed", "interaction.abandoned", "interaction.overflowed", "interaction.message_left", "interaction.callback_requested", "interaction.transferred_out"]);

/**
 * The voice gateway: a SIP user agent facing the trunk (UDP or TCP), one RTP leg per call, the IVR, and the link
 * to routing — a call enters the queue with its language and region as skills, an agent's answer stops the
 * hold music, the agent ending the call sends BYE, the caller's BYE ends or abandons the interaction.
 */
export class VoiceGateway {
  private readonly endpoint: SipEndpoint;
  private readonly calls = new Map<string, Call>();
  private readonly byInteraction = new Map<string, Call>();
  /** The agent's softphone on a call: joining, hold, keys. */
  readonly softphones: Softphones;
  /** Supervisors listening in silence. */
  readonly listening: SilentListening;
  private readonly pending = new Set<string>();
  /** The desk's outbound calls (call-backs to the line's trunk). */
  private readonly desk: OutboundDesk;
  private unsubscribe: () => void = () => {};
  /** Puts call-backs filed without a call back into the queue (before the completion, on its event, by a sweep). */
  private readonly refiler: CallbackRefiler;
  private readonly lines: Map<string, string>;
  private readonly ivr: IvrDeps;
  private readonly challenger = new DigestChallenger();
  /** Says position and expected wait to callers on hold (cached per sentence and language). */
  readonly speech: Speech;

  constructor(private readonly options: VoiceGatewayOptions) {
    this.endpoint = new SipEndpoint({ host: options.host, advertisedHost: options.mediaAddress, allow: allowList(options.allow), onError: (err) => options.log.error({ err }, "sip socket error") });
    this.endpoint.handle((request, peer) => {
      this.onRequest(request, peer).catch((err: unknown) => options.log.error({ err, method: request.method }, "sip request failed"));
    });
    this.speech = new Speech({ command: options.speechCommand ?? "espeak-ng", log: options.log });
    this.ivr = {
      db: options.db,
      routing: options.routing,
      log: options.log,
      prompt: options.prompt ?? defaultPrompts,
      hangUp: (c: Call) => void this.hangUp(c, { goodbye: true }),
      speech: this.speech,
      routed: (c: Call) => this.byInteraction.set(c.interactionId!, c),
    };
    this.lines = new Map(Object.entries(options.lines).map(([n, slug]) => [normaliseNumber(n), slug]));
    const callOf = (interactionId: string) => this.byInteraction.get(interactionId);
    this.softphones = new Softphones({ routing: options.routing, mediaAddress: options.mediaAddress, callOf, holdMusic: (call) => promptFor(call, this.ivr, "hold_music") });
    this.listening = new SilentListening({ mediaAddress: options.mediaAddress, callOf });
    this.desk = new OutboundDesk({
      db: options.db,
      routing: options.routing,
      log: options.log,
      host: options.host,
      mediaAddress: options.mediaAddress,
      endpoint: this.endpoint,
      ...(options.trunks ? { trunks: options.trunks } : {}),
      numbersOf: (slug) => this.numbersOf(slug),
      callOn: (interactionId) => this.byInteraction.get(interactionId)?.ended === false,
      adopt: (call) => {
        this.calls.set(call.dialog.callId, call);
        this.byInteraction.set(call.interactionId!, call);
      },
      hangUp: (call) => this.hangUp(call),
    });
    this.refiler = new CallbackRefiler({
      db: options.db,
      routing: options.routing,
      log: options.log,
      trunked: Object.keys(options.trunks ?? {}),
      // The desk dials only while connected; an attempt of this process not yet in the history counts too.
      dialling: (interactionId) => this.desk.has(interactionId),
      ...(options.refileSweepMs ? { sweepMs: options.refileSweepMs } : {}),
    });
  }

  static async start(options: VoiceGatewayOptions): Promise<VoiceGateway> {
    const gateway = new VoiceGateway(options);
    await gateway.endpoint.listen(options.port);
    const unsubscribe = options.bus.subscribe((event) => gateway.onRoutingEvent(event.type.replace(/^routing\./, ""), event.payload as Record<string, unknown>, event.tenantId));
    const unhook = options.routing.beforeCompletion((interactionId, agentId) => gateway.refiler.beforeCompletion(interactionId, agentId));
    gateway.unsubscribe = () => {
      unsubscribe();
      unhook();
    };
    gateway.refiler.start();
    options.log.info({ port: gateway.port }, "voice gateway listening (SIP over UDP and TCP)");
    return gateway;
  }

  get port(): number {
    return this.endpoint.port;
  }

  /** Calls on the gateway now. */
  list(): Call[] {
    return [...this.calls.values()];
  }

  callOfInteraction(interactionId: string): Call | undefined {
    return this.byInteraction.get(interactionId);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.refiler.stop();
    await Promise.all([...this.calls.values()].map((call) => this.hangUp(call)));
    await this.endpoint.close();
    await this.speech.close();
  }

  private async onRequest(request: SipRequest, peer: Peer): Promise<void> {
    const callId = header(request, "call-id") ?? "";
    const call = this.calls.get(callId);
    switch (request.method) {
      case "INVITE":
        if (call) return this.reInvite(call, request, peer);
        return this.invite(request, peer);
      case "ACK":
        return;
      case "BYE":
        this.endpoint.respond(request, responseTo(request, call ? 200 : 481, call ? "OK" : "Call/Transaction Does Not Exist"), peer);
        if (call) await this.remoteHangUp(call);
        return;
      case "CANCEL":
        // We answer at once, so a CANCEL finds the call answered: 200 for the CANCEL, the call goes on until BYE.
        this.endpoint.respond(request, responseTo(request, this.pending.has(callId) || call ? 200 : 481, "OK"), peer);
        if (this.pending.has(callId)) this.pending.delete(callId);
        return;
      case "OPTIONS":
        this.endpoint.respond(request, responseTo(request, 200, "OK", { headers: [["allow", ALLOW], ["accept", "application/sdp"]] }), peer);
        return;
      default:
        this.endpoint.respond(request, responseTo(request, 501, "Not Implemented", { headers: [["allow", ALLOW]] }), peer);
    }
  }

  private async invite(request: SipRequest, peer: Peer): Promise<void> {
    const arrivedAt = Date.now();
    const callId = header(request, "call-id") ?? "";
    const localTag = randomToken();
    const reply = (status: number, reason: string) => this.endpoint.respond(request, responseTo(request, status, reason, { toTag: localTag }), peer);
    this.endpoint.respond(request, responseTo(request, 100, "Trying"), peer);
    this.pending.add(callId);
    const called = normaliseNumber(userOf(request.uri) || userOf(uriOf(header(request, "to") ?? "")));
    const slug = this.lines.get(called);
    if (!slug) return reply(404, "Not Found");
    const refusal = inboundAuthentication(this.options.trunks?.[slug], request, this.challenger);
    if (refusal) {
      this.pending.delete(callId);
      if (refusal.status === 403) this.options.log.warn({ callId, line: slug, from: peer.address, user: refusal.user }, "sip caller refused: wrong credentials");
      return this.endpoint.respond(request, responseTo(request, refusal.status, refusal.reason, { toTag: localTag, headers: refusal.headers }), peer);
    }
    const offer = parseAudioOffer(request.body);
    const negotiated = offer ? negotiate(offer) : null;
    if (!offer || !negotiated) return reply(488, "Not Acceptable Here");
    const [tenant] = await this.options.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
    const config = tenant ? await loadLineConfig(this.options.db, tenant.id) : null;
    if (!tenant || !config) return reply(404, "Not Found");
    // The synthesiser's helpers start during this caller's menus, not when the first announcement is due.
    if (config.announcePosition || config.announceWait) this.speech.warm();
    if (!this.pending.has(callId)) return reply(487, "Request Terminated");
    // Ringing first (a trunk starts its ring-back and its own answer timers on it), then the answer.
    this.endpoint.respond(request, responseTo(request, 180, "Ringing", { toTag: localTag }), peer);
    this.pending.delete(callId);

    const leg = await RtpLeg.open(this.options.host);
    leg.codec = negotiated.codec;
    leg.payloadType = negotiated.payloadType;
    leg.dtmfPayloadType = negotiated.dtmfPayloadType;
    leg.remote = { address: offer.address, port: offer.port };
    const from = header(request, "from") ?? "";
    const dialog: Dialog = {
      callId,
      localTag,
      remoteTag: tagOf(from),
      local: `${header(request, "to") ?? ""};tag=${localTag}`,
      remote: from,
      remoteTarget: uriOf(header(request, "contact") ?? from),
      routeSet: headersNamed(request, "record-route"),
      peer,
      localSeq: 1,
    };
    const call = new Call(dialog, leg, tenant.id, config, userOf(uriOf(from)), called, arrivedAt);
    this.calls.set(callId, call);
    const sdp = buildSdp({ address: this.options.mediaAddress, port: leg.port, sessionId: arrivedAt, formats: answerFormats(negotiated) });
    this.endpoint.respond(
      request,
      responseTo(request, 200, "OK", { toTag: localTag, headers: [["contact", this.endpoint.contact("moked", peer.transport)], ["allow", ALLOW], ["content-type", "application/sdp"]], body: sdp }),
      peer,
    );
    leg.start();
    this.options.log.info({ callId, tenantId: tenant.id, codec: negotiated.codec }, "call answered by the gateway");
    runIvr(call, this.ivr).catch((err: unknown) => {
      this.options.log.error({ err, callId }, "ivr failed");
      void this.hangUp(call, { goodbye: true });
    });
  }

  /** A re-INVITE (hold, a new address): take the new address, answer with the same media. */
  private reInvite(call: Call, request: SipRequest, peer: Peer): void {
    const offer = request.body ? parseAudioOffer(request.body) : null;
    if (offer) call.leg.remote = { address: offer.address, port: offer.port };
    const sdp = buildSdp({
      address: this.options.mediaAddress,
      port: call.leg.port,
      sessionId: call.arrivedAt,
      formats: answerFormats({ codec: call.leg.codec, payloadType: call.leg.payloadType, dtmfPayloadType: call.leg.dtmfPayloadType }),
    });
    this.endpoint.respond(request, responseTo(request, 200, "OK", { toTag: call.dialog.localTag, headers: [["contact", this.endpoint.contact("moked", peer.transport)], ["content-type", "application/sdp"]], body: sdp }), peer);
  }

  /** The caller hung up: abandoned if still waiting, ended if with an agent (routing decides which). */
  private async remoteHangUp(call: Call): Promise<void> {
    const wasRouted = call.routed && call.state !== "ended";
    this.forget(call);
    if (!wasRouted || !call.interactionId) return; // still in the menus: runIvr reports it when it gets there
    await this.options.routing.submit({ type: "hangup", interactionId: call.interactionId }).catch((err: unknown) => this.options.log.debug({ err }, "hangup after the interaction ended"));
  }

  /**
   * Ends a call from our side: a caller who never reached a person (a message left, a call-back chosen, the
   * line closed with nowhere to send them …) hears the goodbye prompt first; then BYE.
   */
  async hangUp(call: Call, options: { goodbye?: boolean } = {}): Promise<void> {
    if (call.ended) return;
    if (options.goodbye && (call.state === "menu" || call.state === "queued")) {
      await call.farewell(promptFor(call, this.ivr, "goodbye"));
      if (call.ended) return; // they hung up while it played
    }
    const keepingPlace = call.keepingPlace;
    const wasRouted = call.routed;
    this.forget(call);
    const d = call.dialog;
    const bye: SipRequest = {
      kind: "request",
      method: "BYE",
      uri: d.remoteTarget,
      headers: [
        ["via", this.endpoint.via(d.peer.transport)],
        ["max-forwards", "70"],
        ...d.routeSet.map((r): [string, string] => ["route", r]),
        ["from", d.local],
        ["to", d.remote],
        ["call-id", d.callId],
        ["cseq", `${++d.localSeq} BYE`],
      ],
      body: "",
    };
    const response = this.endpoint.request(bye, d.peer);
    // A caller keeping their place is still in routing: their line just goes quiet until the call-back.
    if (keepingPlace && wasRouted && call.interactionId) await this.options.routing.submit({ type: "hangup", interactionId: call.interactionId }).catch(() => {});
    await response;
  }

  private forget(call: Call): void {
    const recorder = call.tap instanceof CallRecorder ? call.tap : null;
    call.tap = null;
    if (recorder && call.interactionId) {
      recorder.save(this.options.db, this.options.dataDir, { tenantId: call.tenantId, interactionId: call.interactionId, agentId: call.agentId }).catch((err: unknown) => this.options.log.error({ err, interactionId: call.interactionId }, "recording not saved"));
    }
    call.end();
    this.calls.delete(call.dialog.callId);
    if (call.interactionId) this.byInteraction.delete(call.interactionId);
  }

  private onRoutingEvent(type: string, payload: Record<string, unknown>, tenantId: string | null = null): void {
    const interactionId = typeof payload.interactionId === "string" ? payload.interactionId : null;
    this.onOutboundContactEnded(type, interactionId, tenantId);
    const call = interactionId ? this.byInteraction.get(interactionId) : undefined;
    if (!call || call.ended) return;
    if (type === "interaction.answered") {
      call.state = "connected";
      call.answeredAt = Date.now();
      call.agentId = typeof payload.agentId === "string" ? payload.agentId : null;
      call.leg.stopPlayback();
      call.leg.bridged = true;
      // The caller heard the recording tone before the menus; the conversation is recorded from the answer.
      if (call.config.recording && !call.tap) call.tap = new CallRecorder();
      return;
    }
    if (type === "interaction.transferred" && call.state === "connected") {
      // Back to a queue (or to another agent): the softphone lets go, the caller hears the queue again.
      call.agent?.close();
      call.agent = null;
      call.agentId = null;
      call.held = false;
      call.state = "queued";
      call.leg.bridged = false;
      void waitInQueue(call, this.ivr);
      return;
    }
    if (ENDS_THE_CALL.has(type)) void this.hangUp(call, { goodbye: true });
  }

  /** The contact ended: its outbound call stops ringing; ended with no call placed, the promise still stands. */
  private onOutboundContactEnded(type: string, interactionId: string | null, tenantId: string | null): void {
    if (!interactionId || (!ENDS_THE_CALL.has(type) && type !== "interaction.wrapped_up")) return;
    this.desk.contactEnded(interactionId, type === "interaction.wrapped_up");
    // The desk dials only while connected: a completion without a call is a call-back not yet made.
    if (type === "interaction.completed" && tenantId) void this.refiler.completed(tenantId, interactionId);
  }

  /** Places a call-back from the agent's browser through the line's trunk (see `OutboundDesk.dial`). */
  dial(request: { interactionId: string; userId: string; offerSdp: string; number: string }): Promise<{ sdp: string; attempt: OutboundAttempt }> {
    return this.desk.dial(request);
  }

  outboundOf(interactionId: string, userId: string): OutboundAttempt | null {
    return this.desk.of(interactionId, userId);
  }

  /** The agent hangs up an outbound call: CANCEL while it rings, BYE once answered. */
  hangUpOutbound(interactionId: string, userId: string): Promise<void> {
    return this.desk.hangUp(interactionId, userId);
  }

  /** For the line's settings screen: the numbers that reach a line. */
  numbersOf(slug: string): string[] {
    return [...this.lines.entries()].filter(([, s]) => s === slug).map(([n]) => n);
  }
}

export type { VoiceLineConfig };

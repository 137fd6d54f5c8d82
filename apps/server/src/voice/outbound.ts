import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { OUTBOUND_EVENTS, type OutboundAttemptView, type OutboundOutcome, type OUTBOUND_STATUSES, type VoiceLineConfig } from "@moked/contracts";
import type { z } from "zod";
import type { RoutingHost } from "../routing/host";
import { Call, type Dialog } from "./call";
import { RtpLeg } from "./media/leg";
import { CallRecorder } from "./recorder";
import { answerChallenge, type Credentials } from "./sip/digest";
import type { Peer, SipEndpoint } from "./sip/endpoint";
import { cseqOf, header, headersNamed, randomToken, tagOf, uriOf, type SipRequest, type SipResponse } from "./sip/message";
import { buildSdp, negotiate, parseAudioOffer } from "./sip/sdp";
import type { BrowserLeg } from "./webrtc";

export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** What a placed call needs from the gateway around it. */
export interface OutboundDeps {
  endpoint: SipEndpoint;
  host: string;
  mediaAddress: string;
  routing: RoutingHost;
  log: FastifyBaseLogger;
  /** The answered call joins the gateway's calls: hold, keys, listening, recording and BYE work as for any call. */
  adopt(call: Call): void;
  /** After a miss: the SMS and the next attempt (per the line's policy). */
  missed(attempt: OutboundAttempt): Promise<{ smsQueued: boolean; nextAttemptAt: Date | null }>;
  /** After an answer: the call-back request is done. */
  reached(attempt: OutboundAttempt): Promise<void>;
}

export interface PlaceCall {
  tenantId: string;
  interactionId: string;
  agentId: string;
  number: string;
  /** The line's own number, shown to the customer (caller id). */
  fromNumber: string;
  trunk: Peer;
  /** Our account at the provider, for its digest challenges (401/407); none: a challenge fails the call. */
  credentials: Credentials | null;
  config: VoiceLineConfig;
  attempt: number;
  agent: BrowserLeg;
}

/** Final SIP statuses the customer's side gives, as the agent reads them. */
export function outcomeOf(status: number | null, cancelledBy: "ring_timeout" | "agent" | null): OutboundOutcome {
  if (cancelledBy === "agent") return "cancelled";
  if (cancelledBy === "ring_timeout") return "no_answer";
  if (status === 486 || status === 600 || status === 603) return "busy";
  if (status === 408 || status === 480 || status === 487) return "no_answer";
  return "failed";
}

/**
 * One call placed from the agent's browser to a customer through the line's trunk: an INVITE offering
 * G.711 (PCMU, PCMA) with telephone-events, ringing until the line's ring time runs out (then CANCEL),
 * and on answer an ordinary `Call` bridged to the agent's softphone. Each attempt is stated in the
 * contact's history (`outbound.attempted`, then `outbound.connected` or `outbound.missed`, `outbound.ended`).
 */
export class OutboundAttempt {
  readonly id = randomUUID();
  status: OutboundStatus = "dialing";
  sipStatus: number | null = null;
  readonly startedAt = Date.now();
  ringingAt: number | null = null;
  answeredAt: number | null = null;
  endedAt: number | null = null;
  smsQueued = false;
  nextAttemptAt: number | null = null;
  call: Call | null = null;
  private cancelledBy: "ring_timeout" | "agent" | null = null;
  private invite: SipRequest | null = null;
  private leg: RtpLeg | null = null;

  constructor(
    private readonly deps: OutboundDeps,
    readonly params: PlaceCall,
  ) {}

  get live(): boolean {
    return this.status === "dialing" || this.status === "ringing" || this.status === "answered";
  }

  view(): z.infer<typeof OutboundAttemptView> {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      attemptId: this.id,
      interactionId: this.params.interactionId,
      number: this.params.number,
      attempt: this.params.attempt,
      status: this.status,
      sipStatus: this.sipStatus,
      startedAt: new Date(this.startedAt).toISOString(),
      ringingAt: iso(this.ringingAt),
      answeredAt: iso(this.answeredAt),
      endedAt: iso(this.endedAt),
      smsQueued: this.smsQueued,
      nextAttemptAt: iso(this.nextAttemptAt),
    };
  }

  /** Sends the INVITE; the outcome arrives later (poll `view()`). */
  async start(): Promise<void> {
    const { endpoint, mediaAddress, host } = this.deps;
    const p = this.params;
    const leg = await RtpLeg.open(host);
    this.leg = leg;
    const localTag = randomToken();
    const callId = `${randomToken(12)}@${mediaAddress}`;
    const transport = p.trunk.transport ?? "udp";
    const target = `sip:${p.number}@${p.trunk.address}:${p.trunk.port}${transport === "tcp" ? ";transport=tcp" : ""}`;
    this.invite = {
      kind: "request",
      method: "INVITE",
      uri: target,
      headers: [
        ["via", endpoint.via(transport)],
        ["max-forwards", "70"],
        ["from", `${endpoint.contact(p.fromNumber)};tag=${localTag}`],
        ["to", `<${target}>`],
        ["call-id", callId],
        ["cseq", "1 INVITE"],
        ["contact", endpoint.contact(p.fromNumber, transport)],
        ["allow", "INVITE, ACK, BYE, CANCEL, OPTIONS"],
        ["content-type", "application/sdp"],
      ],
      body: buildSdp({
        address: mediaAddress,
        port: leg.port,
        sessionId: this.startedAt,
        formats: [
          { pt: 0, name: "PCMU" },
          { pt: 8, name: "PCMA" },
          { pt: 101, name: "telephone-event" },
        ],
      }),
    };
    await this.state(OUTBOUND_EVENTS.attempted, { number: p.number, attempt: p.attempt, attemptId: this.id, sipCallId: callId });
    const ringTimer = setTimeout(() => this.cancel("ring_timeout"), p.config.callbacks.ringSeconds * 1000);
    void this.send(this.invite)
      .then(async (response) => {
        // The provider asks who we are (401, or 407 from its proxy): once more with our credentials.
        const challenged = response && (response.status === 401 || response.status === 407) && !this.cancelledBy ? this.authorised(response) : null;
        if (challenged) response = await this.send((this.invite = challenged));
        clearTimeout(ringTimer);
        return response && response.status < 300 ? this.answered(response, localTag) : this.failed(response);
      })
      .catch((err: unknown) => {
        this.deps.log.error({ err, interactionId: p.interactionId }, "outbound call failed");
        return this.failed(null);
      });
  }

  private send(invite: SipRequest): Promise<SipResponse | null> {
    return this.deps.endpoint.request(invite, this.params.trunk, (provisional) => {
      if (provisional.status === 180 || provisional.status === 183) {
        if (this.status === "dialing") this.status = "ringing";
        this.ringingAt ??= Date.now();
      }
    });
  }

  /**
   * The INVITE again, answering the challenge (RFC 3261 §22.2): the same dialog-to-be (Call-ID, From tag),
   * the next CSeq, a new branch, and Authorization (401) or Proxy-Authorization (407). Null when we have no
   * credentials for this trunk or cannot answer that kind of challenge.
   */
  private authorised(challenge: SipResponse): SipRequest | null {
    const credentials = this.params.credentials;
    const invite = this.invite!;
    if (!credentials) return null;
    const proxy = challenge.status === 407;
    const value = answerChallenge(header(challenge, proxy ? "proxy-authenticate" : "www-authenticate"), credentials, "INVITE", invite.uri);
    if (!value) return null;
    const headers = invite.headers.filter(([n]) => n !== "via" && n !== "cseq" && n !== "authorization" && n !== "proxy-authorization");
    return {
      ...invite,
      headers: [["via", this.deps.endpoint.via(this.params.trunk.transport)], ["cseq", `${cseqOf(invite).seq + 1} INVITE`], ...headers, [proxy ? "proxy-authorization" : "authorization", value]],
    };
  }

  /** Stops ringing (the agent gave up, or the ring time ran out): CANCEL, answered by 487 from the far end. */
  cancel(by: "ring_timeout" | "agent"): void {
    if (!this.invite || (this.status !== "dialing" && this.status !== "ringing") || this.cancelledBy) return;
    this.cancelledBy = by;
    const copy = (name: string) => this.invite!.headers.filter(([n]) => n === name);
    const cancel: SipRequest = {
      kind: "request",
      method: "CANCEL",
      uri: this.invite.uri,
      headers: [...copy("via"), ["max-forwards", "70"], ...copy("from"), ...copy("to"), ...copy("call-id"), ["cseq", `${cseqOf(this.invite).seq} CANCEL`]],
      body: "",
    };
    void this.deps.endpoint.request(cancel, this.params.trunk);
  }

  /** The agent hangs up: a ringing call is cancelled, an answered one gets BYE (through the gateway). */
  end(hangUp: (call: Call) => Promise<void>): Promise<void> {
    if (this.call && !this.call.ended) return hangUp(this.call);
    this.cancel("agent");
    return Promise.resolve();
  }

  private async answered(response: SipResponse, localTag: string): Promise<void> {
    const p = this.params;
    const invite = this.invite!;
    const remoteTarget = uriOf(header(response, "contact") ?? invite.uri);
    const routeSet = headersNamed(response, "record-route").reverse();
    const dialog: Dialog = {
      callId: header(invite, "call-id")!,
      localTag,
      remoteTag: tagOf(header(response, "to")),
      local: header(invite, "from")!,
      remote: header(response, "to") ?? header(invite, "to")!,
      remoteTarget,
      routeSet,
      peer: p.trunk,
      localSeq: cseqOf(invite).seq,
    };
    this.ack(dialog, cseqOf(invite).seq);
    const offer = parseAudioOffer(response.body);
    const negotiated = offer ? negotiate(offer) : null;
    const leg = this.leg!;
    const call = new Call(dialog, leg, p.tenantId, p.config, p.number, p.number, this.startedAt);
    if (this.cancelledBy || !offer || !negotiated) {
      // Answered just as we cancelled (or with media we cannot use): the call is hung up at once.
      await this.bye(call);
      return this.failed({ ...response, status: this.cancelledBy ? 487 : 488 });
    }
    leg.codec = negotiated.codec;
    leg.payloadType = negotiated.payloadType;
    leg.dtmfPayloadType = negotiated.dtmfPayloadType;
    leg.remote = { address: offer.address, port: offer.port };
    this.sipStatus = response.status;
    this.status = "answered";
    this.answeredAt = Date.now();
    this.ringingAt ??= this.answeredAt;
    call.interactionId = p.interactionId;
    call.agentId = p.agentId;
    call.answeredAt = this.answeredAt;
    call.state = "connected";
    call.routed = true;
    call.agent = p.agent;
    p.agent.onFrame = (payload) => call.fromAgent(payload);
    p.agent.onClose = () => {
      if (call.agent === p.agent) call.agent = null;
    };
    leg.bridged = true;
    leg.start();
    if (p.config.recording) call.tap = new CallRecorder("outbound");
    this.call = call;
    this.deps.adopt(call);
    call.whenEnded(() => {
      this.status = "ended";
      this.endedAt = Date.now();
      void this.state(OUTBOUND_EVENTS.ended, { attemptId: this.id, talkMs: this.endedAt - this.answeredAt! });
    });
    await this.state(OUTBOUND_EVENTS.connected, { attemptId: this.id, codec: leg.codec, ringMs: this.answeredAt - this.startedAt });
    await this.deps.reached(this).catch((err: unknown) => this.deps.log.error({ err }, "call-back request not closed"));
  }

  private async failed(response: SipResponse | null): Promise<void> {
    if (this.status === "answered" || this.endedAt !== null) return;
    this.leg?.close();
    this.params.agent.close();
    const sipStatus = response?.status ?? null;
    const outcome = outcomeOf(sipStatus, this.cancelledBy);
    const endedAt = Date.now();
    this.endedAt = endedAt;
    await this.state(OUTBOUND_EVENTS.missed, { attemptId: this.id, outcome, sipStatus, ringMs: this.ringingAt ? endedAt - this.ringingAt : 0 });
    // The desk sees the outcome together with what follows from it (the SMS, the next attempt).
    if (outcome !== "cancelled") {
      try {
        const next = await this.deps.missed(this);
        this.smsQueued = next.smsQueued;
        this.nextAttemptAt = next.nextAttemptAt?.getTime() ?? null;
      } catch (err) {
        this.deps.log.error({ err, interactionId: this.params.interactionId }, "missed call-back not followed up");
      }
    }
    this.sipStatus = sipStatus;
    this.status = outcome;
  }

  /** The ACK of a 2xx: a new transaction to the dialog's target. */
  private ack(d: Dialog, seq: number): void {
    const ack: SipRequest = {
      kind: "request",
      method: "ACK",
      uri: d.remoteTarget,
      headers: [["via", this.deps.endpoint.via(d.peer.transport)], ["max-forwards", "70"], ...d.routeSet.map((r): [string, string] => ["route", r]), ["from", d.local], ["to", d.remote], ["call-id", d.callId], ["cseq", `${seq} ACK`]],
      body: "",
    };
    void this.deps.endpoint.request(ack, d.peer);
  }

  private async bye(call: Call): Promise<void> {
    const d = call.dialog;
    call.end();
    await this.deps.endpoint.request(
      {
        kind: "request",
        method: "BYE",
        uri: d.remoteTarget,
        headers: [["via", this.deps.endpoint.via(d.peer.transport)], ["max-forwards", "70"], ...d.routeSet.map((r): [string, string] => ["route", r]), ["from", d.local], ["to", d.remote], ["call-id", d.callId], ["cseq", `${++d.localSeq} BYE`]],
        body: "",
      },
      d.peer,
    );
  }

  /** States an event in the contact's history (journaled with routing, published live). */
  private async state(type: string, data: Record<string, unknown>): Promise<void> {
    const p = this.params;
    await this.deps.routing.record({ type, tenantId: p.tenantId, interactionId: p.interactionId, agentId: p.agentId, ...data }).catch((err: unknown) => this.deps.log.error({ err, type }, "outbound event not recorded"));
  }
}

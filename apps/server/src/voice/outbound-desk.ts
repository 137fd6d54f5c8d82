import type { FastifyBaseLogger } from "fastify";
import { eq } from "drizzle-orm";
import { OUTBOUND_EVENTS } from "@moked/contracts";
import { tenants, type Db } from "@moked/db";
import type { RoutingHost } from "../routing/host";
import { AppError, notFound } from "../core/errors";
import type { Call } from "./call";
import { attemptsSoFar, followUpMissed, markReached } from "./callback-attempts";
import { loadLineConfig } from "./lines";
import { OutboundAttempt, type OutboundDeps } from "./outbound";
import type { SipEndpoint } from "./sip/endpoint";
import type { Trunk } from "./trunks";
import { BrowserLeg } from "./webrtc";

export interface OutboundDeskOptions {
  db: Db;
  routing: RoutingHost;
  log: FastifyBaseLogger;
  host: string;
  mediaAddress: string;
  endpoint: SipEndpoint;
  trunks?: Record<string, Trunk>;
  /** The numbers that reach a line (the first is the caller id of its outbound calls). */
  numbersOf(slug: string): string[];
  /** Whether the contact's own call is still on the gateway. */
  callOn(interactionId: string): boolean;
  /** An answered outbound call joins the gateway's calls. */
  adopt(call: Call): void;
  /** Ends a call from our side (BYE). */
  hangUp(call: Call): Promise<void>;
}

/**
 * The desk's outbound calls (call-backs from the agent's browser to the line's trunk): placing them, how the
 * latest of each contact goes, hanging up, and the follow-up of a reached or missed attempt.
 */
export class OutboundDesk {
  /** The latest outbound attempt of each contact (the desk polls it). */
  private readonly attempts = new Map<string, OutboundAttempt>();

  constructor(private readonly options: OutboundDeskOptions) {}

  /** Whether this process placed (or is placing) a call for the contact. */
  has(interactionId: string): boolean {
    return this.attempts.has(interactionId);
  }

  /**
   * Places a call to the contact's customer (or, for `number`, anyone) from the agent's browser: the
   * softphone's offer is answered at once and the INVITE goes out to the line's trunk; `of` tells how it goes
   * (ringing, answered, busy, no answer, failed).
   */
  async dial(request: { interactionId: string; userId: string; offerSdp: string; number: string }): Promise<{ sdp: string; attempt: OutboundAttempt }> {
    const { interactionId, userId } = request;
    const { db, routing } = this.options;
    const contact = routing.engine.contact(interactionId);
    if (!contact || contact.status !== "connected" || contact.agentId !== userId) throw new AppError("not_your_contact", 409, "This contact is not connected to you");
    if (this.attempts.get(interactionId)?.live || this.options.callOn(interactionId)) throw new AppError("call_in_progress", 409, "A call for this contact is already in progress");
    const [line] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, contact.tenantId));
    const trunk = line ? this.options.trunks?.[line.slug] : undefined;
    if (!line || !trunk) throw new AppError("no_trunk", 409, "This line has no trunk for outbound calls");
    const config = (await loadLineConfig(db, contact.tenantId))!;
    const { leg, sdp } = await BrowserLeg.answer(request.offerSdp, { hostAddresses: [this.options.mediaAddress], direction: "sendrecv" });
    const attempt = new OutboundAttempt(this.deps(), {
      tenantId: contact.tenantId,
      interactionId,
      agentId: userId,
      number: request.number,
      fromNumber: this.options.numbersOf(line.slug)[0] ?? "moked",
      trunk: trunk.peer,
      credentials: trunk.outbound,
      config,
      attempt: (await attemptsSoFar(db, contact.tenantId, interactionId)) + 1,
      agent: leg,
    });
    this.attempts.set(interactionId, attempt);
    await attempt.start();
    return { sdp, attempt };
  }

  of(interactionId: string, userId: string): OutboundAttempt | null {
    const attempt = this.attempts.get(interactionId);
    return attempt && attempt.params.agentId === userId ? attempt : null;
  }

  /** The agent hangs up an outbound call: CANCEL while it rings, BYE once answered. */
  async hangUp(interactionId: string, userId: string): Promise<void> {
    const attempt = this.of(interactionId, userId);
    if (!attempt) throw notFound("call");
    await attempt.end((call) => this.options.hangUp(call));
  }

  /** The contact ended (`ended`) or was filed (`filed`): a call still ringing stops; a filed one is forgotten. */
  contactEnded(interactionId: string, filed: boolean): void {
    const attempt = this.attempts.get(interactionId);
    if (attempt?.live && !attempt.call) attempt.cancel("agent");
    // Filed: the desk no longer asks how its last call went.
    if (filed && attempt && !attempt.live) this.attempts.delete(interactionId);
  }

  private deps(): OutboundDeps {
    const { db, log, routing, host, mediaAddress, endpoint } = this.options;
    return {
      endpoint,
      host,
      mediaAddress,
      routing,
      log,
      adopt: (call) => this.options.adopt(call),
      reached: (a) => markReached(db, a.params.tenantId, a.params.interactionId),
      missed: async (a) => {
        const p = a.params;
        const result = await followUpMissed(db, { attemptId: a.id, tenantId: p.tenantId, interactionId: p.interactionId, number: p.number, lineNumber: p.fromNumber === "moked" ? null : p.fromNumber, policy: p.config.callbacks });
        if (result.text !== null) await routing.record({ type: OUTBOUND_EVENTS.smsQueued, tenantId: p.tenantId, interactionId: p.interactionId, agentId: p.agentId, attemptId: a.id, text: result.text });
        return result;
      },
    };
  }
}

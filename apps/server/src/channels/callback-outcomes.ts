import type { FastifyBaseLogger } from "fastify";
import { and, asc, eq, notInArray } from "drizzle-orm";
import { OUTBOUND_EVENTS } from "@moked/contracts";
import { callbackRequests, interactionEvents, interactions, tenants, type Db } from "@moked/db";
import { Poller } from "../core/poller";
import type { LiveBus } from "../live/bus";
import type { RoutingHost } from "../routing/host";
import { followUpMissed, markReached } from "../voice/callback-attempts";
import { loadLineConfig } from "../voice/lines";

/**
 * A call-back on a line the desk cannot dial (no trunk, or no voice gateway): the agent calls the customer
 * from elsewhere and says how it went by how they end the contact — `complete` (or filing a wrap-up code)
 * means the customer was reached, `not-reached` that they were not. The call-back request follows, as it does
 * on a trunk line from the calls the desk places (decision 0022): reached closes it; not reached counts the
 * attempt and schedules the next one after the line's spacing, or closes it as `unreached` after the last,
 * and sends the line's SMS about the missed call. Without this the request stayed `routed` for good: the
 * customer showed an open call-back, and a later request from the same phone merged into it and was never
 * routed.
 *
 * Two ways in, one idempotent step (`settle` acts only on a request still `routed` to an ended contact):
 * the completion's live event, and a sweep at start-up and every `sweepMs` — a crash between the completion's
 * commit and the request moving on, and requests left `routed` before this existed, are settled by it.
 */
export class CallbackOutcomes {
  private readonly poller: Poller;
  private readonly inFlight = new Map<string, Promise<void>>();
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly options: {
      db: Db;
      routing: RoutingHost;
      bus: LiveBus;
      log: FastifyBaseLogger;
      /** Slugs of the lines whose call-backs the voice gateway dials (it settles those itself). */
      trunked: string[];
      /** A line's own phone numbers (the SMS names the first), by slug. */
      numbersOf: (slug: string) => string[];
      sweepMs?: number;
    },
  ) {
    this.poller = new Poller("call-back outcome sweep", () => this.sweep(), options.log, options.sweepMs ?? 60_000);
  }

  start(): void {
    this.unsubscribe = this.options.bus.subscribe((event) => {
      if (event.type !== "routing.interaction.completed" || !event.tenantId) return;
      const id = (event.payload as { interactionId?: unknown }).interactionId;
      if (typeof id === "string") void this.settle(event.tenantId, id);
    });
    this.poller.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.poller.stop();
    await Promise.all(this.inFlight.values());
  }

  /** Open requests whose contact has ended answered, on lines without a trunk: settled oldest first. */
  async sweep(): Promise<void> {
    const { db, trunked } = this.options;
    const due = await db
      .select({ tenantId: callbackRequests.tenantId, interactionId: interactions.id })
      .from(callbackRequests)
      .innerJoin(interactions, and(eq(interactions.id, callbackRequests.interactionId), eq(interactions.tenantId, callbackRequests.tenantId)))
      .innerJoin(tenants, eq(tenants.id, callbackRequests.tenantId))
      .where(and(eq(callbackRequests.status, "routed"), eq(interactions.finalState, "answered"), trunked.length > 0 ? notInArray(tenants.slug, trunked) : undefined))
      .orderBy(asc(interactions.arrivedAt))
      .limit(100);
    for (const row of due) await this.settle(row.tenantId, row.interactionId);
  }

  /** The contact ended: its call-back request, if still open and on a line without a trunk, follows the outcome. */
  settle(tenantId: string, interactionId: string): Promise<void> {
    const running = this.inFlight.get(interactionId);
    if (running) return running;
    const work = this.settleOnce(tenantId, interactionId)
      .catch((err: unknown) => this.options.log.error({ err, tenantId, interactionId }, "a call-back's outcome could not be recorded on its request"))
      .finally(() => this.inFlight.delete(interactionId));
    this.inFlight.set(interactionId, work);
    return work;
  }

  private async settleOnce(tenantId: string, interactionId: string): Promise<void> {
    const { db, routing } = this.options;
    const [row] = await db
      .select({ contact: interactions, slug: tenants.slug })
      .from(interactions)
      .innerJoin(tenants, eq(tenants.id, interactions.tenantId))
      .where(and(eq(interactions.tenantId, tenantId), eq(interactions.id, interactionId)));
    if (!row || row.contact.finalState !== "answered" || this.options.trunked.includes(row.slug)) return;
    const [request] = await db.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, tenantId), eq(callbackRequests.interactionId, interactionId), eq(callbackRequests.status, "routed")));
    if (!request) return;
    const [completion] = await db
      .select({ data: interactionEvents.data })
      .from(interactionEvents)
      .where(and(eq(interactionEvents.tenantId, tenantId), eq(interactionEvents.interactionId, interactionId), eq(interactionEvents.type, "interaction.completed")));
    const reached = (completion?.data as { reached?: unknown } | undefined)?.reached !== false;
    if (reached) {
      await markReached(db, tenantId, interactionId);
      this.options.log.info({ tenantId, interactionId, requestId: request.id }, "call-back made from elsewhere: the customer was reached");
      return;
    }
    const config = await loadLineConfig(db, tenantId);
    if (!config) return;
    const agentId = row.contact.agentId;
    // One missed attempt per contact: its id keys the SMS, so a second look sends nothing more.
    const attemptId = `not-reached:${interactionId}`;
    const result = await followUpMissed(db, { attemptId, tenantId, interactionId, number: request.phone, lineNumber: this.options.numbersOf(row.slug)[0] ?? null, policy: config.callbacks });
    if (result.text !== null) await routing.record({ type: OUTBOUND_EVENTS.smsQueued, tenantId, interactionId, ...(agentId ? { agentId } : {}), attemptId, text: result.text });
    this.options.log.info({ tenantId, interactionId, requestId: request.id, nextAttemptAt: result.nextAttemptAt }, "call-back made from elsewhere: the customer was not reached");
  }
}

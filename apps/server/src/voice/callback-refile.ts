import type { FastifyBaseLogger } from "fastify";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { OUTBOUND_EVENTS } from "@moked/contracts";
import { callbackRequests, interactionEvents, interactions, tenants, type Db } from "@moked/db";
import { Poller } from "../core/poller";
import type { RoutingHost } from "../routing/host";
import { attemptInteractionId } from "./callback-attempts";

/**
 * A customer promised a call-back is owed a call (decision 0022). A call-back contact — or a caller who kept
 * their place — that an agent ends without a call placed from the desk goes back into the line's queue, on
 * lines with a trunk only (without one the desk cannot dial, and filing is how agents say they called from
 * elsewhere). Three ways in, one idempotent step (`refileUndialled`):
 * - just before the agent's completion is applied, while the agent is still busy with it, so the refiled
 *   contact is waiting when the agent becomes free — with no wrap-up time the engine offers the next contact
 *   in the same step as the completion, and a later call-back would otherwise go first;
 * - on the completion's live event (a completion that came another way);
 * - a sweep at start-up and every `sweepMs`: the call-back request is the durable promise — an open
 *   (`routed`) request whose contact ended answered is one not yet put back — so a crash between the
 *   completion's commit and the refile loses nothing.
 * The new contact's id is derived from the filed one's, so a second look (or the sweep after a crash) puts it
 * back once; within the process, one refile per contact runs at a time.
 */
export class CallbackRefiler {
  private readonly inFlight = new Map<string, Promise<string | null>>();
  private readonly poller: Poller;

  constructor(
    private readonly options: {
      db: Db;
      routing: RoutingHost;
      log: FastifyBaseLogger;
      /** Slugs of the lines with a trunk. */
      trunked: string[];
      /** Whether the desk has placed (or is placing) a call for this contact in this process. */
      dialling: (interactionId: string) => boolean;
      sweepMs?: number;
    },
  ) {
    this.poller = new Poller("call-back refile sweep", () => this.sweep(), options.log, options.sweepMs ?? 60_000);
  }

  start(): void {
    if (this.options.trunked.length > 0) this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** The agent is about to end this contact: a call-back not dialled goes back into the queue first. */
  async beforeCompletion(interactionId: string, agentId: string): Promise<void> {
    const live = this.options.routing.engine.contact(interactionId);
    if (!live || live.status !== "connected" || live.agentId !== agentId) return;
    if (live.channel !== "callback" && !(live.channel === "voice" && live.keepingPlace)) return;
    if (this.options.dialling(interactionId)) return;
    await this.refile(live.tenantId, interactionId);
  }

  /** The contact was completed (live event): the same check, for a completion that did not come through the desk. */
  async completed(tenantId: string, interactionId: string): Promise<void> {
    if (this.options.dialling(interactionId)) return;
    await this.refile(tenantId, interactionId);
  }

  /** Open call-back requests whose contact ended answered, on lines with a trunk: put back the undialled ones. */
  async sweep(): Promise<void> {
    const { db, trunked } = this.options;
    if (trunked.length === 0) return;
    const due = await db
      .select({ tenantId: callbackRequests.tenantId, interactionId: interactions.id })
      .from(callbackRequests)
      .innerJoin(interactions, and(eq(interactions.id, callbackRequests.interactionId), eq(interactions.tenantId, callbackRequests.tenantId)))
      .innerJoin(tenants, eq(tenants.id, callbackRequests.tenantId))
      .where(and(eq(callbackRequests.status, "routed"), eq(interactions.finalState, "answered"), inArray(tenants.slug, trunked)))
      // Oldest first: they go back in the order they first came.
      .orderBy(asc(interactions.arrivedAt))
      .limit(100);
    for (const row of due) if (!this.options.dialling(row.interactionId)) await this.refile(row.tenantId, row.interactionId);
  }

  private async refile(tenantId: string, interactionId: string): Promise<string | null> {
    const running = this.inFlight.get(interactionId);
    if (running) return running;
    const work = (async () => {
      try {
        const [line] = await this.options.db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
        if (!line || !this.options.trunked.includes(line.slug)) return null;
        const again = await refileUndialled(this.options.db, this.options.routing, { tenantId, interactionId });
        if (again) this.options.log.info({ tenantId, interactionId, again }, "call-back filed without a call: back in the queue");
        return again;
      } catch (err) {
        this.options.log.error({ err, tenantId, interactionId }, "a call-back filed without a call could not be put back in the queue");
        return null;
      } finally {
        this.inFlight.delete(interactionId);
      }
    })();
    this.inFlight.set(interactionId, work);
    return work;
  }
}

/**
 * Puts one call-back filed without a call back into the queue: a new `callback` contact that keeps the
 * original arrival — so it comes before the contacts that arrived after it — and the call-back request
 * follows it. Contacts that were dialled (reached, missed and rescheduled, or closed as unreached) are left
 * alone. Returns the new contact's id, if one was made now.
 */
export async function refileUndialled(db: Db, routing: RoutingHost, ref: { tenantId: string; interactionId: string }): Promise<string | null> {
  const [contact] = await db.select().from(interactions).where(and(eq(interactions.tenantId, ref.tenantId), eq(interactions.id, ref.interactionId)));
  if (!contact) return null;
  const events = await db.select({ type: interactionEvents.type, data: interactionEvents.data }).from(interactionEvents).where(and(eq(interactionEvents.tenantId, ref.tenantId), eq(interactionEvents.interactionId, ref.interactionId)));
  const keptPlace = contact.channel === "voice" && events.some((e) => e.type === "interaction.customer_chose" && (e.data as { choice?: unknown }).choice === "keep_place_callback");
  if (contact.channel !== "callback" && !keptPlace) return null;
  if (events.some((e) => e.type === OUTBOUND_EVENTS.attempted)) return null;
  const [request] = await db.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, ref.tenantId), eq(callbackRequests.interactionId, ref.interactionId)));
  if (request && request.status !== "routed") return null;
  const phone = typeof contact.data.customerPhone === "string" ? contact.data.customerPhone : (request?.phone ?? null);
  if (!phone) return null;
  const id = attemptInteractionId(contact.id, 2);
  const [again] = await db.select({ id: interactions.id }).from(interactions).where(eq(interactions.id, id));
  if (routing.engine.contact(id) || again) {
    // Put back already (a crash came before its request was moved on): the request follows it now.
    if (request) await db.update(callbackRequests).set({ interactionId: id }).where(and(eq(callbackRequests.id, request.id), eq(callbackRequests.status, "routed")));
    return null;
  }
  const queue = routing.engine.listQueues().find((q) => q.id === contact.queueId) ?? routing.engine.listQueues().find((q) => q.tenantId === ref.tenantId);
  if (!queue) return null;
  await routing.submit({
    type: "arrive",
    interaction: { id, tenantId: ref.tenantId, queueId: queue.id, channel: "callback", arrivedAt: contact.arrivedAt.getTime(), ...(contact.customerRef ? { customerRef: contact.customerRef } : {}) },
    meta: {
      externalId: `refiled:${contact.id}`,
      data: { ...contact.data, customerPhone: phone, refiledFrom: contact.id, ...(request ? { callbackRequestId: request.id } : {}) },
    },
  });
  if (request) await db.update(callbackRequests).set({ interactionId: id }).where(and(eq(callbackRequests.id, request.id), eq(callbackRequests.status, "routed")));
  else await db.insert(callbackRequests).values({ tenantId: ref.tenantId, customerId: contact.customerRef, phone, windowFrom: contact.arrivedAt, status: "routed", interactionId: id, name: nameOf(contact.data) });
  return id;
}

/**
 * A caller who keeps their place gets their call-back request at once (open, `routed`, pointing at the call's
 * contact): the durable promise the sweep finds if the contact is filed without a call and a crash comes
 * before it is put back. Once per contact; a request of theirs still scheduled for later becomes this one.
 */
export async function requestForKeptPlace(db: Db, ref: { tenantId: string; interactionId: string }): Promise<void> {
  const [contact] = await db.select().from(interactions).where(and(eq(interactions.tenantId, ref.tenantId), eq(interactions.id, ref.interactionId)));
  const phone = typeof contact?.data.customerPhone === "string" ? contact.data.customerPhone : null;
  if (!contact || !phone) return;
  await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: callbackRequests.id }).from(callbackRequests).where(and(eq(callbackRequests.tenantId, ref.tenantId), eq(callbackRequests.interactionId, contact.id)));
    if (existing) return;
    // A request the customer left earlier that is not yet in the queue (a web form for later, a retry not yet
    // due) is the same promise: this call keeps it, sooner. Two open requests would mean two calls.
    const [waiting] = await tx
      .select({ id: callbackRequests.id })
      .from(callbackRequests)
      .where(and(eq(callbackRequests.tenantId, ref.tenantId), eq(callbackRequests.phone, phone), eq(callbackRequests.status, "scheduled")))
      .for("update");
    if (waiting) {
      await tx
        .update(callbackRequests)
        .set({ status: "routed", interactionId: contact.id, requests: sql`${callbackRequests.requests} + 1` })
        .where(and(eq(callbackRequests.id, waiting.id), eq(callbackRequests.status, "scheduled")));
      return;
    }
    await tx.insert(callbackRequests).values({ tenantId: ref.tenantId, customerId: contact.customerRef, phone, windowFrom: contact.arrivedAt, status: "routed", interactionId: contact.id, name: nameOf(contact.data) });
  });
}

const nameOf = (data: Record<string, unknown>) => (typeof data.customerName === "string" ? data.customerName : null);

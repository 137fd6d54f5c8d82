import type { FastifyBaseLogger } from "fastify";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { callbackRequests, interactions, type Db } from "@moked/db";
import { Poller } from "../core/poller";
import type { RoutingHost } from "../routing/host";
import { attemptInteractionId } from "../voice/callback-attempts";
import { matchCustomer } from "./customers";

/**
 * Routes callback requests when their window opens: each becomes a `callback` interaction in the line's
 * queue. The due time is in the database, so a restart neither loses nor repeats one.
 */
export class CallbackScheduler {
  private readonly poller: Poller;

  constructor(private readonly options: { db: Db; routing: RoutingHost | null; log: FastifyBaseLogger; pollMs?: number }) {
    this.poller = new Poller("callback scheduling", () => this.pass(), options.log, options.pollMs);
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  async pass(): Promise<void> {
    const { db, routing } = this.options;
    if (!routing) return;
    const due = await db
      .select()
      .from(callbackRequests)
      .where(and(eq(callbackRequests.status, "scheduled"), lte(callbackRequests.windowFrom, new Date())))
      // Oldest due first: routed in this order, they reach agents in it.
      .orderBy(callbackRequests.windowFrom, callbackRequests.createdAt)
      .limit(50);
    for (const request of due) {
      const queue = routing.engine.listQueues().find((q) => q.tenantId === request.tenantId);
      if (!queue) continue;
      // Claim first: a second node (or a crash and restart) must not route it twice.
      const claimed = await db
        .update(callbackRequests)
        .set({ status: "routing" })
        .where(and(eq(callbackRequests.id, request.id), eq(callbackRequests.status, "scheduled")))
        .returning({ id: callbackRequests.id });
      if (claimed.length === 0) continue;
      // One routed attempt, one interaction: the id follows from the request and its attempt, which makes it idempotent.
      const attempt = request.attempts + 1;
      const interactionId = attemptInteractionId(request.id, attempt);
      try {
        await routing.submit({
          type: "arrive",
          interaction: { id: interactionId, tenantId: request.tenantId, queueId: queue.id, channel: "callback", ...(request.customerId ? { customerRef: request.customerId } : {}) },
          meta: {
            externalId: attempt === 1 ? `callback:${request.id}` : `callback:${request.id}:${attempt}`,
            data: { customerName: request.name, customerPhone: request.phone, windowTo: request.windowTo?.toISOString() ?? null, callbackRequestId: request.id, attempt },
          },
        });
        await db.update(callbackRequests).set({ status: "routed", interactionId }).where(eq(callbackRequests.id, request.id));
      } catch (err) {
        this.options.log.warn({ err, callbackId: request.id }, "callback could not be routed; will retry");
        await db.update(callbackRequests).set({ status: "scheduled" }).where(eq(callbackRequests.id, request.id));
      }
    }
    // A claim left by a crash between claiming and routing: routed if its interaction exists, else retried.
    const stuck = await db.select({ id: callbackRequests.id, attempts: callbackRequests.attempts }).from(callbackRequests).where(eq(callbackRequests.status, "routing"));
    for (const { id: requestId, attempts } of stuck) {
      const id = attemptInteractionId(requestId, attempts + 1);
      if (routing.engine.contact(id)) continue;
      const [row] = await db.select({ id: interactions.id }).from(interactions).where(eq(interactions.id, id));
      await db.update(callbackRequests).set(row ? { status: "routed", interactionId: id } : { status: "scheduled" }).where(eq(callbackRequests.id, requestId));
    }
  }
}

/**
 * A callback request from a customer (the public form, or a chat visitor who chose it): merged into the
 * number's open request if there is one, else a new request for the matched customer.
 */
export async function requestCallback(
  db: Db,
  tenantId: string,
  request: { name: string | null; phone: string; windowFrom: Date; windowTo: Date | null; marketingConsent: boolean },
): Promise<{ row: typeof callbackRequests.$inferSelect; merged: boolean }> {
  return db.transaction(async (tx) => {
    const [open] = await tx
      .select()
      .from(callbackRequests)
      .where(and(eq(callbackRequests.tenantId, tenantId), eq(callbackRequests.phone, request.phone), inArray(callbackRequests.status, ["scheduled", "routing", "routed"])));
    if (open) {
      const [merged] = await tx
        .update(callbackRequests)
        .set({ requests: sql`${callbackRequests.requests} + 1`, marketingConsent: open.marketingConsent || request.marketingConsent })
        .where(eq(callbackRequests.id, open.id))
        .returning();
      return { row: merged!, merged: true };
    }
    const customerId = await matchCustomer(tx as unknown as Db, tenantId, { phone: request.phone, name: request.name });
    const [created] = await tx.insert(callbackRequests).values({ tenantId, customerId, ...request }).returning();
    return { row: created!, merged: false };
  });
}

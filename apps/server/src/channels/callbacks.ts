import type { FastifyBaseLogger } from "fastify";
import { and, eq, lte } from "drizzle-orm";
import { callbackRequests, interactions, type Db } from "@moked/db";
import { Poller } from "../core/poller";
import type { RoutingHost } from "../routing/host";

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
      const interactionId = request.id; // one callback request, one interaction: the same id makes it idempotent
      try {
        await routing.submit({
          type: "arrive",
          interaction: { id: interactionId, tenantId: request.tenantId, queueId: queue.id, channel: "callback", ...(request.customerId ? { customerRef: request.customerId } : {}) },
          meta: { externalId: `callback:${request.id}`, data: { customerName: request.name, customerPhone: request.phone, windowTo: request.windowTo?.toISOString() ?? null } },
        });
        await db.update(callbackRequests).set({ status: "routed", interactionId }).where(eq(callbackRequests.id, request.id));
      } catch (err) {
        this.options.log.warn({ err, callbackId: request.id }, "callback could not be routed; will retry");
        await db.update(callbackRequests).set({ status: "scheduled" }).where(eq(callbackRequests.id, request.id));
      }
    }
    // A claim left by a crash between claiming and routing: routed if its interaction exists, else retried.
    const stuck = await db.select({ id: callbackRequests.id }).from(callbackRequests).where(eq(callbackRequests.status, "routing"));
    for (const { id } of stuck) {
      if (routing.engine.contact(id)) continue;
      const [row] = await db.select({ id: interactions.id }).from(interactions).where(eq(interactions.id, id));
      await db.update(callbackRequests).set(row ? { status: "routed", interactionId: id } : { status: "scheduled" }).where(eq(callbackRequests.id, id));
    }
  }
}

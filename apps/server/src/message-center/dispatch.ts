import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { and, eq, inArray, sql } from "drizzle-orm";
import { dispatches, messages, onCallRosters, outbox, serverSecrets, tenants, users, type Db, type DispatchStep } from "@moked/db";
import { Poller } from "../core/poller";
import type { LiveBus } from "../live/bus";
import { chainAt } from "./on-call";

type DispatchRow = typeof dispatches.$inferSelect;

/** A secret every node shares, made once and kept in the database. */
export async function serverSecret(db: Db, name: string): Promise<string> {
  await db.insert(serverSecrets).values({ name, value: randomBytes(32).toString("hex") }).onConflictDoNothing();
  const [row] = await db.select().from(serverSecrets).where(eq(serverSecrets.name, name));
  return row!.value;
}

export function signAck(secret: string, dispatchId: string, step: number, expires: number): string {
  return createHmac("sha256", secret).update(`${dispatchId}.${step}.${expires}`).digest("hex");
}

export function verifyAck(secret: string, dispatchId: string, step: number, expires: number, signature: string, now: number): "ok" | "invalid" | "expired" {
  const expected = Buffer.from(signAck(secret, dispatchId, step, expires), "hex");
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
  return now > expires * 1000 ? "expired" : "ok";
}

/** Opens a dispatch for an urgent message when the line has an on-call roster; the worker does the calling. */
export async function openDispatch(tx: Db, tenantId: string, messageId: string, now: Date): Promise<string | null> {
  const [roster] = await tx.select().from(onCallRosters).where(eq(onCallRosters.tenantId, tenantId));
  const [tenant] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  if (!roster || !tenant) return null;
  const chain = chainAt(roster, tenant.timeZone, now.getTime());
  const [row] = await tx.insert(dispatches).values({ tenantId, messageId, chain, step: -1, status: "pending", nextEscalationAt: now, createdAt: now }).returning({ id: dispatches.id });
  return row!.id;
}

export interface DispatchWorkerOptions {
  db: Db;
  bus: LiveBus;
  log: FastifyBaseLogger;
  publicUrl: string;
  pollMs?: number;
  linkTtlMs?: number;
}

/**
 * Calls along the chain: the person on call first, the next one when no one acknowledges in time, and the
 * center's managers when the chain is exhausted. All state is in the database (due times included), so a
 * restart carries on where it stopped and escalates on time.
 */
export class DispatchWorker {
  private readonly poller: Poller;

  constructor(private readonly options: DispatchWorkerOptions) {
    this.poller = new Poller("dispatch run", () => this.pass(), options.log, options.pollMs);
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  async pass(): Promise<void> {
    const { db } = this.options;
    const secret = await serverSecret(db, "dispatch_links");
    await db.transaction(async (tx) => {
      const due = await tx.execute(sql`
        SELECT id FROM dispatches WHERE status IN ('pending', 'notifying') AND next_escalation_at <= now()
        ORDER BY next_escalation_at LIMIT 20 FOR UPDATE SKIP LOCKED`);
      const ids = (due as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
      if (ids.length === 0) return;
      for (const row of await tx.select().from(dispatches).where(inArray(dispatches.id, ids))) await this.advance(tx as unknown as Db, row, secret);
    });
  }

  private async advance(tx: Db, d: DispatchRow, secret: string): Promise<void> {
    const now = new Date();
    const [roster] = await tx.select().from(onCallRosters).where(eq(onCallRosters.tenantId, d.tenantId));
    const [message] = d.messageId ? await tx.select().from(messages).where(eq(messages.id, d.messageId)) : [];
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, d.tenantId));
    const next = d.step + 1;
    const log: DispatchStep[] = [...d.log];
    if (next < d.chain.length) {
      const member = d.chain[next]!;
      const expires = Math.floor((now.getTime() + (this.options.linkTtlMs ?? 24 * 3_600_000)) / 1000);
      const link = `${this.options.publicUrl}/api/v1/dispatches/${d.id}/ack?step=${next}&expires=${expires}&sig=${signAck(secret, d.id, next, expires)}`;
      if (member.email) {
        await tx.insert(outbox).values({
          tenantId: d.tenantId,
          messageId: d.messageId,
          channel: "email",
          destination: member.email,
          payload: {
            // Lets a bounce of this call escalate at once (bounces.ts).
            dispatchId: d.id,
            step: next,
            subject: `[כוננות / On call] ${tenant?.name ?? ""}: ${message?.subject ?? ""}`,
            text: [
              `${member.name}, יש פנייה דחופה / an urgent matter needs you.`,
              "",
              `${message?.subject ?? ""}`,
              ...(message?.customerName ? [`שם / Name: ${message.customerName}`] : []),
              ...(message?.customerPhone ? [`טלפון / Phone: ${message.customerPhone}`] : []),
              message?.body ?? "",
              "",
              `לאישור קבלה / Acknowledge: ${link}`,
              `ללא אישור תוך ${Math.round((roster?.ackTimeoutSeconds ?? 600) / 60)} דקות תועבר הפנייה הלאה / Unacknowledged, it goes to the next person.`,
            ].join("\n"),
          },
        });
      }
      log.push({ at: now.toISOString(), action: next === 0 ? "notified" : "escalated", memberId: member.id, memberName: member.name });
      await tx
        .update(dispatches)
        .set({ step: next, status: "notifying", log, nextEscalationAt: new Date(now.getTime() + (roster?.ackTimeoutSeconds ?? 600) * 1000) })
        .where(eq(dispatches.id, d.id));
      return;
    }
    // No one answered: the center's managers hear of it, by e-mail and on their screens.
    log.push({ at: now.toISOString(), action: "exhausted" });
    await tx.update(dispatches).set({ status: "exhausted", log, nextEscalationAt: null }).where(eq(dispatches.id, d.id));
    const managers = await tx.select({ email: users.email }).from(users).where(and(inArray(users.role, ["center_manager", "shift_manager"]), eq(users.active, true)));
    if (managers.length > 0) {
      await tx.insert(outbox).values(
        managers.map((m) => ({
          tenantId: d.tenantId,
          messageId: d.messageId,
          channel: "email",
          destination: m.email,
          payload: { subject: `[לא נענה / Unanswered] ${tenant?.name ?? ""}: ${message?.subject ?? ""}`, text: `אף אחד בשרשרת הכוננות לא אישר / no one on call acknowledged.\nDispatch ${d.id}` },
        })),
      );
    }
    await this.options.bus.publish({ type: "dispatch.exhausted", tenantId: d.tenantId, at: now.toISOString(), audience: { roles: ["admin", "center_manager", "shift_manager", "team_leader"] }, payload: { dispatchId: d.id, messageId: d.messageId, lineName: tenant?.name ?? null, subject: message?.subject ?? null } });
  }
}

/** Records an acknowledgement (by the signed link or an agent who reached the person by phone). */
export async function acknowledge(db: Db, d: DispatchRow, by: string, note?: string): Promise<DispatchRow> {
  const now = new Date();
  const member = d.chain[Math.max(0, d.step)];
  const log: DispatchStep[] = [...d.log, { at: now.toISOString(), action: "acknowledged", ...(member ? { memberId: member.id, memberName: member.name } : {}), by, ...(note ? { note } : {}) }];
  const [row] = await db.update(dispatches).set({ status: "acknowledged", acknowledgedAt: now, nextEscalationAt: null, log }).where(eq(dispatches.id, d.id)).returning();
  return row!;
}

import { createHmac } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { and, eq, inArray, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { messageSettings, outbox, type Db } from "@moked/db";
import { Poller } from "../core/poller";
import type { MessagingProvider } from "../channels/messaging/provider";
import { verpAddress } from "./bounces";

export interface OutboxOptions {
  db: Db;
  log: FastifyBaseLogger;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** When set, each e-mail's return path is `bounce+<outbox id>@bounceDomain` (VERP), so its bounce names it. */
  bounceDomain?: string | undefined;
  /** An HTTP SMS gateway: POST {to, text} with an HMAC signature; unset, SMS wait in the outbox. */
  smsGatewayUrl?: string | undefined;
  smsGatewaySecret?: string | undefined;
  /** SMS / WhatsApp answers in conversations; unset, they wait in the outbox. */
  messaging?: MessagingProvider | undefined;
  pollMs?: number;
  maxAttempts?: number;
}

type OutboxRow = typeof outbox.$inferSelect;

/** 5 s, 10 s, 20 s … capped at an hour: an SMTP outage is ridden out, a dead address stops after maxAttempts. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * One SMTP connection kept open and reused for the worker's mails (unless the URL says `pool=false`): a
 * new connection per mail costs several round trips, about eight times the time of the mail itself.
 */
function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
  return url.toString();
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Delivers what the outbox holds. Rows are claimed with a lease (FOR UPDATE SKIP LOCKED), so several nodes
 * can run workers without sending a row twice at once; a worker that dies mid-send leaves its lease to
 * expire and the row is retried. Delivery is at least once: every e-mail carries a Message-ID and every
 * webhook an Idempotency-Key derived from the row, so a receiver can drop the rare repeat.
 */
export class OutboxWorker {
  private readonly poller: Poller;
  private transport: Transporter | null;

  constructor(private readonly options: OutboxOptions) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(pooled(options.smtpUrl)) : null;
    this.poller = new Poller("outbox run", () => this.runOnce(), options.log, options.pollMs);
  }

  start(): void {
    this.poller.start();
  }

  async stop(): Promise<void> {
    await this.poller.stop();
    this.transport?.close();
  }

  /** One pass: claim due rows, deliver each, record the outcome. Returns how many were attempted. */
  runOnce(): Promise<number> {
    return this.pass();
  }

  private async pass(): Promise<number> {
    const { db } = this.options;
    await this.foldDigests();
    const claimed = await db.execute(sql`
      UPDATE outbox SET status = 'sending', lease_until = now() + interval '60 seconds', attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox
        WHERE (status = 'queued' AND next_attempt_at <= now()) OR (status = 'sending' AND lease_until < now())
        ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
      RETURNING id`);
    const ids = (claimed as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
    for (const id of ids) {
      const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
      if (row) await this.deliver(row);
    }
    return ids.length;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { db, log } = this.options;
    try {
      if (row.channel === "email") await this.sendEmail(row);
      else if (row.channel === "webhook") await this.sendWebhook(row);
      else if (row.channel === "sms") await this.sendSms(row);
      else if (row.channel === "messaging") await this.sendMessaging(row);
      else throw new Error(`unknown channel ${row.channel}`);
      // Only a row still ours: a bounce that beat this update to the database must stay recorded.
      await db.update(outbox).set({ status: "sent", sentAt: new Date(), leaseUntil: null, lastError: null }).where(and(eq(outbox.id, row.id), eq(outbox.status, "sending")));
      log.info({ outboxId: row.id, tenantId: row.tenantId, channel: row.channel }, "delivered");
    } catch (err) {
      const failed = row.attempts >= (this.options.maxAttempts ?? 10);
      await db
        .update(outbox)
        .set({ status: failed ? "failed" : "queued", leaseUntil: null, lastError: String((err as Error).message ?? err).slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffMs(row.attempts)) })
        .where(eq(outbox.id, row.id));
      log.warn({ outboxId: row.id, attempts: row.attempts, failed, err: (err as Error).message }, "delivery failed");
    }
  }

  private async sendEmail(row: OutboxRow): Promise<void> {
    if (!this.transport) throw new Error("SMTP_URL is not set; the e-mail waits in the outbox until it is");
    const payload = row.payload as {
      subject: string;
      text: string;
      from?: string;
      messageId?: string;
      inReplyTo?: string;
      references?: string[];
      autoSubmitted?: string;
      /** Text files sent along (a scheduled report's CSV). */
      attachments?: Array<{ filename: string; content: string; contentType?: string }>;
    };
    await this.transport.sendMail({
      from: payload.from ?? this.options.mailFrom,
      to: row.destination,
      subject: payload.subject,
      text: payload.text,
      // A reply keeps the id it was recorded with, so the customer's answer threads back to it.
      messageId: payload.messageId ?? `<${row.id}@moked>`,
      ...(payload.inReplyTo ? { inReplyTo: payload.inReplyTo } : {}),
      ...(payload.references?.length ? { references: payload.references } : {}),
      ...(payload.attachments?.length ? { attachments: payload.attachments } : {}),
      headers: { "X-Moked-Message": row.messageId ?? "", ...(payload.autoSubmitted ? { "Auto-Submitted": payload.autoSubmitted } : {}) },
      ...(this.options.bounceDomain ? { envelope: { from: verpAddress(row.id, this.options.bounceDomain), to: row.destination } } : {}),
    });
  }

  /**
   * Digests: a line's held items for one address become one e-mail once the oldest has waited its digest
   * period. The items are marked "digested" in the same transaction that queues the digest, so an item is
   * in exactly one digest.
   */
  private async foldDigests(): Promise<void> {
    const { db } = this.options;
    await db.transaction(async (tx) => {
      const held = await tx.select().from(outbox).where(eq(outbox.status, "held"));
      const groups = new Map<string, OutboxRow[]>();
      for (const row of held) {
        const key = `${row.tenantId}|${row.destination}`;
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }
      for (const rows of groups.values()) {
        const first = rows.reduce((a, b) => (a.createdAt <= b.createdAt ? a : b));
        const minutes = Number((first.payload as { digestMinutes?: number }).digestMinutes ?? 60);
        if (Date.now() - first.createdAt.getTime() < minutes * 60_000) continue;
        const line = String((first.payload as { lineName?: string }).lineName ?? "");
        const parts = rows
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
          .map((r, i) => `── ${i + 1} / ${rows.length} ──\n${(r.payload as { text: string }).text}`);
        await tx.insert(outbox).values({
          tenantId: first.tenantId,
          channel: "email",
          destination: first.destination,
          payload: { subject: `${line}: ${rows.length} הודעות / messages`, text: parts.join("\n\n") },
        });
        await tx
          .update(outbox)
          .set({ status: "digested", sentAt: new Date() })
          .where(inArray(outbox.id, rows.map((r) => r.id)));
      }
    });
  }

  /** A conversation's answer by SMS or WhatsApp; the row's id is the idempotency key on every attempt. */
  private async sendMessaging(row: OutboxRow): Promise<void> {
    if (!this.options.messaging) throw new Error("MESSAGING_PROVIDER_URL is not set; the message waits in the outbox until it is");
    const payload = row.payload as { text: string; medium?: string };
    await this.options.messaging.send({ to: row.destination, text: payload.text, medium: payload.medium === "whatsapp" ? "whatsapp" : "sms" }, row.id);
  }

  private async sendSms(row: OutboxRow): Promise<void> {
    const { smsGatewayUrl, smsGatewaySecret } = this.options;
    if (!smsGatewayUrl) throw new Error("SMS_GATEWAY_URL is not set; the SMS waits in the outbox until it is");
    const body = JSON.stringify({ to: row.destination, text: (row.payload as { text: string }).text, id: row.id });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(smsGatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": row.id, ...(smsGatewaySecret ? { "x-moked-signature": signWebhook(smsGatewaySecret, timestamp, body) } : {}) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }

  private async sendWebhook(row: OutboxRow): Promise<void> {
    const [settings] = row.tenantId ? await this.options.db.select().from(messageSettings).where(eq(messageSettings.tenantId, row.tenantId)) : [];
    const body = JSON.stringify(row.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(row.destination, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": row.id,
        ...(settings?.webhookSecret ? { "x-moked-signature": signWebhook(settings.webhookSecret, timestamp, body) } : {}),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}

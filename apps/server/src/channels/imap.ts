import type { FastifyBaseLogger } from "fastify";
import { eq } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { lineMailSettings, tenants, type Db, type MailRejection } from "@moked/db";
import { Poller } from "../core/poller";
import type { RoutingHost } from "../routing/host";
import { receiveEmail } from "./email";
import { MailRejected, MAX_EMAIL_BYTES, parseInbound } from "./inbound-mail";

type Account = typeof lineMailSettings.$inferSelect;

export interface ImapPollerOptions {
  db: Db;
  routing: RoutingHost;
  log: FastifyBaseLogger;
  mailDomain: string;
  pollMs: number;
}

export interface PollOutcome {
  taken: number;
  rejected: number;
}

/**
 * Inbound e-mail by polling IMAP mailboxes, as an alternative to the built-in SMTP listener: every line with
 * IMAP switched on has its mailbox read for messages after the last UID taken (kept in the database with the
 * mailbox's UIDVALIDITY, so a restart neither skips nor repeats; a repeat would be dropped by Message-ID
 * anyway). Taken messages are flagged \Seen and left where they are. A malformed or oversized message is
 * passed over with its reason kept and logged; a mailbox that cannot be reached is retried next round. No
 * one account's trouble stops the others or the server.
 */
export class ImapPoller {
  private readonly poller: Poller;

  constructor(private readonly options: ImapPollerOptions) {
    this.poller = new Poller("imap poll", () => this.pass(), options.log, options.pollMs);
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  async pass(): Promise<void> {
    const accounts = await this.options.db.select().from(lineMailSettings).where(eq(lineMailSettings.imapEnabled, true));
    for (const account of accounts) await this.pollAccount(account);
  }

  /** One mailbox, once. Errors end up in the account's `imapLastError`, never thrown. */
  async pollAccount(account: Account): Promise<PollOutcome> {
    const { db, log } = this.options;
    const outcome: PollOutcome = { taken: 0, rejected: 0 };
    const [tenant] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, account.tenantId));
    if (!tenant || !account.imapHost || !account.imapUser) return outcome;
    const client = new ImapFlow({
      host: account.imapHost,
      port: account.imapPort,
      secure: account.imapSecure,
      auth: { user: account.imapUser, pass: account.imapPassword ?? "" },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
    // A dropped connection is reported here; without a listener it would take the process down.
    client.on("error", (err: Error) => log.warn({ tenantId: account.tenantId, err: err.message }, "imap connection error"));
    let lastError: string | null = null;
    try {
      await client.connect();
      const lock = await client.getMailboxLock(account.imapMailbox);
      try {
        const box = client.mailbox;
        const uidValidity = box ? String(box.uidValidity) : null;
        // A new UIDVALIDITY means the UIDs were renumbered: start over (Message-IDs keep repeats out).
        let lastUid = uidValidity === account.imapUidValidity ? account.imapLastUid : 0;
        const pending: Array<{ uid: number; size: number; from: string | null; subject: string | null }> = [];
        if (box && box.exists > 0) {
          for await (const m of client.fetch(`${lastUid + 1}:*`, { uid: true, size: true, envelope: true }, { uid: true })) {
            // "n:*" also answers the highest message when n is past it; only newer ones count.
            if (m.uid > lastUid) pending.push({ uid: m.uid, size: m.size ?? 0, from: m.envelope?.from?.[0]?.address ?? null, subject: m.envelope?.subject ?? null });
          }
        }
        pending.sort((a, b) => a.uid - b.uid);
        for (const item of pending) {
          try {
            if (item.size > MAX_EMAIL_BYTES) throw new MailRejected(`message too large: ${(item.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_EMAIL_BYTES / 1024 / 1024} MB`);
            const full = await client.fetchOne(String(item.uid), { source: true }, { uid: true });
            if (!full || !full.source) throw new MailRejected("the server did not return the message");
            const mail = await parseInbound(full.source);
            await receiveEmail(db, this.options.routing, tenant.slug, mail, account.imapUser, { mailDomain: this.options.mailDomain });
            outcome.taken++;
          } catch (err) {
            if (!(err instanceof MailRejected)) throw err; // not the message's fault: stop here, retry next round
            outcome.rejected++;
            await this.reject(account.tenantId, { at: new Date().toISOString(), uid: item.uid, from: item.from, subject: item.subject, reason: err.message });
          }
          await client.messageFlagsAdd(String(item.uid), ["\\Seen"], { uid: true }).catch(() => undefined);
          lastUid = item.uid;
          await db.update(lineMailSettings).set({ imapUidValidity: uidValidity, imapLastUid: lastUid }).where(eq(lineMailSettings.tenantId, account.tenantId));
        }
        if (pending.length === 0) await db.update(lineMailSettings).set({ imapUidValidity: uidValidity, imapLastUid: lastUid }).where(eq(lineMailSettings.tenantId, account.tenantId));
      } finally {
        lock.release();
      }
    } catch (err) {
      const e = err as Error & { responseText?: string; authenticationFailed?: boolean };
      lastError = e.authenticationFailed ? "the IMAP server refused the user name or password" : (e.responseText ?? e.message ?? String(err)).slice(0, 500);
      log.warn({ tenantId: account.tenantId, host: account.imapHost, err: lastError }, "imap poll failed");
    } finally {
      await client.logout().catch(() => client.close());
    }
    await db.update(lineMailSettings).set({ imapLastPolledAt: new Date(), imapLastError: lastError }).where(eq(lineMailSettings.tenantId, account.tenantId));
    if (outcome.taken || outcome.rejected) log.info({ tenantId: account.tenantId, ...outcome }, "imap mailbox read");
    return outcome;
  }

  /** Keeps the last 20 rejections on the account for the line's admins, and logs each. */
  private async reject(tenantId: string, rejection: MailRejection): Promise<void> {
    this.options.log.warn({ tenantId, uid: rejection.uid, from: rejection.from, reason: rejection.reason }, "inbound e-mail refused");
    const [row] = await this.options.db.select({ list: lineMailSettings.imapRejections }).from(lineMailSettings).where(eq(lineMailSettings.tenantId, tenantId));
    await this.options.db
      .update(lineMailSettings)
      .set({ imapRejections: [rejection, ...(row?.list ?? [])].slice(0, 20) })
      .where(eq(lineMailSettings.tenantId, tenantId));
  }
}

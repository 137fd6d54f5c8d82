// Mail throughput on the embedded database, over real SMTP and IMAP on loopback:
// - inbound: mails accepted by the built-in SMTP listener (each parsed, checked, stored and routed before
//   the 250 reply) per second, and mails taken from an IMAP mailbox (the private Dovecot of the tests);
// - outbound: outbox e-mails delivered per second by the outbox worker to an SMTP server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { lineMailSettings, openDatabase, outbox, runMigrations, tenants } from "@moked/db";
import { buildApp } from "../apps/server/src/app";
import { ImapPoller } from "../apps/server/src/channels/imap";
import { loadConfig } from "../apps/server/src/core/config";
import { createInProcessBus } from "../apps/server/src/live/bus";
import { OutboxWorker } from "../apps/server/src/message-center/outbox";
import { seedDemoCenter } from "../apps/server/src/seed/demo";
import { ensureTestImap, imapClient, TEST_IMAP } from "../apps/server/test/imap-server";

const INBOUND = Number(process.env.BENCH_MAILS ?? 400);
const OUTBOUND = Number(process.env.BENCH_OUTBOX ?? 400);
const IMAP_MAILS = Number(process.env.BENCH_IMAP ?? 200);

const line = (k: string, v: string) => process.stdout.write(`${k.padEnd(60)} ${v}\n`);

/** A plain SMTP server that accepts and drops everything: the far end of outgoing mail. */
async function sink(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _s, callback) {
      stream.resume();
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`, count: () => received, close: () => new Promise((r) => server.close(() => r())) };
}

const pdf = Buffer.alloc(40 * 1024, 37);
const mail = (i: number) => ({
  from: `לקוח ${i} <customer${i}@example.com>`,
  to: "sky-tours@moked.bench",
  subject: `פנייה מספר ${i}`,
  text: `שלום, זו פנייה מספר ${i}.\n`.repeat(20),
  messageId: `<bench-${i}-${Date.now()}@example.com>`,
  ...(i % 4 === 0 ? { attachments: [{ filename: "מסמך.pdf", content: pdf }] } : {}),
});

export async function runMailBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "moked-bench-mail-"));
  const handle = await openDatabase({ dataDir: dir });
  const far = await sink();
  try {
    await runMigrations(handle);
    await seedDemoCenter(handle.db);
    const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", MAIL_LISTEN_PORT: "0", MAIL_DOMAIN: "moked.bench", HOST: "127.0.0.1", IMAP_POLL_MS: "3600000" });
    const moked = await buildApp({ config, db: handle.db, bus: createInProcessBus(), outbox: false });
    await moked.app.ready();

    // Inbound over SMTP: 8 connections in parallel, as a busy relay would deliver.
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: moked.mailPort!, secure: false, ignoreTLS: true, pool: true, maxConnections: 8, maxMessages: Infinity });
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < INBOUND) await transport.sendMail(mail(next++));
      }),
    );
    const inSeconds = (performance.now() - started) / 1000;
    transport.close();
    line(`inbound SMTP: mails parsed, stored and routed (${INBOUND}, 1 in 4 with a 40 KB PDF)`, `${(INBOUND / inSeconds).toFixed(0)} /s`);

    // Inbound over IMAP from the private Dovecot, when it runs.
    const unavailable = await ensureTestImap();
    if (unavailable) line("inbound IMAP", `skipped: ${unavailable}`);
    else {
      const box = `bench-${Date.now()}`;
      const client = imapClient();
      await client.connect();
      await client.mailboxCreate(box);
      const raws = await Promise.all(Array.from({ length: IMAP_MAILS }, (_, i) => new Promise<Buffer>((resolve, reject) => nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail({ ...mail(INBOUND + i), to: "sky@imap.example" }, (err, info) => (err ? reject(err) : resolve(info.message as Buffer))))));
      for (const raw of raws) await client.append(box, raw);
      const [sky] = await handle.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "sky-tours"));
      await handle.db.insert(lineMailSettings).values({ tenantId: sky!.id, imapEnabled: true, imapHost: TEST_IMAP.host, imapPort: TEST_IMAP.port, imapSecure: false, imapUser: TEST_IMAP.user, imapPassword: TEST_IMAP.password, imapMailbox: box });
      const [account] = await handle.db.select().from(lineMailSettings).where(eq(lineMailSettings.tenantId, sky!.id));
      const poller = new ImapPoller({ db: handle.db, routing: moked.routing!, log: moked.app.log, mailDomain: "moked.bench", pollMs: 3_600_000 });
      const t0 = performance.now();
      const outcome = await poller.pollAccount(account!);
      const imapSeconds = (performance.now() - t0) / 1000;
      line(`inbound IMAP: mails fetched, parsed, stored and routed (${outcome.taken})`, `${(outcome.taken / imapSeconds).toFixed(0)} /s`);
      await client.mailboxDelete(box).catch(() => undefined);
      await client.logout();
    }
    await moked.app.close();

    // Outbound: queued e-mails delivered by the outbox worker over SMTP, one connection per mail.
    await handle.db.execute(sql`DELETE FROM outbox`);
    await handle.db.insert(outbox).values(Array.from({ length: OUTBOUND }, (_, i) => ({ channel: "email", destination: `client${i}@example.com`, payload: { subject: `הודעה ${i}`, text: "הודעה חדשה עבור הקו\n".repeat(20) } })));
    const worker = new OutboxWorker({ db: handle.db, log: moked.app.log, smtpUrl: far.url, mailFrom: "Moked <moked@moked.bench>", bounceDomain: "moked.bench" });
    const t1 = performance.now();
    while (far.count() < OUTBOUND) if ((await worker.runOnce()) === 0) await new Promise((r) => setTimeout(r, 5));
    const outSeconds = (performance.now() - t1) / 1000;
    await worker.stop();
    line(`outbound: outbox e-mails delivered over SMTP (${OUTBOUND}, each with its VERP return path)`, `${(OUTBOUND / outSeconds).toFixed(0)} /s`);
  } finally {
    await far.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runMailBench();

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { lineMailSettings, tenantsScope, withTenantScope } from "@moked/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, until, type TestApp } from "./harness";
import { ensureTestImap, imapClient, TEST_IMAP } from "./imap-server";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

const unavailable = await ensureTestImap();
if (unavailable) process.stderr.write(`\nIMAP polling tests skipped: no IMAP server could be started (${unavailable})\n`);

/** Hebrew in windows-1255 (the Israeli Windows code page), quoted-printable: what older mail clients send. */
function cp1255QuotedPrintable(text: string): string {
  const bytes = [...text].map((c) => (c >= "א" && c <= "ת" ? 0xe0 + c.charCodeAt(0) - 0x5d0 : c.charCodeAt(0)));
  return bytes.map((b) => (b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("");
}
const encodedWord = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString("base64")}?=`;
const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

function mime(options: { from?: string; subject: string; messageId: string; body: string; attachment?: { name: string; content: Buffer }; headers?: string[] }): string {
  const head = [
    ...(options.from ? [`From: ${options.from}`] : []),
    "To: service@bayit.example",
    `Subject: ${options.subject}`,
    `Message-ID: ${options.messageId}`,
    "Date: Thu, 26 Nov 2026 08:00:00 +0200",
    "MIME-Version: 1.0",
    ...(options.headers ?? []),
  ];
  if (!options.attachment) return [...head, "Content-Type: text/plain; charset=utf-8", "", options.body, ""].join("\r\n");
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="mixed"',
    "",
    "--mixed",
    'Content-Type: multipart/alternative; boundary="alt"',
    "",
    "--alt",
    "Content-Type: text/plain; charset=windows-1255",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    cp1255QuotedPrintable(options.body),
    "--alt",
    "Content-Type: text/html; charset=utf-8",
    "",
    `<p>${options.body}</p><script>alert(1)</script>`,
    "--alt--",
    "--mixed",
    `Content-Type: application/pdf; name="${encodedWord(options.attachment.name)}"`,
    `Content-Disposition: attachment; filename="${encodedWord(options.attachment.name)}"`,
    "Content-Transfer-Encoding: base64",
    "",
    options.attachment.content.toString("base64").replace(/.{76}/g, "$&\r\n"),
    "--mixed--",
    "",
  ].join("\r\n");
}

describe.skipIf(unavailable !== null)("inbound e-mail by polling an IMAP mailbox (a real Dovecot on loopback)", () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: string;
  const mailbox = `moked-test-${randomUUID().slice(0, 8)}`;
  const imap = imapClient();
  const call = (method: "GET" | "PUT", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const emailContacts = async (slug: string) =>
    ((await call("GET", `/api/v1/interactions?tenantId=${t.tenantId(slug)}`, admin)).json().items as Array<{ id: string; channel: string }>).filter((i) => i.channel === "email");

  beforeAll(async () => {
    await imap.connect();
    await imap.mailboxCreate(mailbox);
    smtp = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: "100", IMAP_POLL_MS: "200", MAIL_DOMAIN: "moked.test" });
    admin = await t.login("admin@moked.local");
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await imap.mailboxDelete(mailbox).catch(() => undefined);
    await imap.logout().catch(() => undefined);
  });

  it("takes multipart mail with Hebrew in any encoding and its attachments, refuses malformed and oversized mail with a reason, and keeps going", async () => {
    const bank = t.tenantId("bayit-mortgage");
    await imap.append(
      mailbox,
      mime({ from: "יעל אברהם <yael@example.com>", subject: encodedWord("בקשה להחזר כספי"), messageId: "<imap-1@example.com>", body: "שלום רב, אבקש החזר", attachment: { name: "אישור תשלום.pdf", content: pdf } }),
    );
    await imap.append(mailbox, mime({ subject: "no sender", messageId: "<imap-2@example.com>", body: "who sent this?" }));
    await imap.append(mailbox, mime({ from: "big@example.com", subject: "scan", messageId: "<imap-3@example.com>", body: "big file", attachment: { name: "scan.pdf", content: Buffer.alloc(6 * 1024 * 1024, 7) } }));

    const set = await call("PUT", `/api/v1/tenants/${bank}/mail-settings`, admin, {
      imap: { enabled: true, host: TEST_IMAP.host, port: TEST_IMAP.port, secure: false, user: TEST_IMAP.user, password: TEST_IMAP.password, mailbox },
      autoAck: { enabled: false },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().imap).toMatchObject({ enabled: true, user: "moked", passwordSet: true });
    expect(set.body).not.toContain(TEST_IMAP.password);

    const status = await until(async () => {
      const s = (await call("GET", `/api/v1/tenants/${bank}/mail-settings`, admin)).json().status;
      return s.lastUid >= 3 ? s : null;
    });
    expect(status.lastError).toBeNull();
    const reasons = (status.rejections as Array<{ uid: number; reason: string }>).sort((a, b) => a.uid - b.uid).map((r) => r.reason);
    expect(reasons).toEqual(["malformed message: no sender address in From", 'attachment "scan.pdf" is 6.0 MB; the limit is 5.0 MB']);

    const [contact] = await emailContacts("bayit-mortgage");
    const thread = (await call("GET", `/api/v1/interactions/${contact!.id}/emails`, admin)).json().items;
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatchObject({ direction: "in", from: "yael@example.com", subject: "בקשה להחזר כספי" });
    expect(thread[0].text).toContain("שלום רב, אבקש החזר");
    expect(thread[0].attachments).toMatchObject([{ filename: "אישור תשלום.pdf", contentType: "application/pdf", size: pdf.length }]);
    const file = await t.app.inject({ method: "GET", url: `/api/v1/email-attachments/${thread[0].attachments[0].id}`, headers: { cookie: admin } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    expect(file.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(file.headers["content-disposition"]).toContain(encodeURIComponent("אישור תשלום.pdf"));
    // Another business's viewer cannot fetch it, exactly as if it did not exist.
    const other = await t.login("viewer.travel@moked.local");
    expect((await t.app.inject({ method: "GET", url: `/api/v1/email-attachments/${thread[0].attachments[0].id}`, headers: { cookie: other } })).statusCode).toBe(404);
    // Taken messages are flagged as read in the mailbox and left there.
    const lock = await imap.getMailboxLock(mailbox);
    try {
      const flags = [];
      for await (const m of imap.fetch("1:*", { flags: true })) flags.push(m.flags?.has("\\Seen"));
      expect(flags).toEqual([true, true, true]);
    } finally {
      lock.release();
    }

    // The poller is still reading: a message arriving later is taken too, and the first is not taken twice.
    await imap.append(mailbox, mime({ from: "dan@example.com", subject: "עוד שאלה", messageId: "<imap-4@example.com>", body: "מתי תחזרו אליי?" }));
    await until(async () => ((await emailContacts("bayit-mortgage")).length === 2 ? true : null));
    await new Promise((r) => setTimeout(r, 600));
    expect(await emailContacts("bayit-mortgage")).toHaveLength(2);
  }, 90_000);

  it("reports a refused login on the line's settings, and keeps the password to itself", async () => {
    const galil = t.tenantId("galil-motors");
    const incomplete = await call("PUT", `/api/v1/tenants/${galil}/mail-settings`, admin, { imap: { enabled: true, host: TEST_IMAP.host, user: "moked" }, autoAck: { enabled: false } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({ code: "imap_incomplete", details: [{ path: "imap.password" }] });
    await call("PUT", `/api/v1/tenants/${galil}/mail-settings`, admin, { imap: { enabled: true, host: TEST_IMAP.host, port: TEST_IMAP.port, secure: false, user: "moked", password: "wrong-password", mailbox: "INBOX" }, autoAck: { enabled: false } });
    const status = await until(async () => {
      const s = (await call("GET", `/api/v1/tenants/${galil}/mail-settings`, admin)).json().status;
      return s.lastError ? s : null;
    });
    expect(status.lastError).toBe("the IMAP server refused the user name or password");
    // Client viewers and agents do not read mail settings; the second wall hides them from other lines too.
    expect((await call("GET", `/api/v1/tenants/${galil}/mail-settings`, await t.login("viewer.auto@moked.local"))).statusCode).toBe(403);
    const seen = await withTenantScope(t.db.db, tenantsScope([t.tenantId("sky-tours")]), (tx) => tx.select().from(lineMailSettings).where(eq(lineMailSettings.tenantId, galil)));
    expect(seen).toEqual([]);
  }, 90_000);
});

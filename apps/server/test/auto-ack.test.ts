import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, until, type TestApp } from "./harness";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

/**
 * The line's auto-acknowledgement over real SMTP on loopback: a customer who writes in gets one mail saying
 * when to expect an answer; machines (auto-replies, bulk mail, bounces) get none, so no mail loop can start.
 */
describe("auto-acknowledgement of inbound e-mail", () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: string;
  const call = (method: "GET" | "PUT", url: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });
  const customer = () => nodemailer.createTransport({ host: "127.0.0.1", port: t.mailPort!, secure: false, ignoreTLS: true });
  const acksTo = (address: string) => smtp.mails.filter((m) => m.to && "text" in m.to && m.to.text === address && m.headers.get("auto-submitted") === "auto-replied");
  const contactsOf = async (slug: string) => ((await call("GET", `/api/v1/interactions?tenantId=${t.tenantId(slug)}`)).json().items as Array<{ channel: string }>).filter((i) => i.channel === "email").length;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: "100", MAIL_LISTEN_PORT: "0", MAIL_DOMAIN: "moked.test", HOST: "127.0.0.1" });
    admin = await t.login("admin@moked.local");
    const res = await call("PUT", `/api/v1/tenants/${t.tenantId("sky-tours")}/mail-settings`, { imap: { enabled: false }, autoAck: { enabled: true, responseMinutes: 120 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().autoAck).toEqual({ enabled: true, responseMinutes: 120 });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it("answers a new conversation once with the expected response time, threaded to the customer's mail", async () => {
    await customer().sendMail({ from: "מיכל <michal@example.com>", to: "sky-tours@moked.test", subject: "ביטול הזמנה", text: "אבקש לבטל את ההזמנה", messageId: "<ack-1@example.com>" });
    const [ack] = await until(() => (acksTo("michal@example.com").length ? acksTo("michal@example.com") : null));
    expect(ack!.inReplyTo).toBe("<ack-1@example.com>");
    expect(ack!.subject).toContain("ביטול הזמנה");
    expect(ack!.text).toContain("נחזור אליך בתוך שעתיים");
    expect(ack!.text).toContain("within 2 hours");
    expect(ack!.from?.text).toContain("sky-tours@moked.test");
    // Its bounce would come back to its own return path, never to the line's address.
    expect(smtp.envelopes[smtp.mails.indexOf(ack!)]!.from).toMatch(/^bounce\+/);

    // The customer answers the acknowledgement: same conversation, no second acknowledgement.
    await customer().sendMail({ from: "michal@example.com", to: "sky-tours@moked.test", subject: "Re: ביטול הזמנה", text: "ועוד דבר", messageId: "<ack-2@example.com>", inReplyTo: ack!.messageId, references: ["<ack-1@example.com>", ack!.messageId!] });
    // A new subject from the same address the same day: a new contact, still no second acknowledgement.
    await customer().sendMail({ from: "michal@example.com", to: "sky-tours@moked.test", subject: "שאלה נוספת", text: "?", messageId: "<ack-3@example.com>" });
    // Both were accepted over SMTP, so both are stored; give the outbox a few rounds to send anything queued.
    await new Promise((r) => setTimeout(r, 800));
    expect(acksTo("michal@example.com")).toHaveLength(1);
  });

  it("never answers auto-replies, bulk or list mail, bounces or mail from daemons", async () => {
    const machines: Array<[string, Record<string, string>, string?]> = [
      ["ooo@example.com", { "Auto-Submitted": "auto-replied" }],
      ["news@example.com", { Precedence: "bulk" }],
      ["list@example.com", { "List-Id": "<travel.lists.example.com>" }],
      ["exchange@example.com", { "X-Auto-Response-Suppress": "All" }],
      ["mailer-daemon@example.com", {}],
      ["nullsender@example.com", {}, ""],
    ];
    const before = await contactsOf("sky-tours");
    for (const [from, headers, envelopeFrom] of machines) {
      await customer().sendMail({
        from,
        to: "sky-tours@moked.test",
        subject: "automatic",
        text: "x",
        headers,
        ...(envelopeFrom === "" ? { envelope: { from: false as unknown as string, to: "sky-tours@moked.test" } } : {}),
      });
    }
    // Every one of them is still a contact for the line; none is acknowledged.
    await new Promise((r) => setTimeout(r, 800));
    expect(await contactsOf("sky-tours")).toBe(before + machines.length);
    expect(machines.map(([from]) => from).filter((from) => acksTo(from).length > 0)).toEqual([]);
  });

  it("refuses malformed mail and oversized attachments at the SMTP exchange, with the reason", async () => {
    await expect(customer().sendMail({ envelope: { from: "x@example.com", to: "sky-tours@moked.test" }, raw: "Subject: no sender here\r\n\r\nhello\r\n" })).rejects.toThrow(/554.*no sender address/);
    await expect(
      customer().sendMail({ from: "big@example.com", to: "sky-tours@moked.test", subject: "scan", text: "x", attachments: [{ filename: "scan.pdf", content: Buffer.alloc(6 * 1024 * 1024, 1) }] }),
    ).rejects.toThrow(/552.*attachment "scan.pdf" is 6.0 MB/);
    // The listener is still there.
    expect((await customer().sendMail({ from: "ok@example.com", to: "sky-tours@moked.test", subject: "still here", text: "ok" })).accepted).toEqual(["sky-tours@moked.test"]);
  });
});

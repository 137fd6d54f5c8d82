import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeliveryReport } from "../src/message-center/bounces";
import { startTestApp, until, type TestApp } from "./harness";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

/** A delivery status notification as a receiving MTA writes it (RFC 3464), sent from the null sender. */
function dsn(options: { to: string; recipient: string; action: string; status: string; diagnostic: string }): string {
  return [
    "From: Mail Delivery System <MAILER-DAEMON@mx.bayit.example>",
    `To: ${options.to}`,
    "Subject: Undelivered Mail Returned to Sender",
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="=_report"',
    "",
    "--=_report",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Your message could not be delivered to one or more recipients.",
    "",
    "--=_report",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.bayit.example",
    "",
    `Final-Recipient: rfc822; ${options.recipient}`,
    `Action: ${options.action}`,
    `Status: ${options.status}`,
    "Remote-MTA: dns; mx.bayit.example",
    `Diagnostic-Code: smtp; ${options.diagnostic.slice(0, 30)}`,
    `    ${options.diagnostic.slice(30)}`,
    "",
    "--=_report",
    "Content-Type: text/rfc822-headers",
    "",
    "Subject: whatever was sent",
    "",
    "--=_report--",
    "",
  ].join("\r\n");
}

describe("bounces: delivery reports to each delivery's own return path (VERP)", () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let admin: string;
  const call = (method: "GET" | "POST" | "PUT", url: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });
  /** The receiving MTA's side of the exchange: a report from the null sender to our return path, over SMTP. */
  const report = (to: string, raw: string) =>
    nodemailer.createTransport({ host: "127.0.0.1", port: t.mailPort!, secure: false, ignoreTLS: true }).sendMail({ envelope: { from: false as unknown as string, to }, raw });
  const deliveries = async (messageId: string) => (await call("GET", `/api/v1/messages/${messageId}`)).json().deliveries as Array<{ destination: string; status: string; lastError: string | null }>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: "100", MAIL_LISTEN_PORT: "0", MAIL_DOMAIN: "moked.test", HOST: "127.0.0.1" });
    admin = await t.login("admin@moked.local");
    const res = await call("PUT", `/api/v1/tenants/${t.tenantId("bayit-mortgage")}/message-settings`, { fields: [], categories: [], forwarding: [{ channel: "email", to: "service@bayit.example" }] });
    expect(res.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it("sends each forwarded message with its own return path, and a failure report marks that delivery bounced with the reason", async () => {
    const created = await call("POST", "/api/v1/messages", { tenantId: t.tenantId("bayit-mortgage"), subject: "בקשה לפריסת תשלומים", customerPhone: "+97231234567" });
    expect(created.statusCode).toBe(201);
    const messageId = created.json().message.id as string;
    await until(async () => (await deliveries(messageId))[0]?.status === "sent");
    const i = smtp.mails.findIndex((m) => m.subject?.includes("בקשה לפריסת תשלומים"));
    const returnPath = smtp.envelopes[i]!.from;
    expect(returnPath).toMatch(/^bounce\+[0-9a-f-]{36}@moked\.test$/);
    expect(smtp.envelopes[i]!.to).toEqual(["service@bayit.example"]);

    // The bank's server later finds the mailbox gone and reports it to the return path.
    const sent = await report(returnPath, dsn({ to: returnPath, recipient: "service@bayit.example", action: "failed", status: "5.1.1", diagnostic: "550 5.1.1 <service@bayit.example>: Recipient address rejected: User unknown" }));
    expect(sent.accepted).toEqual([returnPath]);
    const [bounced] = await until(async () => {
      const d = await deliveries(messageId);
      return d[0]?.status === "bounced" ? d : null;
    });
    expect(bounced!.lastError).toContain("5.1.1");
    expect(bounced!.lastError).toContain("User unknown");
  });

  it("changes nothing for a delay report, an out-of-office reply to the return path, or a return path of no delivery", async () => {
    const created = await call("POST", "/api/v1/messages", { tenantId: t.tenantId("bayit-mortgage"), subject: "עדכון כתובת" });
    const messageId = created.json().message.id as string;
    await until(async () => (await deliveries(messageId))[0]?.status === "sent");
    const i = smtp.mails.findIndex((m) => m.subject?.includes("עדכון כתובת"));
    const returnPath = smtp.envelopes[i]!.from;

    await report(returnPath, dsn({ to: returnPath, recipient: "service@bayit.example", action: "delayed", status: "4.4.1", diagnostic: "451 4.4.1 connection timed out, will retry for 5 days" }));
    await nodemailer
      .createTransport({ host: "127.0.0.1", port: t.mailPort!, secure: false, ignoreTLS: true })
      .sendMail({ from: "service@bayit.example", to: returnPath, subject: "מחוץ למשרד / Out of office", text: "אחזור ביום ראשון", headers: { "Auto-Submitted": "auto-replied" } });
    const stranger = `bounce+${randomUUID()}@moked.test`;
    expect((await report(stranger, dsn({ to: stranger, recipient: "x@example.com", action: "failed", status: "5.1.1", diagnostic: "550 no such user here at all, sorry" }))).accepted).toEqual([stranger]);
    // All three reached the listener (each SMTP exchange ended with 250) and the delivery is still sent.
    expect(await deliveries(messageId)).toMatchObject([{ status: "sent", lastError: null }]);
  });

  it("escalates at once when the call to the person on call bounces, instead of waiting out the timeout", async () => {
    const city = t.tenantId("106-ir-galim");
    const yesterday = new Date(Date.now() - 86_400_000);
    const roster = await call("PUT", `/api/v1/tenants/${city}/on-call`, {
      members: [
        { id: "roads", name: "אבי — אחזקת כבישים", email: "roads@galim.example" },
        { id: "water", name: "דנה — מים וביוב", email: "water@galim.example" },
      ],
      rotationStart: yesterday.toISOString().slice(0, 10),
      handoverWeekday: yesterday.getUTCDay(),
      handoverTime: "00:00",
      escalation: ["water"],
      ackTimeoutSeconds: 3600,
    });
    expect(roster.statusCode).toBe(200);
    expect((await call("POST", "/api/v1/messages", { tenantId: city, subject: "צינור מים התפוצץ", urgency: "urgent" })).statusCode).toBe(201);
    const toRoads = await until(async () => {
      const i = smtp.envelopes.findIndex((e) => e.to.includes("roads@galim.example"));
      return i >= 0 ? smtp.envelopes[i] : null;
    });
    await report(toRoads.from, dsn({ to: toRoads.from, recipient: "roads@galim.example", action: "failed", status: "5.2.2", diagnostic: "552 5.2.2 mailbox full, message rejected by the server" }));
    await until(async () => smtp.envelopes.some((e) => e.to.includes("water@galim.example")));
    const dispatch = (await call("GET", `/api/v1/dispatches?tenantId=${city}`)).json().items[0];
    expect(dispatch.log.map((s: { action: string; memberId: string }) => `${s.action}:${s.memberId}`)).toEqual(["notified:roads", "bounced:roads", "escalated:water"]);
    expect(dispatch.log[1].note).toContain("mailbox full");
  });

  it("reads reports nested in another multipart and encoded in base64, and nothing from a plain message", () => {
    const status = Buffer.from("Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.0.0\r\n").toString("base64");
    const nested = [
      'Content-Type: multipart/mixed; boundary="outer"',
      "",
      "--outer",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="inner"',
      "",
      "--inner",
      "Content-Type: text/plain",
      "",
      "failed",
      "--inner",
      "Content-Type: message/delivery-status",
      "Content-Transfer-Encoding: base64",
      "",
      status,
      "--inner--",
      "--outer--",
    ].join("\r\n");
    expect(parseDeliveryReport(nested)).toEqual({ action: "failed", status: "5.0.0", recipient: "a@b.example", diagnostic: null });
    expect(parseDeliveryReport("Content-Type: text/plain\r\n\r\nAction: failed\r\n")).toBeNull();
  });
});

import nodemailer from "nodemailer";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "../apps/server/test/smtp-sink";
import { apiClient, chooseOption as choose, freePort, signIn as signInPage, snapshot, tr } from "./harness";
import { useMokedSuite } from "./suite";

let smtp: SmtpSink;
let mailPort: number;

beforeAll(async () => {
  smtp = await startSmtpSink();
  mailPort = await freePort();
});

afterAll(async () => {
  await smtp?.close();
});

// Started after the mail sink above, and stopped before it.
const suite = useMokedSuite("oncall", () => ({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: "200", MAIL_LISTEN_PORT: String(mailPort), MAIL_DOMAIN: "moked.test" }));

async function signIn(email: string): Promise<Page> {
  const page = suite.track(await signInPage(suite.browser, suite.moked.baseUrl, email));
  await page.locator('[data-testid="live-status"][data-status="connected"]').waitFor({ timeout: 15_000 });
  return page;
}

describe("on-call calendar, the supervisor's alarm and bounced mail, in the browser", () => {
  it("edits the roster in its week calendar, alarms the supervisor live when no one acknowledges, and shows a bounced delivery", async () => {
    const manager = await apiClient(() => suite.moked.baseUrl, "manager@moked.local");
    const lines = (await manager.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string; name: string }>;
    const city = lines.find((l) => l.slug === "106-ir-galim")!;
    const bank = lines.find((l) => l.slug === "bayit-mortgage")!;
    const yesterday = new Date(Date.now() - 86_400_000);
    expect(
      (
        await manager.call("PUT", `/api/v1/tenants/${city.id}/on-call`, {
          members: [
            { id: "roads", name: "אבי — כבישים", email: "roads@galim.example" },
            { id: "water", name: "דנה — מים", email: "water@galim.example" },
          ],
          rotationStart: yesterday.toISOString().slice(0, 10),
          handoverWeekday: yesterday.getUTCDay(),
          handoverTime: "00:00",
          holidayMemberId: "water",
          ackTimeoutSeconds: 5,
        })
      ).status,
    ).toBe(200);

    const page = await signIn("manager@moked.local");
    await page.getByTestId("nav-messages").click();
    await choose(page, "messages-line", city.name);
    const calendar = page.getByTestId("oncall-calendar");
    await calendar.waitFor();
    await expect.poll(() => calendar.getByTestId("oncall-day").count(), { timeout: 15_000 }).toBe(7);
    // Saturday is a rest day, held by the holiday person.
    const saturday = calendar.locator('[data-testid="oncall-day"][data-rest="true"]').last();
    expect(await saturday.textContent()).toContain(tr("oncall.shabbat"));
    expect(await saturday.locator('[data-testid="oncall-segment"]').first().getAttribute("data-member")).toBe("water");

    // An override made in the calendar: click a weekday, pick the person, save.
    const monday = calendar.locator('[data-testid="oncall-day"][data-rest="false"]').nth(1);
    await monday.click();
    await choose(page, "override-member", "אבי — כבישים");
    await page.getByTestId("override-save").click();
    await calendar.getByTestId("override-row").waitFor();
    await expect.poll(() => monday.locator('[data-testid="oncall-segment"][data-source="override"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await snapshot(page, "oncall-calendar");

    // An urgent message no one acknowledges: after the 5 s timeout the chain is exhausted and the alarm
    // appears on the supervisor's screen by itself.
    expect((await manager.call("POST", "/api/v1/messages", { tenantId: city.id, subject: "עמוד חשמל נפל", urgency: "urgent" })).status).toBe(201);
    const alarm = page.getByTestId("dispatch-alert");
    await alarm.waitFor({ timeout: 20_000 });
    expect(await alarm.textContent()).toContain("עמוד חשמל נפל");
    expect(await alarm.getAttribute("role")).toBe("alert");
    await snapshot(page, "oncall-alarm");
    await alarm.getByRole("button", { name: tr("oncall.alert.dismiss") }).click();
    await expect.poll(() => page.getByTestId("dispatch-alert").count(), { timeout: 15_000 }).toBe(0);

    // A message forwarded by e-mail bounces: the bank's server reports it to the delivery's return path.
    await manager.call("PUT", `/api/v1/tenants/${bank.id}/message-settings`, { fields: [], categories: [], forwarding: [{ channel: "email", to: "service@bayit.example" }] });
    const created = await manager.call("POST", "/api/v1/messages", { tenantId: bank.id, subject: "בקשה לדחיית תשלום" });
    const messageId = created.body.message.id as string;
    await expect.poll(() => smtp.mails.findIndex((m) => m.subject?.includes("בקשה לדחיית תשלום")), { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
    const returnPath = smtp.envelopes[smtp.mails.findIndex((m) => m.subject?.includes("בקשה לדחיית תשלום"))]!.from;
    const report = [
      "From: MAILER-DAEMON@mx.bayit.example",
      `To: ${returnPath}`,
      "Subject: Undelivered Mail Returned to Sender",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      "",
      "--r",
      "Content-Type: text/plain",
      "",
      "Delivery failed.",
      "--r",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.bayit.example",
      "",
      "Final-Recipient: rfc822; service@bayit.example",
      "Action: failed",
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
      "--r--",
      "",
    ].join("\r\n");
    await nodemailer.createTransport({ host: "127.0.0.1", port: mailPort, secure: false, ignoreTLS: true }).sendMail({ envelope: { from: false as unknown as string, to: returnPath }, raw: report });

    await choose(page, "messages-line", bank.name);
    const row = page.locator(`[data-testid="message-row"][data-message="${messageId}"]`);
    await row.click();
    const delivery = page.getByTestId("delivery-row").first();
    await expect.poll(() => delivery.getAttribute("data-status"), { timeout: 10_000 }).toBe("bounced");
    expect(await delivery.textContent()).toContain(tr("messages.delivery.bounced"));
    expect(await delivery.textContent()).toContain("User unknown");
    await snapshot(page, "message-bounced");
  });

  it("sets a line's auto-acknowledgement and its chat widget's look from the client lines page, refusing an incomplete IMAP mailbox or an http logo with a reason", async () => {
    const page = await signIn("manager@moked.local");
    await page.getByTestId("nav-lines").click();
    await page.getByTestId("mail-settings-sky-tours").click();
    const modal = page.getByTestId("mail-settings");
    await modal.getByTestId("mail-autoack").waitFor();
    await page.getByLabel(tr("mail.autoAckOn")).check();
    await page.getByTestId("mail-response-minutes").fill("90");
    await page.getByLabel(tr("mail.imapOn")).check();
    await page.getByTestId("mail-save").click();
    // On without a server: refused, with the reason in the user's language.
    await expect.poll(() => page.getByTestId("mail-settings-error").textContent(), { timeout: 15_000 }).toBe(tr("errors.imap_incomplete"));
    await page.getByLabel(tr("mail.imapOn")).uncheck();
    await page.getByTestId("mail-save").click();
    await page.getByTestId("mail-save").waitFor({ state: "detached", timeout: 15_000 });
    const manager = await apiClient(() => suite.moked.baseUrl, "manager@moked.local");
    const sky = ((await manager.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string }>).find((l) => l.slug === "sky-tours")!;
    expect((await manager.call("GET", `/api/v1/tenants/${sky.id}/mail-settings`)).body.autoAck).toEqual({ enabled: true, responseMinutes: 90 });

    // The line's chat widget: a logo over plain http is refused beside its field; fixed, the look is saved.
    await page.getByTestId("chat-widget-sky-tours").click();
    await page.getByTestId("chat-widget-greeting-he").waitFor();
    await page.getByTestId("chat-widget-logo").fill("http://sky.example/logo.png");
    await page.getByTestId("chat-widget-greeting-he").fill("שלום! במה נוכל לעזור?");
    await page.getByTestId("chat-widget-save").click();
    await expect.poll(() => page.getByTestId("chat-widget-error").textContent(), { timeout: 15_000 }).toBe(tr("errors.validation_error"));
    await page.getByTestId("chat-widget-logo").fill("/favicon.svg");
    await page.getByTestId("chat-widget-save").click();
    await page.getByTestId("chat-widget-save").waitFor({ state: "detached", timeout: 15_000 });
    expect((await manager.call("GET", `/api/v1/tenants/${sky.id}/chat-widget`)).body.settings).toMatchObject({ logoUrl: "/favicon.svg", greeting: { he: "שלום! במה נוכל לעזור?" } });
  });
});

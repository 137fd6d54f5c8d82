import { createServer as createHttpServer, type Server } from "node:http";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "../apps/server/test/smtp-sink";
import { freePort, signIn, snapshot, tr } from "./harness";
import { useMokedSuite } from "./suite";

let smtp: SmtpSink;
let mailPort: number;
// The sender's image server, on loopback: a hit on it means the mail's remote images were loaded.
let tracker: Server;
let trackerUrl = "";
let trackerHits = 0;

const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

beforeAll(async () => {
  smtp = await startSmtpSink();
  mailPort = await freePort();
  tracker = createHttpServer((_req, res) => {
    trackerHits++;
    res.writeHead(200, { "content-type": "image/gif" }).end(GIF);
  });
  await new Promise<void>((resolve) => tracker.listen(0, "127.0.0.1", resolve));
  trackerUrl = `http://127.0.0.1:${(tracker.address() as { port: number }).port}/open.gif`;
});

afterAll(async () => {
  await smtp?.close();
  await new Promise((resolve) => tracker?.close(resolve));
});

// Started after the sink and the image server above, and stopped before them.
const suite = useMokedSuite("email-pane", () => ({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: "200", MAIL_LISTEN_PORT: String(mailPort), MAIL_DOMAIN: "moked.test" }));

describe("the e-mail pane on the agent's desk", () => {
  it("shows a hostile HTML mail in Hebrew without running its script, holds back its remote images, and sends a threaded reply before wrap-up", async () => {
    const page = suite.track(await signIn(suite.browser, suite.moked.baseUrl, "agent4@moked.local"));
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.getByTestId("nav-desk").click();
    await expect.poll(() => page.getByTestId("live-status").getAttribute("data-status")).toBe("connected");
    await page.getByTestId("desk-available").click();
    await expect.poll(() => page.getByTestId("desk-state").getAttribute("data-activity")).toBe("available");

    // A customer's mail over real SMTP: a Hebrew subject, and HTML that tries to run script two ways.
    const subject = "ההזמנה שלי לא הגיעה — הזמנה 7741";
    await nodemailer.createTransport({ host: "127.0.0.1", port: mailPort, secure: false, ignoreTLS: true }).sendMail({
      from: "יעל לוי <yael@example.com>",
      to: "sky-tours@moked.test",
      subject,
      messageId: "<order-7741@example.com>",
      text: "שלום, ההזמנה שלי לא הגיעה. <script>alert('text')</script>",
      html: [
        "<script>window.top.__pwned = 'script'; alert('script')</script>",
        '<p dir="rtl">שלום, <b data-testid="mail-bold">ההזמנה שלי</b> לא הגיעה.</p>',
        `<img src="x" onerror="window.top.__pwned = 'onerror'; alert('onerror')">`,
        `<img src="${trackerUrl}" alt="pixel">`,
      ].join(""),
      attachments: [{ filename: "אישור-הזמנה.txt", content: "order 7741", contentType: "text/plain" }],
    });

    await page.getByTestId("offer-card").waitFor({ timeout: 15_000 });
    await page.getByTestId("offer-accept").click();
    const pane = page.getByTestId("email-pane");
    await pane.waitFor();
    const mail = pane.locator('[data-testid="email-message"][data-direction="in"]');
    await mail.waitFor();
    expect(await mail.getByTestId("email-subject").textContent()).toBe(subject);
    expect(await mail.getByTestId("email-subject").getAttribute("dir")).toBe("auto");
    expect(await mail.textContent()).toContain("yael@example.com");
    expect(await mail.textContent()).toContain(tr("emailPane.inbound"));

    // The HTML, in a frame that may run nothing: no script, no handler fired, no dialog, no remote image.
    const frame = mail.getByTestId("email-html");
    expect(await frame.getAttribute("sandbox")).not.toContain("allow-scripts");
    const inside = page.frameLocator('[data-testid="email-html"]');
    await expect.poll(() => inside.locator("b").textContent()).toBe("ההזמנה שלי");
    expect(await inside.locator("script").count()).toBe(0);
    expect(await inside.locator("[onerror]").count()).toBe(0);
    await page.waitForTimeout(500);
    // Flags the payload would set, on the desk's window and on the frame's own.
    type Flagged = { __pwned?: string; document: { querySelector(s: string): { contentWindow: Flagged } | null } };
    expect(await page.evaluate(() => (globalThis as unknown as Flagged).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (globalThis as unknown as Flagged).document.querySelector('[data-testid="email-html"]')!.contentWindow.__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(trackerHits).toBe(0);
    await snapshot(page, "email-pane-hostile");

    // Remote images only on the agent's word.
    await mail.getByTestId("email-show-images").click();
    await expect.poll(() => trackerHits).toBeGreaterThan(0);
    expect(dialogs).toBe(0);

    // The plain text part shows the markup as text.
    await mail.getByText(tr("emailPane.plainText")).click();
    expect(await mail.getByTestId("email-text").textContent()).toContain("<script>alert('text')</script>");
    expect(await mail.getByTestId("email-text").getAttribute("dir")).toBe("auto");

    // The attachment, listed with its size, downloads through the desk's session.
    const file = mail.getByTestId("email-attachment");
    expect(await file.textContent()).toContain("אישור-הזמנה.txt");
    const [download] = await Promise.all([page.waitForEvent("download"), file.click()]);
    expect(download.suggestedFilename()).toBe("אישור-הזמנה.txt");
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("order 7741");

    // The reply: sent, shown in the thread with its delivery, and at the customer's server threaded.
    await pane.getByTestId("email-reply").fill("שלום יעל, ההזמנה נשלחה אלייך היום.");
    await pane.getByTestId("email-send").click();
    await pane.getByTestId("email-sent").waitFor();
    const ours = pane.locator('[data-testid="email-message"][data-direction="out"]');
    await ours.waitFor();
    expect(await ours.textContent()).toContain("שלום יעל, ההזמנה נשלחה אלייך היום.");
    await expect.poll(() => ours.getAttribute("data-delivery")).toBe("sent");
    expect(await ours.getByTestId("email-delivery").textContent()).toBe(tr("emailPane.delivery.sent"));
    const out = smtp.mails.find((m) => m.text?.includes("ההזמנה נשלחה אלייך היום"))!;
    expect(out.subject).toBe(`Re: ${subject}`);
    expect(out.inReplyTo).toBe("<order-7741@example.com>");
    expect(out.references).toBe("<order-7741@example.com>");
    expect(out.to).toMatchObject({ text: "yael@example.com" });
    await snapshot(page, "email-pane-replied");

    // Replied, the agent ends the contact and files its wrap-up.
    await page.getByTestId("work-complete").click();
    await page.getByTestId("wrapup-code").fill("resolved");
    await page.getByTestId("wrapup-submit").click();
    await page.getByTestId("work-empty").waitFor();
    expect(dialogs).toBe(0);
    // Half a minute on a quiet machine; the two cores are often shared.
  }, 120_000);
});

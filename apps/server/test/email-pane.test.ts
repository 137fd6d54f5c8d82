import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, until } from "./harness";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

const HOSTILE_HTML = [
  "<html><head><style>body { background: url(https://track.example/css.gif) }</style><script>window.pwned = 'script'</script></head>",
  '<body><p dir="rtl" style="color: #c00; background-image: url(https://track.example/bg.gif)">שלום, <b>ההזמנה</b> שלי לא הגיעה.</p>',
  '<img src="x" onerror="window.pwned = \'onerror\'"><img src="https://track.example/open.gif" alt="pixel">',
  '<a href="javascript:alert(1)">click</a> <a href="https://shop.example/order/7">order 7</a>',
  '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="card"></form><svg onload="alert(1)"></svg>',
  "</body></html>",
].join("");

describe("the desk's e-mail pane: the thread with sanitised HTML, attachments behind the tenant wall, and a threaded reply", () => {
  let t: TestApp;
  let smtp: SmtpSink;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: "100", MAIL_LISTEN_PORT: "0", MAIL_DOMAIN: "moked.test", HOST: "127.0.0.1" });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const call = async (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: Record<string, unknown>) => {
    if (!cookies.has(who)) cookies.set(who, await t.login(who));
    return t.app.inject({ method, url, headers: { cookie: cookies.get(who)! }, ...(payload ? { payload } : {}) });
  };
  const customerMail = () => nodemailer.createTransport({ host: "127.0.0.1", port: t.mailPort!, secure: false, ignoreTLS: true });

  it("keeps the HTML part without script, handlers, frames or forms; lists the attachment for the line only; threads the reply and shows its delivery", async () => {
    const agent = "agent4@moked.local";
    await call(agent, "PUT", "/api/v1/agents/me/state", { state: "available" });
    await customerMail().sendMail({
      from: "יעל לוי <yael@example.com>",
      to: "sky-tours@moked.test",
      subject: "ההזמנה שלי לא הגיעה",
      text: "שלום, ההזמנה שלי לא הגיעה.",
      html: HOSTILE_HTML,
      messageId: "<html-1@example.com>",
      attachments: [{ filename: "קבלה.pdf", content: Buffer.from("%PDF-1.4 receipt"), contentType: "application/pdf" }],
    });
    const offered = await until(async () => {
      const me = (await call(agent, "GET", "/api/v1/agents/me")).json().agent;
      return me.work.find((w: { channel: string; status: string }) => w.channel === "email" && w.status === "offered");
    });
    const id = offered.interactionId as string;
    expect((await call(agent, "POST", `/api/v1/interactions/${id}/accept`)).statusCode).toBe(200);

    const [mail] = (await call(agent, "GET", `/api/v1/interactions/${id}/emails`)).json().items;
    expect(mail).toMatchObject({ direction: "in", from: "yael@example.com", to: "sky-tours@moked.test", subject: "ההזמנה שלי לא הגיעה", remoteImages: true, delivery: null });
    expect(mail.text).toContain("ההזמנה שלי לא הגיעה");
    const html = mail.html as string;
    expect(html).toContain("<b>ההזמנה</b>");
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('href="https://shop.example/order/7"');
    expect(html).toContain('src="https://track.example/open.gif"');
    for (const gone of ["<script", "pwned", "onerror", "onload", "javascript:", "<iframe", "<form", "<input", "<svg", "<style", "bg.gif", "css.gif"]) expect(html).not.toContain(gone);
    // Links open outside the desk, telling the page nothing of where they came from.
    expect(html).toMatch(/<a href="https:\/\/shop\.example\/order\/7" target="_blank" rel="noopener noreferrer nofollow">/);

    // The attachment: listed with its name and size, downloaded (never rendered) by the line's people only.
    expect(mail.attachments).toEqual([{ id: expect.any(String), filename: "קבלה.pdf", contentType: "application/pdf", size: 16 }]);
    const file = await call(agent, "GET", `/api/v1/email-attachments/${mail.attachments[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe("%PDF-1.4 receipt");
    expect(file.headers["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("קבלה.pdf")}`);
    expect(file.headers["content-type"]).toBe("application/octet-stream");
    for (const other of ["viewer.banking@moked.local", "agent10@moked.local"]) {
      const walled = await call(other, "GET", `/api/v1/email-attachments/${mail.attachments[0].id}`);
      expect(walled.statusCode, other).toBe(404);
      expect(walled.json().error.code).toBe("not_found");
      expect((await call(other, "GET", `/api/v1/interactions/${id}/emails`)).statusCode, other).toBe(404);
    }

    // Only the agent handling it may reply; the reply answers with itself, queued, then goes out threaded.
    const colleague = await call("agent1@moked.local", "POST", `/api/v1/interactions/${id}/email-reply`, { text: "x" });
    expect(colleague.statusCode).toBe(409);
    expect(colleague.json().error.code).toBe("not_your_contact");
    const empty = await call(agent, "POST", `/api/v1/interactions/${id}/email-reply`, { text: "   " });
    expect(empty.statusCode).toBe(400);
    const reply = await call(agent, "POST", `/api/v1/interactions/${id}/email-reply`, { text: "שלום יעל, ההזמנה נשלחה היום." });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().email).toMatchObject({ direction: "out", to: "yael@example.com", from: "sky-tours@moked.test", subject: "Re: ההזמנה שלי לא הגיעה", html: null, delivery: "queued" });
    const ourId = reply.json().messageId as string;
    const out = await until(async () => smtp.mails.find((m) => m.messageId === ourId));
    expect(out.inReplyTo).toBe("<html-1@example.com>");
    expect(out.references).toBe("<html-1@example.com>");
    const sent = await until(async () => {
      const items = (await call(agent, "GET", `/api/v1/interactions/${id}/emails`)).json().items as Array<{ direction: string; delivery: string | null }>;
      return items.length === 2 && items[1]!.delivery === "sent" ? items : null;
    });
    expect(sent.map((m) => m.direction)).toEqual(["in", "out"]);

    // Replied, the agent wraps the contact up.
    expect((await call(agent, "POST", `/api/v1/interactions/${id}/wrap-up`, { code: "resolved" })).statusCode).toBe(200);
  });
});

import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { localTime } from "@moked/routing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, until, type TestApp } from "./harness";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

describe("the message center", () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let gateway: Server;
  const sms: Array<{ body: { to: string; text: string; id: string }; signature: string | undefined; raw: string }> = [];
  const SMS_SECRET = "sms-gateway-shared-secret";
  let admin: string;
  const call = (method: "GET" | "POST" | "PUT", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    // A real HTTP peer standing in for the SMS provider.
    gateway = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        sms.push({ body: JSON.parse(raw), signature: req.headers["x-moked-signature"] as string | undefined, raw });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
    const gatewayUrl = `http://127.0.0.1:${(gateway.address() as { port: number }).port}/send`;
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: "Moked <moked@center.example>", OUTBOX_POLL_MS: "100", SMS_GATEWAY_URL: gatewayUrl, SMS_GATEWAY_SECRET: SMS_SECRET });
    admin = await t.login("admin@moked.local");
    // The mortgage bank's form: a loan number is required; urgent matters go to its service department.
    const res = await call("PUT", `/api/v1/tenants/${t.tenantId("bayit-mortgage")}/message-settings`, admin, {
      fields: [
        { key: "loanNumber", label: "מספר הלוואה", type: "text", required: true },
        { key: "branch", label: "סניף", type: "select", required: false, options: ["תל אביב", "חיפה"] },
      ],
      categories: ["billing", "general"],
      forwarding: [{ channel: "email", to: "service@bayit.example", when: "any" }],
    });
    expect(res.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await new Promise((r) => gateway.close(r));
  });

  it("turns a caller who chose to leave a message into an e-mail to the line, with the line's fields, within seconds", async () => {
    const bank = t.tenantId("bayit-mortgage");
    const queueId = ((await call("GET", "/api/v1/queues", admin)).json().items as Array<{ id: string; tenantId: string }>).find((q) => q.tenantId === bank)!.id;
    const created = await call("POST", "/api/v1/interactions", admin, {
      tenantId: bank,
      queueId,
      channel: "voice",
      topic: "billing",
      data: { customerName: "ישראל ישראלי", customerPhone: "+972501234567", subject: "חיוב כפול", body: "חויבתי פעמיים החודש", fields: { loanNumber: "LN-778812", branch: "חיפה" } },
    });
    const id = created.json().interaction.id;
    const started = Date.now();
    expect((await call("POST", `/api/v1/interactions/${id}/customer-choice`, admin, { choice: "leave_message" })).statusCode).toBe(200);

    const [mail] = await smtp.waitFor(1);
    // Forwarded at once, not held for a digest or a schedule (a liveness bound, not a speed target: loose
    // enough for a machine whose two cores are shared).
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(mail!.to).toMatchObject({ text: "service@bayit.example" });
    expect(mail!.subject).toContain("חיוב כפול");
    expect(mail!.text).toContain("מספר הלוואה: LN-778812");
    expect(mail!.text).toContain("סניף: חיפה");
    expect(mail!.text).toContain("+972501234567");
    expect(mail!.messageId).toMatch(/@moked>$/);

    // The message is on record for the line, delivered, with its 3-hour call-back deadline.
    const list = (await call("GET", `/api/v1/messages?tenantId=${bank}`, admin)).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ interactionId: id, source: "customer", status: "new", customerName: "ישראל ישראלי" });
    // The outbox records the delivery as sent once the SMTP server's answer is back, just after the mail lands.
    const one = await until(async () => {
      const body = (await call("GET", `/api/v1/messages/${list[0].id}`, admin)).json();
      return body.deliveries[0]?.status !== "queued" && body;
    });
    expect(one.deliveries).toMatchObject([{ channel: "email", destination: "service@bayit.example", status: "sent", attempts: 1 }]);
    expect(new Date(one.message.callbackDueAt).getTime()).toBeGreaterThan(Date.now());
  });

  it("keeps a message through an SMTP outage and delivers it once the server answers, exactly once", async () => {
    const before = smtp.mails.length;
    smtp.refusing = true;
    const agent = await t.login("agent4@moked.local"); // serves bayit-mortgage
    const res = await call("POST", "/api/v1/messages", agent, { tenantId: t.tenantId("bayit-mortgage"), subject: "בקשה לדחיית תשלום", urgency: "urgent", customerPhone: "+97231234567", fields: { loanNumber: "LN-1" } });
    expect(res.statusCode).toBe(201);
    const messageId = res.json().message.id;
    const deliveries = async () => (await call("GET", `/api/v1/messages/${messageId}`, admin)).json().deliveries[0];
    await until(async () => {
      const d = await deliveries();
      return d.attempts >= 1 && d.status === "queued";
    });
    expect(await deliveries()).toMatchObject({ status: "queued", attempts: 1 });
    expect((await deliveries()).lastError).toContain("451");
    expect(smtp.mails.length).toBe(before);

    smtp.refusing = false;
    // The retry is due 5 s after the failure.
    const mails = await smtp.waitFor(before + 1, 15_000);
    expect(mails.length).toBe(before + 1);
    expect(mails.at(-1)!.subject).toMatch(/^\[דחוף\] .+: בקשה לדחיית תשלום$/);
    await until(async () => (await deliveries()).status !== "queued");
    expect(await deliveries()).toMatchObject({ status: "sent", attempts: 2 });
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails.length).toBe(before + 1);
  }, 60_000);

  it("refuses a message that does not fit the line's form", async () => {
    const missing = await call("POST", "/api/v1/messages", admin, { tenantId: t.tenantId("bayit-mortgage"), subject: "x", fields: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([{ path: "fields.loanNumber", message: "מספר הלוואה is required" }]);
    const badChoice = await call("POST", "/api/v1/messages", admin, { tenantId: t.tenantId("bayit-mortgage"), subject: "x", fields: { loanNumber: "1", branch: "אילת" } });
    expect(badChoice.json().error.details[0].path).toBe("fields.branch");
  });

  it("lets the line's own viewer read, acknowledge and close its messages, and no one else's", async () => {
    const bankViewer = await t.login("viewer.banking@moked.local");
    const travelViewer = await t.login("viewer.travel@moked.local");
    const mine = (await call("GET", "/api/v1/messages", bankViewer)).json().items as Array<{ id: string }>;
    expect(mine.length).toBeGreaterThan(0);
    expect((await call("GET", "/api/v1/messages", travelViewer)).json().items).toEqual([]);
    expect((await call("GET", `/api/v1/messages/${mine[0]!.id}`, travelViewer)).statusCode).toBe(404);
    expect((await call("POST", `/api/v1/messages/${mine[0]!.id}/acknowledge`, travelViewer)).statusCode).toBe(404);
    const ack = await call("POST", `/api/v1/messages/${mine[0]!.id}/acknowledge`, bankViewer);
    expect(ack.statusCode).toBe(200);
    expect(ack.json().message.status).toBe("acknowledged");
    expect((await call("POST", `/api/v1/messages/${mine[0]!.id}/handled`, bankViewer)).json().message.status).toBe("handled");
    expect((await call("POST", `/api/v1/messages/${mine[0]!.id}/handled`, bankViewer)).statusCode).toBe(409);
  });

  it("texts the retail line's duty phone at once and gathers its e-mails into one digest", async () => {
    const retail = t.tenantId("kolbo-retail");
    const bad = await call("PUT", `/api/v1/tenants/${retail}/message-settings`, admin, { fields: [], categories: [], forwarding: [{ channel: "sms", to: "not a phone" }] });
    expect(bad.json().error.code).toBe("invalid_destination");
    const set = await call("PUT", `/api/v1/tenants/${retail}/message-settings`, admin, {
      fields: [],
      categories: [],
      forwarding: [
        { channel: "sms", to: "050-7654321" },
        { channel: "email", to: "ops@kolbo.example", mode: "digest", digestMinutes: 0.3 },
      ],
    });
    expect(set.json().settings.forwarding[0].to).toBe("+972507654321");
    const agent = await t.login("agent4@moked.local");
    const mailsBefore = smtp.mails.length;
    for (const subject of ["מקרר לא עובד", "החזר כספי"]) {
      expect((await call("POST", "/api/v1/messages", agent, { tenantId: retail, subject, customerPhone: "+97231112222" })).statusCode).toBe(201);
    }
    await until(() => sms.length >= 2);
    expect(sms.map((m) => m.body.to)).toEqual(["+972507654321", "+972507654321"]);
    expect(sms.map((m) => m.body.text).join(" ")).toContain("מקרר לא עובד");
    // Each SMS is signed: t=<unix>,v1=HMAC-SHA256("<t>.<body>").
    for (const m of sms) {
      const [, ts, sig] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(m.signature ?? "")!;
      expect(createHmac("sha256", SMS_SECRET).update(`${ts}.${m.raw}`).digest("hex")).toBe(sig);
    }
    // No e-mail yet for the digest; after its 18 s, exactly one with both messages.
    expect(smtp.mails.slice(mailsBefore).filter((m) => m.to && "text" in m.to && m.to.text === "ops@kolbo.example")).toHaveLength(0);
    await smtp.waitFor(mailsBefore + 1, 40_000);
    await new Promise((r) => setTimeout(r, 500));
    const digests = smtp.mails.slice(mailsBefore).filter((m) => m.to && "text" in m.to && m.to.text === "ops@kolbo.example");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toContain("2");
    expect(digests[0]!.text).toContain("מקרר לא עובד");
    expect(digests[0]!.text).toContain("החזר כספי");
  }, 90_000);

  it("forwards by the hour on the line's clock: only the rule whose window holds the moment sends, through the real outbox", async () => {
    const line = t.tenantId("sky-tours");
    const timeZone = (await call("GET", `/api/v1/tenants/${line}`, admin)).json().tenant.timeZone as string;
    expect(timeZone).toBe("Asia/Jerusalem");
    // Windows around the line's present minute, written the way a manager would (they may cross midnight).
    const hhmm = (minutes: number) => {
      const m = (((minutes % 1440) + 1440) % 1440) as number;
      return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    };
    const now = localTime(Date.now(), timeZone).minutes;
    const bad = await call("PUT", `/api/v1/tenants/${line}/message-settings`, admin, { fields: [], categories: [], forwarding: [{ channel: "sms", to: "050-1110001", hours: { from: "22:00", to: "22:00" } }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ path: "body.forwarding.0.hours.to" })]);
    const set = await call("PUT", `/api/v1/tenants/${line}/message-settings`, admin, {
      fields: [],
      categories: [],
      forwarding: [
        { channel: "sms", to: "050-1110001", urgency: ["urgent"], hours: { from: hhmm(now - 90), to: hhmm(now + 90) } },
        { channel: "sms", to: "050-1110002", urgency: ["urgent"], hours: { from: hhmm(now + 120), to: hhmm(now + 240) } },
        { channel: "sms", to: "050-1110003", urgency: ["urgent"], hours: { from: hhmm(now - 90), to: hhmm(now + 90), weekdays: [(localTime(Date.now(), timeZone).weekday + 3) % 7] } },
      ],
    });
    expect(set.statusCode).toBe(200);
    // Read back as saved.
    const kept = (await call("GET", `/api/v1/tenants/${line}/message-settings`, admin)).json().settings.forwarding;
    expect(kept[0].hours).toEqual({ from: hhmm(now - 90), to: hhmm(now + 90) });

    const before = sms.length;
    const agent = await t.login("agent4@moked.local"); // serves sky-tours
    const urgent = await call("POST", "/api/v1/messages", agent, { tenantId: line, subject: "טיסה בוטלה", urgency: "urgent", customerPhone: "+97231113333" });
    expect(urgent.statusCode).toBe(201);
    expect(urgent.json().deliveries.map((d: { destination: string }) => d.destination)).toEqual(["+972501110001"]);
    const normal = await call("POST", "/api/v1/messages", agent, { tenantId: line, subject: "שאלה כללית" });
    expect(normal.json().deliveries).toEqual([]);
    await until(() => sms.length >= before + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sms.slice(before).map((m) => [m.body.to, m.body.text.includes("טיסה בוטלה")])).toEqual([["+972501110001", true]]);
  }, 30_000);

  it("keeps each line's form and rules behind its wall: another business's client neither reads nor changes them", async () => {
    const bank = t.tenantId("bayit-mortgage");
    const travelViewer = await t.login("viewer.travel@moked.local");
    const bankViewer = await t.login("viewer.banking@moked.local");
    const other = await call("GET", `/api/v1/tenants/${bank}/message-settings`, travelViewer);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe("not_found");
    expect(JSON.stringify(other.json())).not.toContain("service@bayit.example");
    const change = await call("PUT", `/api/v1/tenants/${bank}/message-settings`, travelViewer, { fields: [], categories: [], forwarding: [{ channel: "email", to: "thief@evil.example" }] });
    expect(change.statusCode).toBe(403);
    // Its own client reads its line's form, but the center manager sets it.
    expect((await call("GET", `/api/v1/tenants/${bank}/message-settings`, bankViewer)).json().settings.fields[0].key).toBe("loanNumber");
    expect((await call("PUT", `/api/v1/tenants/${bank}/message-settings`, bankViewer, { fields: [], categories: [], forwarding: [] })).statusCode).toBe(403);
    const after = (await call("GET", `/api/v1/tenants/${bank}/message-settings`, admin)).json().settings;
    expect(after.forwarding.map((r: { to: string }) => r.to)).not.toContain("thief@evil.example");
  });

  it("never shows the webhook secret back, keeps it when a save leaves it out, and names the rule whose destination is wrong", async () => {
    const line = t.tenantId("106-ir-galim");
    const base = { fields: [{ key: "hazard", label: "Hazard", type: "select", options: ["water", "road"] }], categories: [], forwarding: [{ channel: "webhook", to: "https://city.example/hook" }] };
    const set = await call("PUT", `/api/v1/tenants/${line}/message-settings`, admin, { ...base, webhookSecret: "a-very-long-shared-secret" });
    expect(set.json().settings.webhookSigned).toBe(true);
    expect(set.body).not.toContain("a-very-long-shared-secret");
    const again = await call("PUT", `/api/v1/tenants/${line}/message-settings`, admin, base);
    expect(again.json().settings.webhookSigned).toBe(true);
    expect((await call("GET", `/api/v1/tenants/${line}/message-settings`, admin)).json().settings.webhookSigned).toBe(true);
    const removed = await call("PUT", `/api/v1/tenants/${line}/message-settings`, admin, { ...base, webhookSecret: null });
    expect(removed.json().settings.webhookSigned).toBe(false);

    const wrong = await call("PUT", `/api/v1/tenants/${line}/message-settings`, admin, {
      fields: [{ key: "hazard", label: "Hazard", type: "select" }],
      categories: [],
      forwarding: [{ channel: "email", to: "ops@city.example" }, { channel: "email", to: "not-mail" }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toEqual([
      { path: "body.fields.0.options", message: "A choice needs at least one option" },
      { path: "body.forwarding.1.to", message: "Not an e-mail address: not-mail" },
    ]);
  });
});

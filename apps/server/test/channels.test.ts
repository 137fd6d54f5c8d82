import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { callbackRequests, customers, tenants } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type MokedApp } from "../src/app";
import { loadConfig } from "../src/core/config";
import { createInProcessBus } from "../src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../src/seed/demo";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

describe("e-mail and callback channels", () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let moked: MokedApp;
  const cookies = new Map<string, string>();
  const slugId = new Map<string, string>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCenter(db.db);
    for (const t of await db.db.select().from(tenants)) slugId.set(t.slug, t.id);
    smtp = await startSmtpSink();
    const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", SMTP_URL: smtp.url, OUTBOX_POLL_MS: "100", MAIL_LISTEN_PORT: "0", MAIL_DOMAIN: "moked.test", HOST: "127.0.0.1" });
    moked = await buildApp({ config, db: db.db, bus: createInProcessBus() });
    await moked.app.ready();
  });
  afterAll(async () => {
    await moked.app.close();
    await smtp.close();
    await db.dispose();
  });

  const as = async (email: string) => {
    if (!cookies.has(email)) {
      const res = await moked.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password: DEMO_PASSWORD } });
      cookies.set(email, `moked_session=${res.cookies.find((c) => c.name === "moked_session")!.value}`);
    }
    return cookies.get(email)!;
  };
  const call = async (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: Record<string, unknown>) => moked.app.inject({ method, url, headers: { cookie: await as(who) }, ...(payload ? { payload } : {}) });
  const until = async <T>(probe: () => Promise<T | undefined | null | false>, ms = 8_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const customerMail = () => nodemailer.createTransport({ host: "127.0.0.1", port: moked.mailPort!, secure: false, ignoreTLS: true });

  it("threads an e-mail conversation: mail in, routed to an agent, reply out, the customer's answer back in the same conversation", async () => {
    const sky = slugId.get("sky-tours")!;
    const agent = "agent4@moked.local";
    await call(agent, "PUT", "/api/v1/agents/me/state", { state: "available" });
    const sent = await customerMail().sendMail({
      from: "רונית כהן <Ronit.Cohen@example.com>",
      to: "sky-tours@moked.test",
      subject: "שינוי תאריך טיסה",
      text: "שלום, אפשר להקדים את הטיסה? <script>alert('x')</script>",
      messageId: "<first-1@example.com>",
    });
    expect(sent.accepted).toEqual(["sky-tours@moked.test"]);

    // The contact is offered to the agent who serves the line, as an e-mail.
    const me = await until(async () => {
      const agentState = (await call(agent, "GET", "/api/v1/agents/me")).json().agent;
      return agentState.work.find((w: { channel: string; status: string }) => w.channel === "email" && w.status === "offered");
    });
    const id = me.interactionId as string;
    await call(agent, "POST", `/api/v1/interactions/${id}/accept`);
    const thread = (await call(agent, "GET", `/api/v1/interactions/${id}/emails`)).json().items;
    expect(thread).toHaveLength(1);
    // The text part keeps the markup as text, script and all.
    expect(thread[0]).toMatchObject({ direction: "in", from: "ronit.cohen@example.com", subject: "שינוי תאריך טיסה" });
    expect(thread[0].text).toContain("<script>alert('x')</script>");

    const reply = await call(agent, "POST", `/api/v1/interactions/${id}/email-reply`, { text: "שלום רונית, הטיסה הוקדמה ליום ראשון." });
    expect(reply.statusCode).toBe(200);
    const ourId = reply.json().messageId as string;
    const out = await until(async () => smtp.mails.find((m) => m.messageId === ourId));
    expect(out.inReplyTo).toBe("<first-1@example.com>");
    expect(out.subject).toBe("Re: שינוי תאריך טיסה");
    expect(out.to).toMatchObject({ text: "ronit.cohen@example.com" });
    expect(out.from?.text).toContain("sky-tours@moked.test");

    // The customer answers the reply: it joins the same conversation.
    await customerMail().sendMail({ from: "ronit.cohen@example.com", to: "sky-tours@moked.test", subject: "Re: שינוי תאריך טיסה", text: "תודה רבה!", messageId: "<second-2@example.com>", inReplyTo: ourId, references: ["<first-1@example.com>", ourId] });
    const conversation = await until(async () => {
      const items = (await call(agent, "GET", `/api/v1/interactions/${id}/emails`)).json().items as Array<{ direction: string; text: string }>;
      return items.length === 3 ? items : null;
    });
    expect(conversation.map((m) => m.direction)).toEqual(["in", "out", "in"]);
    expect(conversation[2]!.text).toContain("תודה רבה");

    // One customer, found again by the address.
    const [customer] = await db.db.select().from(customers).where(eq(customers.tenantId, sky));
    expect(customer!.emails).toEqual(["ronit.cohen@example.com"]);
    const c360 = (await call(agent, "GET", `/api/v1/customers/${customer!.id}`)).json();
    expect(c360.contacts.map((c: { id: string }) => c.id)).toContain(id);
    // Another line's viewer does not see that customer.
    expect((await call("viewer.banking@moked.local", "GET", `/api/v1/customers/${customer!.id}`)).statusCode).toBe(404);
  });

  it("refuses mail for a line that does not exist, and a repeated message id makes no second contact", async () => {
    await expect(customerMail().sendMail({ from: "x@example.com", to: "no-such-line@moked.test", subject: "hi", text: "hi" })).rejects.toThrow(/550/);
    const before = (await call("admin@moked.local", "GET", `/api/v1/interactions?tenantId=${slugId.get("sky-tours")}`)).json().items.length;
    await customerMail().sendMail({ from: "ronit.cohen@example.com", to: "sky-tours@moked.test", subject: "again", text: "again", messageId: "<first-1@example.com>" });
    await new Promise((r) => setTimeout(r, 300));
    expect((await call("admin@moked.local", "GET", `/api/v1/interactions?tenantId=${slugId.get("sky-tours")}`)).json().items.length).toBe(before);
  });

  it("routes a callback request as a callback contact, merges a repeat from the same number, and checks the number", async () => {
    const galil = slugId.get("galil-motors")!;
    const first = await moked.app.inject({ method: "POST", url: "/api/v1/public/callbacks", payload: { line: "galil-motors", name: "משה לוי", phone: "050-123-4567" } });
    expect(first.statusCode).toBe(201);
    expect(first.json().callback).toMatchObject({ merged: false, requests: 1 });
    const [stored] = await db.db.select().from(callbackRequests).where(eq(callbackRequests.id, first.json().callback.id));
    expect(stored).toMatchObject({ phone: "+972501234567", marketingConsent: false });

    const routed = await until(async () => {
      const items = (await call("admin@moked.local", "GET", `/api/v1/interactions?tenantId=${galil}`)).json().items as Array<{ id: string; channel: string }>;
      return items.find((i) => i.channel === "callback");
    });
    expect(routed.id).toBe(first.json().callback.id);

    const again = await moked.app.inject({ method: "POST", url: "/api/v1/public/callbacks", payload: { line: "galil-motors", name: "משה", phone: "+972 50 123 4567" } });
    expect(again.statusCode).toBe(200);
    expect(again.json().callback).toMatchObject({ id: first.json().callback.id, merged: true, requests: 2 });

    const later = await moked.app.inject({ method: "POST", url: "/api/v1/public/callbacks", payload: { line: "galil-motors", name: "דנה", phone: "052-7654321", windowFrom: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(later.json().callback.status).toBe("scheduled");

    const bad = await moked.app.inject({ method: "POST", url: "/api/v1/public/callbacks", payload: { line: "galil-motors", name: "x", phone: "0000000" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_phone");
    const unknownLine = await moked.app.inject({ method: "POST", url: "/api/v1/public/callbacks", payload: { line: "nope", name: "x", phone: "050-1234567" } });
    expect(unknownLine.statusCode).toBe(404);
  });
});

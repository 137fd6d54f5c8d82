import { eq } from "drizzle-orm";
import { tenants } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type MokedApp } from "../src/app";
import { loadConfig } from "../src/core/config";
import { createInProcessBus } from "../src/live/bus";
import { serverSecret, signAck } from "../src/message-center/dispatch";
import { DEMO_PASSWORD, seedDemoCenter } from "../src/seed/demo";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

/**
 * On-call dispatch for the municipal 106 line: an urgent message summons the person on call by e-mail with
 * a signed link; with no acknowledgement the next person is called after the line's timeout — even across
 * a server restart — and the link stops it. Tampered and expired links are refused.
 */
describe("on-call dispatch", () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let moked: MokedApp;
  let cookie: string;
  let tenantId: string;

  const start = async () => {
    const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", SMTP_URL: smtp.url, OUTBOX_POLL_MS: "100", PUBLIC_URL: "http://moked.test" });
    moked = await buildApp({ config, db: db.db, bus: createInProcessBus() });
    await moked.app.ready();
    const login = await moked.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "manager@moked.local", password: DEMO_PASSWORD } });
    cookie = `moked_session=${login.cookies.find((c) => c.name === "moked_session")!.value}`;
  };
  const call = (method: "GET" | "POST" | "PUT", url: string, payload?: Record<string, unknown>) => moked.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const linkIn = (text: string) => new URL(/http:\/\/moked\.test(\S+)/.exec(text)![0]);

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCenter(db.db);
    smtp = await startSmtpSink();
    tenantId = (await db.db.select().from(tenants).where(eq(tenants.slug, "106-ir-galim")))[0]!.id;
    await start();
  });
  afterAll(async () => {
    await moked.app.close();
    await smtp.close();
    await db.dispose();
  });

  it("calls the person on call, escalates after the timeout across a restart, and stops at the signed link", async () => {
    const today = new Date();
    const roster = await call("PUT", `/api/v1/tenants/${tenantId}/on-call`, {
      members: [
        { id: "roads", name: "אבי — אחזקת כבישים", email: "roads@galim.example" },
        { id: "water", name: "דנה — מים וביוב", email: "water@galim.example" },
      ],
      rotationStart: new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10),
      handoverWeekday: new Date(today.getTime() - 86_400_000).getUTCDay(),
      handoverTime: "00:00",
      escalation: ["water"],
      // Long enough for the restart below to finish inside it even when the machine's two cores are shared.
      ackTimeoutSeconds: 15,
    });
    expect(roster.statusCode).toBe(200);
    expect((await call("GET", `/api/v1/tenants/${tenantId}/on-call/now`)).json().onCall.id).toBe("roads");

    const message = await call("POST", "/api/v1/messages", { tenantId, subject: "בור מסוכן בכביש", urgency: "urgent", customerPhone: "+97248123456", body: "רחוב הנשיא 12" });
    expect(message.statusCode).toBe(201);
    const [first] = await smtp.waitFor(2); // the line's own copy and the call to the person on call
    void first;
    const toRoads = smtp.mails.find((m) => m.to && "text" in m.to && m.to.text === "roads@galim.example")!;
    expect(toRoads.text).toContain("בור מסוכן בכביש");
    const roadsLink = linkIn(toRoads.text!);

    // The server goes down and comes back before the timeout; the escalation still comes on time.
    await moked.app.close();
    await start();
    await smtp.waitFor(smtp.mails.length + 1, 40_000);
    const toWater = smtp.mails.find((m) => m.to && "text" in m.to && m.to.text === "water@galim.example");
    expect(toWater, "no escalation to the second person").toBeTruthy();

    let log = (await call("GET", `/api/v1/dispatches?tenantId=${tenantId}`)).json().items[0];
    expect(log.status).toBe("notifying");
    expect(log.log.map((s: { action: string; memberId: string }) => `${s.action}:${s.memberId}`)).toEqual(["notified:roads", "escalated:water"]);
    const gap = Date.parse(log.log[1].at) - Date.parse(log.log[0].at);
    expect(gap).toBeGreaterThanOrEqual(15_000);
    expect(gap).toBeLessThan(22_000);

    // The first person's link still acknowledges (they picked it up late); escalation stops.
    const ack = await moked.app.inject({ method: "GET", url: `${roadsLink.pathname}${roadsLink.search}` });
    expect(ack.statusCode).toBe(200);
    expect(ack.body).toContain("Acknowledged");
    log = (await call("GET", `/api/v1/dispatches?tenantId=${tenantId}`)).json().items[0];
    expect(log.status).toBe("acknowledged");
    expect(log.log.at(-1)).toMatchObject({ action: "acknowledged" });
    // Past the moment the chain's next step would have come: nothing more is sent or logged.
    const mailsNow = smtp.mails.length;
    const nextStepAt = Date.parse(log.log[1].at) + 15_000;
    await new Promise((r) => setTimeout(r, Math.max(0, nextStepAt - Date.now()) + 2_000));
    expect(smtp.mails.length).toBe(mailsNow);
    const after = (await call("GET", `/api/v1/dispatches?tenantId=${tenantId}`)).json().items[0];
    expect(after.status).toBe("acknowledged");
    expect(after.log.at(-1)).toMatchObject({ action: "acknowledged" });
  }, 120_000);

  it("refuses a tampered or expired acknowledgement link", async () => {
    const dispatchId = (await call("GET", `/api/v1/dispatches?tenantId=${tenantId}`)).json().items[0].id as string;
    const secret = await serverSecret(db.db, "dispatch_links");
    const future = Math.floor(Date.now() / 1000) + 3600;
    const good = signAck(secret, dispatchId, 0, future);
    const tampered = `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`;
    const bad = await moked.app.inject({ method: "GET", url: `/api/v1/dispatches/${dispatchId}/ack?step=0&expires=${future}&sig=${tampered}` });
    expect(bad.statusCode).toBe(403);
    expect(bad.json().error.code).toBe("invalid_signature");
    const otherStep = await moked.app.inject({ method: "GET", url: `/api/v1/dispatches/${dispatchId}/ack?step=1&expires=${future}&sig=${good}` });
    expect(otherStep.statusCode).toBe(403);
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await moked.app.inject({ method: "GET", url: `/api/v1/dispatches/${dispatchId}/ack?step=0&expires=${past}&sig=${signAck(secret, dispatchId, 0, past)}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe("link_expired");
  });
});

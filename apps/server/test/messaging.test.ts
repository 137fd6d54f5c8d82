import { createServer, type Server } from "node:http";
import { eq, sql } from "drizzle-orm";
import { chatSessions, interactions, outbox, tenants } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type MokedApp } from "../src/app";
import { conversationLanguage, detectLanguage } from "../src/channels/messaging/language";
import { HttpMessagingProvider, signBody, verifySignature } from "../src/channels/messaging/provider";
import { loadConfig } from "../src/core/config";
import { createInProcessBus } from "../src/live/bus";
import { OutboxWorker } from "../src/message-center/outbox";
import { DEMO_PASSWORD, seedDemoCenter } from "../src/seed/demo";
import { until } from "./harness";

const INBOUND_SECRET = "inbound-secret-0123456789";
const PROVIDER_SECRET = "provider-secret-0123456789";

/**
 * A real HTTP provider on loopback that keeps what it delivers by idempotency key and can be told how to
 * answer: fail outright, or take the message and still answer an error (an answer lost on the way back).
 */
async function startProvider() {
  const requests: Array<{ key: string; signed: boolean; body: { to: string; text: string; medium: string; id: string } }> = [];
  const delivered = new Map<string, { to: string; text: string }>();
  const plan: Array<"fail" | "take-and-fail" | "ok"> = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"]);
      const body = JSON.parse(raw) as { to: string; text: string; medium: string; id: string };
      requests.push({ key, signed: verifySignature(PROVIDER_SECRET, req.headers["x-moked-signature"] as string, raw) === "ok", body });
      const step = plan.shift() ?? "ok";
      if (step === "fail") return res.writeHead(500).end("busy");
      if (!delivered.has(key)) delivered.set(key, { to: body.to, text: body.text });
      res.writeHead(step === "take-and-fail" ? 502 : 200).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/send`, requests, delivered, plan, close: () => new Promise((r) => server.close(r)) };
}

describe("messaging webhooks (SMS / WhatsApp)", () => {
  let db: TestDatabase;
  let moked: MokedApp;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let worker: OutboxWorker;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCenter(db.db);
    provider = await startProvider();
    const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", MESSAGING_WEBHOOK_SECRET: INBOUND_SECRET, MESSAGING_PROVIDER_URL: provider.url, MESSAGING_PROVIDER_SECRET: PROVIDER_SECRET });
    moked = await buildApp({ config, db: db.db, bus: createInProcessBus(), outbox: false });
    await moked.app.ready();
    worker = new OutboxWorker({ db: db.db, log: moked.app.log, smtpUrl: undefined, mailFrom: "x@localhost", messaging: new HttpMessagingProvider(provider.url, PROVIDER_SECRET) });
  });
  afterAll(async () => {
    await moked.app.close();
    await provider.close();
    await db.dispose();
  });

  const call = async (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: Record<string, unknown>) => {
    if (!cookies.has(who)) {
      const res = await moked.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: who, password: DEMO_PASSWORD } });
      cookies.set(who, `moked_session=${res.cookies.find((c) => c.name === "moked_session")!.value}`);
    }
    return moked.app.inject({ method, url, headers: { cookie: cookies.get(who)! }, ...(payload ? { payload } : {}) });
  };
  const inbound = (message: Record<string, unknown>, sign: (body: string) => string | undefined = (b) => signBody(INBOUND_SECRET, Math.floor(Date.now() / 1000), b)) => {
    const body = JSON.stringify(message);
    const signature = sign(body);
    return moked.app.inject({ method: "POST", url: "/api/v1/public/messaging/sky-tours/inbound", headers: { "content-type": "application/json", ...(signature ? { "x-moked-signature": signature } : {}) }, payload: body });
  };

  it("refuses unsigned, wrongly signed and stale webhooks", async () => {
    const message = { id: "wamid.0", from: "054-1231234", text: "hi", medium: "whatsapp" };
    const unsigned = await inbound(message, () => undefined);
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error.code).toBe("invalid_signature");
    expect((await inbound(message, (b) => signBody("another-secret-0123456789", Math.floor(Date.now() / 1000), b))).json().error.code).toBe("invalid_signature");
    // Signed for another body: the signature covers the exact bytes.
    expect((await inbound(message, () => signBody(INBOUND_SECRET, Math.floor(Date.now() / 1000), JSON.stringify({ ...message, text: "other" })))).statusCode).toBe(401);
    const stale = await inbound(message, (b) => signBody(INBOUND_SECRET, Math.floor(Date.now() / 1000) - 600, b));
    expect(stale.json().error.code).toBe("signature_expired");
    expect(await db.db.select().from(chatSessions)).toEqual([]);
  });

  it("a customer's texts become one conversation an agent answers, delivered once through a provider that fails", async () => {
    const first = await inbound({ id: "wamid.1", from: "054-1231234", text: "שלום, הזמנתי חדר לשבוע הבא", medium: "whatsapp", name: "Yael" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().duplicate).toBe(false);
    const { sessionId, interactionId } = first.json() as { sessionId: string; interactionId: string };
    // The provider redelivers the same message: nothing new.
    expect((await inbound({ id: "wamid.1", from: "054-1231234", text: "שלום, הזמנתי חדר לשבוע הבא", medium: "whatsapp" })).json().duplicate).toBe(true);
    const second = await inbound({ id: "wamid.2", from: "+972541231234", text: "אפשר לשנות את התאריך?", medium: "whatsapp" });
    expect(second.json()).toMatchObject({ sessionId, interactionId, duplicate: false });

    const agent = "agent4@moked.local";
    await call(agent, "PUT", "/api/v1/agents/me/state", { state: "available" });
    await until(async () => (await call(agent, "GET", "/api/v1/agents/me")).json().agent.work.find((w: { interactionId: string; status: string }) => w.interactionId === interactionId && w.status === "offered"));
    await call(agent, "POST", `/api/v1/interactions/${interactionId}/accept`);
    const chat = (await call(agent, "GET", `/api/v1/interactions/${interactionId}/chat`)).json();
    expect(chat.session).toMatchObject({ medium: "whatsapp", phone: "+972541231234", name: "Yael" });
    expect(chat.items.map((m: { text: string }) => m.text)).toEqual(["שלום, הזמנתי חדר לשבוע הבא", "אפשר לשנות את התאריך?"]);

    const answer = await call(agent, "POST", `/api/v1/interactions/${interactionId}/chat/messages`, { text: "בטח, לאיזה תאריך?" });
    expect(answer.statusCode).toBe(201);
    // A WhatsApp or SMS text cannot carry a file: the agent is told so, and nothing is added to the conversation.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
    await call(agent, "GET", "/api/v1/agents/me");
    const file = await moked.app.inject({ method: "POST", url: `/api/v1/interactions/${interactionId}/chat/attachments?name=map.png`, headers: { cookie: cookies.get(agent)!, "content-type": "image/png" }, payload: png });
    expect(file.statusCode).toBe(409);
    expect(file.json().error.code).toBe("files_web_chat_only");
    expect((await call(agent, "GET", `/api/v1/interactions/${interactionId}/chat`)).json().items).toHaveLength(3);
    const [row] = await db.db.select().from(outbox).where(eq(outbox.channel, "messaging"));
    expect(row).toMatchObject({ destination: "+972541231234", status: "queued" });

    // The provider fails, then takes the message but its answer is lost, then answers: one delivery.
    provider.plan.push("fail", "take-and-fail");
    for (let attempt = 0; attempt < 3; attempt++) {
      await db.db.update(outbox).set({ nextAttemptAt: sql`now()` }).where(eq(outbox.id, row!.id));
      await worker.runOnce();
    }
    const [sent] = await db.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(sent).toMatchObject({ status: "sent", attempts: 3 });
    expect(provider.requests).toHaveLength(3);
    expect(new Set(provider.requests.map((r) => r.key))).toEqual(new Set([row!.id]));
    expect(provider.requests.every((r) => r.signed)).toBe(true);
    expect([...provider.delivered.values()]).toEqual([{ to: "+972541231234", text: "בטח, לאיזה תאריך?" }]);

    // The agent finishes; a later text continues the same conversation as a new contact.
    await call(agent, "POST", `/api/v1/interactions/${interactionId}/wrap-up`, { code: "booking" });
    await call(agent, "PUT", "/api/v1/agents/me/state", { state: "offline" });
    const later = await inbound({ id: "wamid.3", from: "054-1231234", text: "תודה!", medium: "whatsapp" });
    expect(later.json().sessionId).toBe(sessionId);
    expect(later.json().interactionId).not.toBe(interactionId);
    const whole = (await call("admin@moked.local", "GET", `/api/v1/interactions/${later.json().interactionId}/chat`)).json();
    expect(whole.items.map((m: { text: string }) => m.text)).toEqual(["שלום, הזמנתי חדר לשבוע הבא", "אפשר לשנות את התאריך?", "בטח, לאיזה תאריך?", "תודה!"]);
    // An SMS from the same number is a conversation of its own medium; another line never sees either.
    expect((await call("viewer.banking@moked.local", "GET", `/api/v1/interactions/${interactionId}/chat`)).statusCode).toBe(404);
    const [sky] = await db.db.select().from(tenants).where(eq(tenants.slug, "sky-tours"));
    expect((await db.db.select().from(chatSessions).where(eq(chatSessions.tenantId, sky!.id))).length).toBe(1);
  });

  it("routes a conversation in the customer's language: their last one's, else the text's script", async () => {
    const languageOf = async (res: { json(): { sessionId: string; interactionId: string } }) => {
      const [session] = await db.db.select().from(chatSessions).where(eq(chatSessions.id, res.json().sessionId));
      const [contact] = await db.db.select().from(interactions).where(eq(interactions.id, res.json().interactionId));
      return { language: session!.language, skills: contact!.requiredSkills };
    };
    const russian = await inbound({ id: "sms.ru", from: "052-3334455", text: "Здравствуйте, я хочу поменять билет", medium: "sms" });
    expect(await languageOf(russian)).toMatchObject({ language: "ru", skills: [{ skill: "lang:ru" }] });
    const english = await inbound({ id: "sms.en", from: "052-3334466", text: "Hi, can I change my flight?", medium: "sms" });
    expect((await languageOf(english)).language).toBe("en");
    // The Russian-speaking customer writes on WhatsApp in Latin letters: still their language.
    const again = await inbound({ id: "wa.ru", from: "052-3334455", text: "ok, spasibo", medium: "whatsapp" });
    expect((await languageOf(again)).language).toBe("ru");
  });

  it("tells the language by script, and keeps to the languages the line serves", () => {
    expect(detectLanguage("שלום, hi")).toBe("he");
    expect(detectLanguage("مرحبا، أريد تغيير الحجز")).toBe("ar");
    expect(detectLanguage("Привет")).toBe("ru");
    expect(detectLanguage("Hello")).toBe("en");
    expect(detectLanguage("12:30 👍")).toBeNull();
    expect(conversationLanguage(["he", "en"], null, "مرحبا")).toBe("he");
    expect(conversationLanguage(["en", "he"], null, "👍")).toBe("en");
    expect(conversationLanguage(["he", "ar"], "ar", "shalom")).toBe("ar");
  });
});

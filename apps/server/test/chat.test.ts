import { eq } from "drizzle-orm";
import { callbackRequests, chatSessions, interactions, messages, outbox, tenantsScope, withTenantScope } from "@moked/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, until, type TestApp } from "./harness";

/** A visitor's event stream, read like the widget's EventSource does (a real HTTP connection). */
async function openStream(url: string, lastEventId?: number) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers: lastEventId ? { "last-event-id": String(lastEventId) } : {} });
  const events: Array<{ event: string; id?: number; data: Record<string, unknown> }> = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = field("data");
          if (data) events.push({ event: field("event") ?? "message", ...(field("id") ? { id: Number(field("id")) } : {}), data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    res,
    events,
    async next(match: (e: (typeof events)[number]) => boolean, ms = 8_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = events.find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

describe("web chat", () => {
  let t: TestApp;
  let base: string;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ OUTBOX_POLL_MS: "60000" });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => t.close());

  const as = async (email: string) => {
    if (!cookies.has(email)) cookies.set(email, await t.login(email));
    return cookies.get(email)!;
  };
  const call = async (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: { cookie: await as(who) }, ...(payload ? { payload } : {}) });
  const visitor = (method: "GET" | "POST", url: string, token: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: { "x-chat-token": token, "x-forwarded-for": "198.51.100.7" }, ...(payload ? { payload } : {}) });
  const start = async (line: string, extra: Record<string, unknown> = {}, ip = "198.51.100.7") => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/public/chat/sessions", headers: { "x-forwarded-for": ip }, payload: { line, name: "רונית כהן", language: "he", ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().session as { id: string; token: string; interactionId: string };
  };

  it("a visitor chats in Hebrew with an agent, live both ways, and a reconnect replays only what was missed", async () => {
    const line = await t.app.inject({ method: "GET", url: "/api/v1/public/chat/lines/sky-tours" });
    expect(line.json().line).toMatchObject({ languages: ["he", "en", "ru"], open: true });
    expect(line.headers["access-control-allow-origin"]).toBe("*");

    const session = await start("sky-tours", { phone: "050-7654321", email: "Ronit@Example.com", topic: "שינוי טיסה" });
    const stream = await openStream(`${base}/api/v1/public/chat/sessions/${session.id}/events?token=${session.token}`);
    expect(stream.res.headers.get("content-type")).toContain("text/event-stream");
    await stream.next((e) => e.event === "status" && e.data.state === "queued");

    const hello = await visitor("POST", `/api/v1/public/chat/sessions/${session.id}/messages`, session.token, { text: "שלום, אני צריכה לשנות טיסה <b>מחר</b>" });
    expect(hello.statusCode).toBe(201);

    // A Hebrew-speaking agent of the line becomes available and is offered the chat.
    const agent = "agent4@moked.local";
    await call(agent, "PUT", "/api/v1/agents/me/state", { state: "available" });
    await until(async () => (await call(agent, "GET", "/api/v1/agents/me")).json().agent.work.find((w: { interactionId: string; status: string }) => w.interactionId === session.interactionId && w.status === "offered"));
    expect((await call(agent, "POST", `/api/v1/interactions/${session.interactionId}/accept`)).statusCode).toBe(200);
    const connected = await stream.next((e) => e.event === "status" && e.data.state === "connected");
    expect(connected.data.agentName).toBe("תמר");

    const chat = (await call(agent, "GET", `/api/v1/interactions/${session.interactionId}/chat`)).json();
    expect(chat.session).toMatchObject({ name: "רונית כהן", phone: "+972507654321", email: "ronit@example.com", topic: "שינוי טיסה", language: "he" });
    expect(chat.items.map((m: { text: string }) => m.text)).toEqual(["שלום, אני צריכה לשנות טיסה <b>מחר</b>"]);

    expect((await call(agent, "POST", `/api/v1/interactions/${session.interactionId}/chat/typing`)).statusCode).toBe(200);
    await stream.next((e) => e.event === "typing");
    const answer = await call(agent, "POST", `/api/v1/interactions/${session.interactionId}/chat/messages`, { text: "שלום רונית, לאיזה תאריך?" });
    expect(answer.statusCode).toBe(201);
    const seen = await stream.next((e) => e.event === "message" && e.data.author === "agent");
    expect(seen.data.text).toBe("שלום רונית, לאיזה תאריך?");
    await stream.close();

    // While the visitor is away the agent writes again; the reconnect resumes after the last line seen.
    await call(agent, "POST", `/api/v1/interactions/${session.interactionId}/chat/messages`, { text: "את עדיין כאן?" });
    const again = await openStream(`${base}/api/v1/public/chat/sessions/${session.id}/events?token=${session.token}`, seen.id);
    const replayed = await again.next((e) => e.event === "message");
    expect(replayed.data.text).toBe("את עדיין כאן?");
    await again.next((e) => e.event === "status");
    expect(again.events.filter((e) => e.event === "message")).toHaveLength(1);
    await again.close();

    // The agent sends a file, checked like the visitor's; the visitor sees it in the conversation and opens it.
    const agentUpload = async (who: string, body: Buffer, type: string, name: string) =>
      t.app.inject({ method: "POST", url: `/api/v1/interactions/${session.interactionId}/chat/attachments?name=${encodeURIComponent(name)}`, headers: { cookie: await as(who), "content-type": type }, payload: body });
    const sent = await agentUpload(agent, PNG, "image/png", "map.png");
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().message).toMatchObject({ author: "agent", text: "map.png", attachmentId: sent.json().attachment.id });
    expect((await agentUpload(agent, Buffer.from("<svg onload=alert(1)>"), "image/png", "x.png")).json().error.code).toBe("unsupported_file_type");
    expect((await agentUpload(agent, PNG, "application/pdf", "x.pdf")).json().error.code).toBe("file_type_mismatch");
    expect((await agentUpload(agent, Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), "image/png", "big.png")).statusCode).toBe(413);
    expect((await agentUpload("agent1@moked.local", PNG, "image/png", "x.png")).json().error.code).toBe("not_your_contact");
    const visible = (await visitor("GET", `/api/v1/public/chat/sessions/${session.id}/messages`, session.token)).json().items.find((m: { attachmentId: string | null }) => m.attachmentId);
    expect(visible).toMatchObject({ author: "agent", text: "map.png" });
    const file = await t.app.inject({ method: "GET", url: `/api/v1/public/chat/sessions/${session.id}/attachments/${visible.attachmentId}?token=${session.token}` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);

    // Another agent may not write in it; a viewer of another line does not see it.
    expect((await call("agent1@moked.local", "POST", `/api/v1/interactions/${session.interactionId}/chat/messages`, { text: "x" })).json().error.code).toBe("not_your_contact");
    expect((await call("viewer.banking@moked.local", "GET", `/api/v1/interactions/${session.interactionId}/chat`)).statusCode).toBe(404);
    expect((await call("viewer.travel@moked.local", "GET", `/api/v1/interactions/${session.interactionId}/chat`)).statusCode).toBe(200);

    // A wrong token is an unknown chat.
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${session.id}/messages`, "not-the-token", { text: "hi" })).statusCode).toBe(404);

    // The transcript goes out through the outbox; the visitor ends the chat.
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${session.id}/transcript`, session.token, {})).statusCode).toBe(200);
    const [mail] = await t.db.db.select().from(outbox).where(eq(outbox.destination, "ronit@example.com"));
    expect((mail!.payload as { text: string }).text).toContain("שלום רונית, לאיזה תאריך?");
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${session.id}/end`, session.token)).statusCode).toBe(200);
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${session.id}/messages`, session.token, { text: "עוד משהו" })).json().error.code).toBe("chat_closed");
    // The visitor rates the chat once (the reports' satisfaction), and only with the chat's token.
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${session.id}/rating`, "not-the-token", { score: 5 })).statusCode).toBe(404);
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${session.id}/rating`, session.token, { score: 5 })).statusCode).toBe(201);
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${session.id}/rating`, session.token, { score: 1 })).json().error.code).toBe("already_rated");
    const rated = (await call(agent, "GET", `/api/v1/interactions/${session.interactionId}/events`)).json().items.filter((e: { type: string }) => e.type === "interaction.csat_recorded");
    expect(rated).toMatchObject([{ data: { score: 5, source: "chat" } }]);
    // The conversation is in the customer's timeline, word for word.
    const c360 = (await call(agent, "GET", `/api/v1/customers/${chat.session.customerId}`)).json();
    const contact = c360.contacts.find((c: { id: string }) => c.id === session.interactionId);
    expect(contact.conversation.map((l: { author: string; text: string }) => `${l.author}: ${l.text}`).slice(0, 3)).toEqual([
      "customer: שלום, אני צריכה לשנות טיסה <b>מחר</b>",
      "agent: שלום רונית, לאיזה תאריך?",
      "agent: את עדיין כאן?",
    ]);
    // When the customer chats again, the desk's customer 360 shows the earlier chat's words under it.
    const next = await start("sky-tours", { phone: "0507654321" });
    const desk360 = (await call(agent, "GET", `/api/v1/interactions/${next.interactionId}/customer`)).json();
    const earlier = desk360.contacts.find((c: { id: string }) => c.id === session.interactionId);
    expect(earlier.conversation.map((l: { author: string; text: string }) => `${l.author}: ${l.text}`).slice(0, 2)).toEqual(["customer: שלום, אני צריכה לשנות טיסה <b>מחר</b>", "agent: שלום רונית, לאיזה תאריך?"]);
    await visitor("POST", `/api/v1/public/chat/sessions/${next.id}/end`, next.token);
    await call(agent, "PUT", "/api/v1/agents/me/state", { state: "offline" });
  });

  it("takes images and PDFs checked by their content, refuses the rest, and serves them so they never run", async () => {
    const session = await start("kolbo-retail");
    const upload = (body: Buffer, type: string, name: string) =>
      t.app.inject({ method: "POST", url: `/api/v1/public/chat/sessions/${session.id}/attachments?name=${encodeURIComponent(name)}`, headers: { "x-chat-token": session.token, "content-type": type }, payload: body });
    const ok = await upload(PNG, "image/png", "../../receipt.png");
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().attachment).toMatchObject({ name: "receipt.png", mime: "image/png" });
    const pdf = await upload(Buffer.from("%PDF-1.4\n%âãÏÓ\n"), "application/octet-stream", "invoice.pdf");
    expect(pdf.json().attachment.mime).toBe("application/pdf");

    const html = await upload(Buffer.from("<html><script>alert(1)</script></html>"), "image/png", "evil.png");
    expect(html.statusCode).toBe(415);
    expect(html.json().error.code).toBe("unsupported_file_type");
    const mismatch = await upload(PNG, "application/pdf", "x.pdf");
    expect(mismatch.json().error.code).toBe("file_type_mismatch");
    const huge = await upload(Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), "image/png", "big.png");
    expect(huge.statusCode).toBe(413);

    const staff = await call("agent4@moked.local", "GET", `/api/v1/chat/attachments/${ok.json().attachment.id}`);
    expect(staff.statusCode).toBe(200);
    expect(staff.headers).toMatchObject({ "content-type": "image/png", "x-content-type-options": "nosniff" });
    expect(staff.headers["content-security-policy"]).toContain("sandbox");
    expect(staff.rawPayload.equals(PNG)).toBe(true);
    expect((await call("viewer.banking@moked.local", "GET", `/api/v1/chat/attachments/${ok.json().attachment.id}`)).statusCode).toBe(404);
  });

  it("lets a waiting visitor choose a message or a call-back instead", async () => {
    // Nobody is available on the line: the chat waits, and the visitor leaves a message.
    const m = await start("galil-motors", { phone: "052-1112233" });
    await visitor("POST", `/api/v1/public/chat/sessions/${m.id}/messages`, m.token, { text: "הרכב לא מניע" });
    const left = await visitor("POST", `/api/v1/public/chat/sessions/${m.id}/leave`, m.token, { choice: "message", text: "תחזרו אליי מחר בבוקר" });
    expect(left.statusCode, left.body).toBe(200);
    const [message] = await until(async () => {
      const rows = await t.db.db.select().from(messages).where(eq(messages.interactionId, m.interactionId));
      return rows.length ? rows : null;
    });
    expect(message!.body).toContain("תחזרו אליי מחר בבוקר");
    expect(message!.body).toContain("הרכב לא מניע");
    expect(message!).toMatchObject({ customerName: "רונית כהן", customerPhone: "+972521112233", source: "customer" });
    const [row] = await t.db.db.select().from(interactions).where(eq(interactions.id, m.interactionId));
    expect(row!.finalState).toBe("message");

    const c = await start("galil-motors");
    const noPhone = await visitor("POST", `/api/v1/public/chat/sessions/${c.id}/leave`, c.token, { choice: "callback" });
    expect(noPhone.json().error.code).toBe("invalid_phone");
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${c.id}/leave`, c.token, { choice: "callback", phone: "054-9998877" })).statusCode).toBe(200);
    const [cb] = await t.db.db.select().from(callbackRequests).where(eq(callbackRequests.phone, "+972549998877"));
    expect(cb).toMatchObject({ name: "רונית כהן" });
    const [ended] = await t.db.db.select().from(interactions).where(eq(interactions.id, c.interactionId));
    expect(ended!.finalState).toBe("callback");
    // Done is done: no second choice on the same chat.
    expect((await visitor("POST", `/api/v1/public/chat/sessions/${c.id}/leave`, c.token, { choice: "message" })).statusCode).toBe(409);
  });

  it("checks the pre-chat form and limits how fast one address starts chats", async () => {
    const bad = await t.app.inject({ method: "POST", url: "/api/v1/public/chat/sessions", headers: { "x-forwarded-for": "203.0.113.9" }, payload: { line: "sky-tours", name: "x", phone: "12" } });
    expect(bad.statusCode).toBe(400);
    const badPhone = await t.app.inject({ method: "POST", url: "/api/v1/public/chat/sessions", headers: { "x-forwarded-for": "203.0.113.9" }, payload: { line: "sky-tours", name: "x", phone: "0000000" } });
    expect(badPhone.json().error.code).toBe("invalid_phone");
    expect((await t.app.inject({ method: "POST", url: "/api/v1/public/chat/sessions", headers: { "x-forwarded-for": "203.0.113.9" }, payload: { line: "nope", name: "x" } })).statusCode).toBe(404);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await t.app.inject({ method: "POST", url: "/api/v1/public/chat/sessions", headers: { "x-forwarded-for": "203.0.113.9" }, payload: { line: "sky-tours", name: "x" } })).statusCode);
    expect(codes.slice(0, 3)).toEqual([201, 201, 201]);
    const limited = await t.app.inject({ method: "POST", url: "/api/v1/public/chat/sessions", headers: { "x-forwarded-for": "203.0.113.9" }, payload: { line: "sky-tours", name: "x" } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not affected.
    await start("sky-tours", {}, "203.0.113.10");
    // Every public endpoint has its limit: the on-call acknowledgement link too.
    const ack = () => t.app.inject({ method: "GET", url: `/api/v1/dispatches/00000000-0000-4000-8000-000000000000/ack?step=0&expires=1&sig=${"0".repeat(64)}`, headers: { "x-forwarded-for": "203.0.113.11" } });
    const ackCodes: number[] = [];
    for (let i = 0; i < 31; i++) ackCodes.push((await ack()).statusCode);
    expect(ackCodes[0]).toBe(403);
    expect(ackCodes[30]).toBe(429);
  });

  it("an agent merges two records of one customer: contacts, conversations, phones and e-mails in one place", async () => {
    const a = await start("kolbo-retail", { name: "דני", phone: "050-5550001" }, "192.0.2.31");
    const b = await start("kolbo-retail", { name: "דני כהן", email: "dani@example.com" }, "192.0.2.32");
    const agent = "agent4@moked.local";
    const found = (await call(agent, "GET", `/api/v1/customers?tenantId=${t.tenantId("kolbo-retail")}&q=${encodeURIComponent("דני")}`)).json().items as Array<{ id: string; name: string; contacts: number }>;
    expect(found.map((c) => c.name).sort()).toEqual(["דני", "דני כהן"]);
    expect((await call(agent, "GET", `/api/v1/customers?q=0505550001`)).json().items.map((c: { name: string }) => c.name)).toEqual(["דני"]);
    const keep = found.find((c) => c.name === "דני כהן")!;
    const dup = found.find((c) => c.name === "דני")!;
    // Not across client businesses, and not by a viewer.
    expect((await call("viewer.retail@moked.local", "POST", `/api/v1/customers/${keep.id}/merge`, { duplicateId: dup.id })).statusCode).toBe(403);
    expect((await call("agent2@moked.local", "GET", `/api/v1/customers?q=${encodeURIComponent("דני")}`)).json().items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([keep.id]));
    expect((await call("agent6@moked.local", "POST", `/api/v1/customers/${keep.id}/merge`, { duplicateId: dup.id })).statusCode).toBe(404);

    const merged = await call(agent, "POST", `/api/v1/customers/${keep.id}/merge`, { duplicateId: dup.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().customer).toMatchObject({ id: keep.id, name: "דני כהן", phones: ["+972505550001"], emails: ["dani@example.com"], contacts: 2 });
    const c360 = (await call(agent, "GET", `/api/v1/customers/${keep.id}`)).json();
    expect(c360.contacts.map((c: { id: string }) => c.id).sort()).toEqual([a.interactionId, b.interactionId].sort());
    expect((await call(agent, "GET", `/api/v1/customers/${dup.id}`)).statusCode).toBe(404);
    const chatA = (await call(agent, "GET", `/api/v1/interactions/${a.interactionId}/chat`)).json();
    expect(chatA.session.customerId).toBe(keep.id);
    const audit = (await call("admin@moked.local", "GET", "/api/v1/audit")).json().items as Array<{ action: string; entityId: string }>;
    expect(audit.find((e) => e.action === "customer.merged")?.entityId).toBe(keep.id);
  });

  it("row-level security alone hides one line's chats from another's scope", async () => {
    const travel = tenantsScope([t.tenantId("sky-tours")]);
    const bank = tenantsScope([t.tenantId("bayit-mortgage")]);
    const seen = await withTenantScope(t.db.db, travel, (tx) => tx.select().from(chatSessions));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.tenantId === t.tenantId("sky-tours"))).toBe(true);
    expect(await withTenantScope(t.db.db, bank, (tx) => tx.select().from(chatSessions))).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { escalations, lineKnowledge, withTenantScope, type Db } from "@moked/db";
import { matchCustomer } from "../src/channels/customers";
import { startTestApp, type TestApp } from "./harness";

describe("the agent desktop's panels", () => {
  let t: TestApp;
  const cookies = new Map<string, string>();
  let sky: string;
  let skyQueue: string;
  let kolboQueue: string;

  const as = async (email: string) => {
    if (!cookies.has(email)) cookies.set(email, await t.login(email));
    return cookies.get(email)!;
  };
  const call = async (who: string, method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: await as(who) }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const until = async <T>(probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const create = async (body: Record<string, unknown>) => {
    const res = await call("admin@moked.local", "POST", "/interactions", { tenantId: sky, queueId: skyQueue, channel: "voice", requiredSkills: [{ skill: "lang:he" }], ...body });
    expect(res.statusCode).toBe(201);
    return res.json().interaction.id as string;
  };
  /** agent4 takes the contact offered to them and files its wrap-up. */
  const handle = async (id: string, code: string, notes: string) => {
    const agent = "agent4@moked.local";
    await until(async () => (await call(agent, "GET", "/agents/me")).json().agent.work.some((w: { interactionId: string; status: string }) => w.interactionId === id && w.status === "offered"));
    expect((await call(agent, "POST", `/interactions/${id}/accept`)).statusCode).toBe(200);
    expect((await call(agent, "POST", `/interactions/${id}/wrap-up`, { code, notes })).statusCode).toBe(200);
    await until(async () => (await call(agent, "GET", "/agents/me")).json().agent.work.length === 0);
  };

  beforeAll(async () => {
    t = await startTestApp();
    sky = t.tenantId("sky-tours");
    const queues = (await call("admin@moked.local", "GET", "/queues")).json().items as Array<{ id: string; tenantId: string }>;
    skyQueue = queues.find((q) => q.tenantId === sky)!.id;
    kolboQueue = queues.find((q) => q.tenantId === t.tenantId("kolbo-retail"))!.id;
  });
  afterAll(() => t.close());

  it("shows the customer 360: the same person across channels by phone and e-mail, notes, wrap-up codes and open contacts", async () => {
    // The e-mail channel knows Dana by her address and phone; a call names her phone in local form.
    const danaId = await matchCustomer(t.db.db as Db, sky, { phone: "+972501234567", email: "dana@example.com", name: "דנה כהן" });
    await call("agent4@moked.local", "PUT", "/agents/me/state", { state: "available" });
    const call1 = await create({ customerRef: "050-1234567" });
    await handle(call1, "refund", "ביקשה החזר על טיסה שבוטלה");
    const mail = await create({ channel: "email", customerRef: danaId });
    await handle(mail, "info-sent", "");
    // Another line's customer with the same number is someone else's business.
    const kolbo = (await call("admin@moked.local", "POST", "/interactions", { tenantId: t.tenantId("kolbo-retail"), queueId: kolboQueue, channel: "voice", customerRef: "0501234567" })).json().interaction.id as string;
    await call("agent4@moked.local", "PUT", "/agents/me/state", { state: "not_ready", reason: "break" });
    const waiting = await create({ channel: "chat", data: { customerEmail: "Dana@Example.com" } });
    const now = await create({ customerRef: "+972 50-123-4567" });

    const res = await call("agent4@moked.local", "GET", `/interactions/${now}/customer`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.customer).toMatchObject({ id: danaId, name: "דנה כהן", phones: ["+972501234567"], emails: ["dana@example.com"] });
    expect(view.contacts.map((c: { id: string }) => c.id)).toEqual([waiting, mail, call1]);
    expect(view.contacts.find((c: { id: string }) => c.id === call1)).toMatchObject({ channel: "voice", wrapUpCode: "refund", notes: "ביקשה החזר על טיסה שבוטלה", agentName: "תמר פרץ", finalState: "answered" });
    expect(view.contacts.find((c: { id: string }) => c.id === mail)).toMatchObject({ channel: "email", wrapUpCode: "info-sent", notes: null });
    expect(view.openCases).toEqual([expect.objectContaining({ kind: "contact", id: waiting, status: "waiting" })]);

    // A contact that names nobody has no 360; an agent who does not serve the line gets 404, like for an unknown id.
    const anonymous = await create({});
    expect((await call("agent4@moked.local", "GET", `/interactions/${anonymous}/customer`)).json()).toEqual({ customer: null, contacts: [], openCases: [] });
    const outsider = await call("agent2@moked.local", "GET", `/interactions/${now}/customer`);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().error.code).toBe("not_found");
    expect((await call("viewer.travel@moked.local", "GET", `/interactions/${now}/customer`)).statusCode).toBe(403);
    for (const left of [waiting, now, anonymous, kolbo]) await call("admin@moked.local", "POST", `/interactions/${left}/hangup`);
  });

  it("keeps each line's script and knowledge, edited by the center manager and read by the line's agents", async () => {
    const manager = "manager@moked.local";
    const add = (body: Record<string, unknown>, slug = "sky-tours") => call(manager, "POST", `/tenants/${t.tenantId(slug)}/knowledge`, body);
    const faq = await add({ kind: "faq", title: "שעות הסניף", body: "א׳–ה׳ 9:00–17:00", position: 2 });
    expect(faq.statusCode).toBe(201);
    const greeting = await add({ kind: "greeting", title: "פתיח", body: "סקיי טורס שלום, מדברת {agent}" });
    const tow = await add({ kind: "faq", title: "גרירה", body: "שירות גרירה 24/7: 1-700-000-000", position: 1 });
    const refund = await add({ kind: "wrap_up_code", title: "refund" });
    expect([greeting, tow, refund].map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect((await add({ kind: "faq", title: "משכנתא" }, "bayit-mortgage")).statusCode).toBe(201);

    const bad = await add({ kind: "gossip", title: "" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_error");
    expect((await call("agent4@moked.local", "POST", `/tenants/${sky}/knowledge`, { kind: "faq", title: "x" })).statusCode).toBe(403);

    const read = await call("agent4@moked.local", "GET", `/tenants/${sky}/knowledge`);
    expect(read.statusCode).toBe(200);
    // In order, beside the demo line's own seeded script.
    const added = new Set([faq, greeting, tow, refund].map((r) => r.json().entry.id as string));
    expect(read.json().items.filter((e: { id: string }) => added.has(e.id)).map((e: { kind: string; title: string }) => `${e.kind}:${e.title}`)).toEqual(["faq:גרירה", "faq:שעות הסניף", "greeting:פתיח", "wrap_up_code:refund"]);
    expect((await call("agent2@moked.local", "GET", `/tenants/${sky}/knowledge`)).statusCode).toBe(404);

    const id = faq.json().entry.id as string;
    const changed = await call(manager, "PATCH", `/knowledge/${id}`, { body: "א׳–ה׳ 8:00–18:00" });
    expect(changed.json().entry).toMatchObject({ title: "שעות הסניף", body: "א׳–ה׳ 8:00–18:00" });
    expect((await call("viewer.banking@moked.local", "GET", `/tenants/${sky}/knowledge`)).statusCode).toBe(404);
    expect((await call(manager, "DELETE", `/knowledge/${id}`)).statusCode).toBe(204);
    expect((await call(manager, "DELETE", `/knowledge/${id}`)).statusCode).toBe(404);
    const audit = (await call(manager, "GET", `/audit?tenantId=${sky}`)).json().items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["knowledge.created", "knowledge.updated", "knowledge.deleted"]));
  });

  it("walls each line's knowledge and escalations off from other lines, by row-level security alone", async () => {
    const mortgage = t.tenantId("bayit-mortgage");
    await t.db.db.insert(escalations).values([
      { tenantId: sky, interactionId: randomUUID(), raisedBy: t.userId("agent4@moked.local"), message: "sky", status: "closed" },
      { tenantId: mortgage, interactionId: randomUUID(), raisedBy: t.userId("agent4@moked.local"), message: "mortgage", status: "closed" },
    ]);
    const scope = { kind: "tenants" as const, tenantIds: [sky] };
    const seen = await withTenantScope(t.db.db, scope, async (tx) => ({
      knowledge: await tx.select({ tenantId: lineKnowledge.tenantId }).from(lineKnowledge),
      escalations: await tx.select({ tenantId: escalations.tenantId }).from(escalations),
    }));
    expect(seen.knowledge.length).toBeGreaterThan(0);
    expect(seen.escalations.length).toBeGreaterThan(0);
    expect([...seen.knowledge, ...seen.escalations].every((r) => r.tenantId === sky)).toBe(true);
    // Nor can a line's scope write knowledge: that is the center's.
    await expect(withTenantScope(t.db.db, scope, (tx) => tx.insert(lineKnowledge).values({ tenantId: sky, kind: "faq", title: "x" }))).rejects.toThrow();
  });

  it("escalates a contact to the team leader, who sees it live, takes it and closes it; the agent can transfer to a colleague", async () => {
    const events: Array<{ type: string; audience?: unknown; payload: Record<string, unknown> }> = [];
    const stop = t.bus.subscribe((e) => e.type === "desk.escalation" && events.push(e));
    await call("agent11@moked.local", "PUT", "/agents/me/state", { state: "available" });
    const id = await create({ customerRef: "052-7654321" });
    await until(async () => (await call("agent11@moked.local", "GET", "/agents/me")).json().agent.work.some((w: { interactionId: string }) => w.interactionId === id));
    expect((await call("agent11@moked.local", "POST", `/interactions/${id}/accept`)).statusCode).toBe(200);

    expect((await call("agent7@moked.local", "POST", `/interactions/${id}/escalate`, { message: "x" })).json().error.code).toBe("not_your_contact");
    expect((await call("agent2@moked.local", "POST", `/interactions/${id}/escalate`, { message: "x" })).statusCode).toBe(404);
    const raised = await call("agent11@moked.local", "POST", `/interactions/${id}/escalate`, { message: "הלקוח דורש מנהל" });
    expect(raised.statusCode).toBe(201);
    const esc = raised.json().escalation;
    expect(esc).toMatchObject({ status: "open", message: "הלקוח דורש מנהל", raisedByName: "David Miller", channel: "voice", interactionId: id });
    expect((await call("agent11@moked.local", "POST", `/interactions/${id}/escalate`, {})).json().error.code).toBe("already_escalated");
    await until(async () => events.length >= 2);
    expect(events.map((e) => e.audience)).toEqual([{ roles: ["team_leader", "shift_manager", "center_manager", "admin"] }, { userId: t.userId("agent11@moked.local") }]);

    const lead = "lead2@moked.local"; // agent11's team
    const seen = (await call(lead, "GET", "/escalations")).json().items;
    expect(seen).toEqual([expect.objectContaining({ id: esc.id, status: "open", teamId: esc.teamId })]);
    expect(esc.teamId).not.toBeNull();
    expect((await call("agent7@moked.local", "GET", "/escalations")).json().items).toEqual([]);
    expect((await call("agent11@moked.local", "POST", `/escalations/${esc.id}/take`)).statusCode).toBe(403);
    const taken = await call(lead, "POST", `/escalations/${esc.id}/take`);
    expect(taken.json().escalation).toMatchObject({ status: "taken", takenByName: "רונית אברהם" });
    expect((await call("lead1@moked.local", "POST", `/escalations/${esc.id}/take`)).json().error.code).toBe("escalation_not_open");
    expect((await call("agent11@moked.local", "GET", `/escalations?interactionId=${id}`)).json().items[0].status).toBe("taken");
    const closed = await call(lead, "POST", `/escalations/${esc.id}/close`, { resolution: "ניתן זיכוי" });
    expect(closed.json().escalation).toMatchObject({ status: "closed", resolution: "ניתן זיכוי" });
    expect((await call(lead, "GET", "/escalations")).json().items).toEqual([]);
    expect((await call(lead, "GET", "/escalations?status=closed")).json().items.map((e: { id: string }) => e.id)).toContain(esc.id);
    expect(events.at(-1)!.payload.escalation).toMatchObject({ status: "closed" });
    stop();

    // Transfer to a colleague: only those logged in who serve the line are offered.
    await call("agent7@moked.local", "PUT", "/agents/me/state", { state: "available" });
    await call("agent2@moked.local", "PUT", "/agents/me/state", { state: "available" });
    const targets = (await call("agent11@moked.local", "GET", `/interactions/${id}/transfer-agents`)).json().items as Array<{ agentId: string; name: string; languages: string[] }>;
    expect(targets.map((a) => a.name)).toContain("עומר גבאי");
    expect(targets.map((a) => a.agentId)).not.toContain(t.userId("agent11@moked.local"));
    expect(targets.map((a) => a.agentId)).not.toContain(t.userId("agent2@moked.local"));
    expect(targets.find((a) => a.name === "עומר גבאי")!.languages).toEqual(["he", "en"]);
    expect((await call("agent11@moked.local", "GET", `/interactions/${id}`)).json().transfer).toBeNull();
    const tooLong = await call("agent11@moked.local", "POST", `/interactions/${id}/transfer`, { agentId: t.userId("agent7@moked.local"), reason: "x".repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBeTruthy();
    const note = "  מבקש לבטל את המנוי, כבר אימתתי את הזהות  ";
    expect((await call("agent11@moked.local", "POST", `/interactions/${id}/transfer`, { agentId: t.userId("agent7@moked.local"), reason: note })).statusCode).toBe(200);
    await until(async () => (await call("agent7@moked.local", "GET", "/agents/me")).json().agent.work.some((w: { interactionId: string; status: string }) => w.interactionId === id && w.status === "offered"));
    // The colleague who is offered it reads who passed it on and the note they left.
    const handedOver = (await call("agent7@moked.local", "GET", `/interactions/${id}`)).json().transfer;
    expect(handedOver).toMatchObject({ fromAgentId: t.userId("agent11@moked.local"), fromAgentName: "David Miller", byName: "David Miller", reason: note.trim() });
    const history = (await call("agent7@moked.local", "GET", `/interactions/${id}/events`)).json().items as Array<{ type: string; agentId: string | null; data: Record<string, unknown> }>;
    expect(history.find((e) => e.type === "interaction.transferred")).toMatchObject({ agentId: t.userId("agent7@moked.local"), data: { reason: note.trim() } });
    // Another line's agent reads neither the contact nor its note.
    expect((await call("agent2@moked.local", "GET", `/interactions/${id}`)).statusCode).toBe(404);
    for (const a of ["agent2", "agent7"]) await call(`${a}@moked.local`, "PUT", "/agents/me/state", { state: "offline" });
  });
});

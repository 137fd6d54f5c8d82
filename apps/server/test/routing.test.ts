import type { LiveEvent } from "@moked/contracts";
import { interactions } from "@moked/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./harness";

describe("routing through the API", () => {
  let t: TestApp;
  let admin: string;
  let agent4: string; // serves bayit-mortgage, kolbo-retail, sky-tours; speaks Hebrew
  let agent2: string; // does not serve sky-tours
  let queueId: string;
  const live: LiveEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login("admin@moked.local");
    agent4 = await t.login("agent4@moked.local");
    agent2 = await t.login("agent2@moked.local");
    t.bus.subscribe((e) => live.push(e));
    const queues = (await call("GET", "/api/v1/queues", admin)).json().items as Array<{ id: string; tenantId: string }>;
    queueId = queues.find((q) => q.tenantId === t.tenantId("sky-tours"))!.id;
  });
  afterAll(() => t.close());

  const call = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, cookie: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const newCall = (externalId: string, extra: Record<string, unknown> = {}) =>
    call("POST", "/api/v1/interactions", admin, { tenantId: t.tenantId("sky-tours"), queueId, channel: "voice", topic: "billing", externalId, requiredSkills: [{ skill: "lang:he" }], ...extra });

  it("each client line has its queue, and a client viewer sees only its own", async () => {
    expect((await call("GET", "/api/v1/queues", admin)).json().items).toHaveLength(6);
    const viewer = await t.login("viewer.travel@moked.local");
    const mine = (await call("GET", "/api/v1/queues", viewer)).json().items as Array<{ tenantId: string }>;
    expect(mine.map((q) => q.tenantId)).toEqual([t.tenantId("sky-tours")]);
  });

  it("offers a call to the available agent who serves the line, who answers, ends and wraps it up", async () => {
    expect((await call("PUT", "/api/v1/agents/me/state", agent4, { state: "available" })).json().agent).toMatchObject({ presence: "available", activity: "available" });

    const created = await newCall("pbx-0001");
    expect(created.statusCode).toBe(201);
    const interaction = created.json().interaction;
    expect(interaction).toMatchObject({ status: "offered", agentId: t.userId("agent4@moked.local"), topic: "billing", externalId: "pbx-0001" });
    expect(new Date(interaction.deadlineAt).getTime() - new Date(interaction.arrivedAt).getTime()).toBe(6 * 60_000);

    // A retried request (same external id) returns the same contact, not a second one.
    const again = await newCall("pbx-0001");
    expect(again.statusCode).toBe(200);
    expect(again.json().interaction.id).toBe(interaction.id);

    // The offer went to that agent only (and to supervisors), never to the whole line.
    const offers = live.filter((e) => e.type === "routing.interaction.offered" && e.payload.interactionId === interaction.id);
    expect(offers.map((e) => e.audience)).toEqual([{ userId: t.userId("agent4@moked.local") }, { roles: ["admin", "center_manager", "shift_manager", "team_leader"] }]);

    expect((await call("POST", `/api/v1/interactions/${interaction.id}/accept`, agent4)).statusCode).toBe(200);
    expect((await call("GET", "/api/v1/agents/me", agent4)).json().agent.activity).toBe("busy");
    expect((await call("POST", `/api/v1/interactions/${interaction.id}/wrap-up`, agent4, { code: "booking-changed", notes: "moved the flight to Sunday" })).statusCode).toBe(200);
    const [stored] = await t.db.db.select().from(interactions).where(eq(interactions.id, interaction.id));
    expect(stored!.data).toMatchObject({ wrapUpNotes: "moved the flight to Sunday" });

    const done = (await call("GET", `/api/v1/interactions/${interaction.id}`, admin)).json().interaction;
    expect(done).toMatchObject({ status: "ended", finalState: "answered", wrapUpCode: "booking-changed", deadlineBreached: false });
    const events = (await call("GET", `/api/v1/interactions/${interaction.id}/events`, admin)).json().items.map((e: { type: string }) => e.type);
    expect(events).toEqual(["interaction.arrived", "interaction.offered", "interaction.answered", "interaction.completed", "interaction.wrapped_up"]);
    expect((await call("GET", "/api/v1/agents/me", agent4)).json().agent).toMatchObject({ activity: "available", handledToday: 1 });
  });

  it("keeps a contact waiting with its place and expected wait while no agent is free, and counts it on the wallboard", async () => {
    await call("PUT", "/api/v1/agents/me/state", agent4, { state: "not_ready", reason: "break" });
    const first = (await newCall("pbx-0002")).json().interaction;
    const second = (await newCall("pbx-0003")).json().interaction;
    expect(first).toMatchObject({ status: "waiting", position: 1 });
    expect(second).toMatchObject({ status: "waiting", position: 2 });
    expect(second.expectedWaitSeconds).toBeGreaterThan(0);
    const stats = (await call("GET", "/api/v1/queues/stats", admin)).json().items.find((s: { queueId: string }) => s.queueId === queueId);
    expect(stats).toMatchObject({ waiting: 2, offeredToday: 3, answeredToday: 1, handledToday: 1 });
    const waiting = (await call("GET", `/api/v1/queues/${queueId}/waiting`, admin)).json().items;
    expect(waiting.map((w: { interactionId: string }) => w.interactionId)).toEqual([first.id, second.id]);

    // The caller hangs up: an abandon, the contact's one final state.
    expect((await call("POST", `/api/v1/interactions/${second.id}/hangup`, admin)).statusCode).toBe(200);
    expect((await call("GET", `/api/v1/interactions/${second.id}`, admin)).json().interaction).toMatchObject({ status: "ended", finalState: "abandoned" });

    // A supervisor moves the first to a named agent; it is offered when that agent becomes available.
    expect((await call("POST", `/api/v1/interactions/${first.id}/transfer`, admin, { agentId: t.userId("agent4@moked.local") })).statusCode).toBe(200);
    await call("PUT", "/api/v1/agents/me/state", agent4, { state: "available" });
    expect((await call("GET", `/api/v1/interactions/${first.id}`, admin)).json().interaction.status).toBe("offered");
    expect((await call("POST", `/api/v1/interactions/${first.id}/reject`, agent4, { reason: "headset" })).statusCode).toBe(200);
    expect((await call("GET", "/api/v1/agents/me", agent4)).json().agent).toMatchObject({ presence: "not_ready", reason: "missed_offer" });
  });

  it("keeps every action inside the wall of the lines one serves", async () => {
    const id = (await newCall("pbx-0004")).json().interaction.id;
    // agent2 does not serve sky-tours: the contact does not exist for them.
    expect((await call("GET", `/api/v1/interactions/${id}`, agent2)).statusCode).toBe(404);
    expect((await call("POST", `/api/v1/interactions/${id}/accept`, agent2)).statusCode).toBe(404);
    const viewerBank = await t.login("viewer.banking@moked.local");
    expect((await call("GET", `/api/v1/interactions/${id}`, viewerBank)).statusCode).toBe(404);
    expect((await call("GET", "/api/v1/interactions", viewerBank)).json().items).toEqual([]);
    const viewerTravel = await t.login("viewer.travel@moked.local");
    expect((await call("GET", `/api/v1/interactions/${id}`, viewerTravel)).statusCode).toBe(200);
    // Nor may an agent put contacts into another line's queue.
    const foreign = await call("POST", "/api/v1/interactions", agent2, { tenantId: t.tenantId("sky-tours"), queueId, channel: "chat" });
    expect(foreign.statusCode).toBe(404);
    // Accepting what was not offered to you is a conflict, with a clear message.
    const notOffered = await call("POST", `/api/v1/interactions/${id}/accept`, agent4);
    expect(notOffered.statusCode).toBe(409);
    expect(notOffered.json().error.code).toBe("routing_conflict");
  });

  it("rejects bad input with a machine-readable code", async () => {
    const badChannel = await call("POST", "/api/v1/interactions", admin, { tenantId: t.tenantId("sky-tours"), queueId, channel: "pigeon" });
    expect(badChannel.statusCode).toBe(400);
    expect(badChannel.json().error.code).toBe("validation_error");
    const otherLinesQueue = await call("POST", "/api/v1/interactions", admin, { tenantId: t.tenantId("bayit-mortgage"), queueId, channel: "voice" });
    expect(otherLinesQueue.json().error.code).toBe("unknown_queue");
    const badStep = await call("POST", "/api/v1/queues", admin, {
      tenantId: t.tenantId("sky-tours"),
      name: "loop",
      settings: { steps: [{ target: { kind: "queue", queueId: "00000000-0000-4000-8000-000000000000" } }] },
    });
    expect(badStep.statusCode).toBe(400);
    expect(badStep.json().error.code).toBe("unknown_queue");
    const needsReason = await call("PUT", "/api/v1/agents/me/state", agent4, { state: "not_ready" });
    expect(needsReason.statusCode).toBe(400);
  });

  it("an admin changes a queue's routing and it applies at once; the change is audited", async () => {
    const res = await call("PATCH", `/api/v1/queues/${queueId}`, admin, { settings: { strategy: "round_robin", steps: [{ target: { kind: "skills" } }] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().queue.settings).toMatchObject({ strategy: "round_robin", wrapUpSeconds: 15 });
    const audit = (await call("GET", "/api/v1/audit", admin)).json().items as Array<{ action: string }>;
    expect(audit.some((a) => a.action === "queue.updated")).toBe(true);
  });
});

// The wall around contacts and queues holds with the query filters alone as well, so neither wall can go.
describe.each([{ disableRls: false }, { disableRls: true }])("contacts and queues of one line are invisible to another (RLS disabled: $disableRls)", ({ disableRls }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    if (disableRls) await t.db.exec(["queues", "interactions", "interaction_events"].map((x) => `ALTER TABLE ${x} DISABLE ROW LEVEL SECURITY;`).join("\n"));
  });
  afterAll(() => t.close());

  it("a client viewer sees its own line's contacts, queues and events, and 404 for the others'", async () => {
    const admin = await t.login("admin@moked.local");
    const get = (url: string, cookie: string) => t.app.inject({ method: "GET", url, headers: { cookie } });
    const queues = (await get("/api/v1/queues", admin)).json().items as Array<{ id: string; tenantId: string }>;
    const bankQueue = queues.find((q) => q.tenantId === t.tenantId("bayit-mortgage"))!;
    const created = await t.app.inject({ method: "POST", url: "/api/v1/interactions", headers: { cookie: admin }, payload: { tenantId: bankQueue.tenantId, queueId: bankQueue.id, channel: "email" } });
    const id = created.json().interaction.id as string;

    const travel = await t.login("viewer.travel@moked.local");
    for (const url of [`/api/v1/interactions/${id}`, `/api/v1/interactions/${id}/events`, `/api/v1/queues/${bankQueue.id}`]) expect((await get(url, travel)).statusCode, url).toBe(404);
    expect((await get("/api/v1/interactions", travel)).json().items).toEqual([]);
    expect(((await get("/api/v1/queues/stats", travel)).json().items as Array<{ tenantId: string }>).every((s) => s.tenantId === t.tenantId("sky-tours"))).toBe(true);

    const bank = await t.login("viewer.banking@moked.local");
    expect((await get(`/api/v1/interactions/${id}`, bank)).statusCode).toBe(200);
    expect(((await get(`/api/v1/interactions/${id}/events`, bank)).json().items as unknown[]).length).toBeGreaterThan(0);
    expect((await get("/api/v1/interactions", bank)).json().items.map((i: { id: string }) => i.id)).toEqual([id]);
  });
});

describe("reports from routed contacts", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("gives a line its queue figures and answer-time compliance, as JSON and CSV, and nothing of other lines", async () => {
    const admin = await t.login("admin@moked.local");
    const agent = await t.login("agent4@moked.local");
    const call = (method: "GET" | "POST" | "PUT", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const sky = t.tenantId("sky-tours");
    const queueId = ((await call("GET", "/api/v1/queues", admin)).json().items as Array<{ id: string; tenantId: string }>).find((q) => q.tenantId === sky)!.id;
    const from = new Date(Date.now() - 3_600_000).toISOString();

    await call("PUT", "/api/v1/agents/me/state", agent, { state: "available" });
    const answered = (await call("POST", "/api/v1/interactions", admin, { tenantId: sky, queueId, channel: "voice", topic: "fault" })).json().interaction.id;
    await call("POST", `/api/v1/interactions/${answered}/accept`, agent);
    await call("POST", `/api/v1/interactions/${answered}/wrap-up`, agent, { code: "ok" });
    const abandoned = (await call("POST", "/api/v1/interactions", admin, { tenantId: sky, queueId, channel: "voice", topic: "general" })).json().interaction.id;
    await call("POST", `/api/v1/interactions/${abandoned}/hangup`, admin);

    const to = new Date(Date.now() + 60_000).toISOString();
    const period = `tenantId=${sky}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const metrics = await call("GET", `/api/v1/reports/queues?${period}&interval=15`, admin);
    expect(metrics.statusCode).toBe(200);
    const total = (metrics.json().items as Array<{ interval: string; queueId: string }>).find((r) => r.interval === "total" && r.queueId === queueId);
    expect(total).toMatchObject({ offered: 2, answered: 1, abandoned: 1, shortAbandoned: 1, serviceLevel: 1 });

    const compliance = await call("GET", `/api/v1/reports/compliance?${period}`, admin);
    expect(compliance.json()).toMatchObject({ voiceContacts: 2, obligated: 1, answeredInTime: 1, share: 1, endedBeforeLimit: 1, breaches: [] });
    const csv = await call("GET", `/api/v1/reports/compliance?${period}&format=csv`, admin);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split(/\r?\n/)[2]).toBe("interaction_id,queue_id,arrived_at,topic,limit_seconds,wait_seconds,outcome");

    // The line's own viewer reads it; another line's viewer gets 404, as for a line that does not exist.
    expect((await call("GET", `/api/v1/reports/compliance?${period}`, await t.login("viewer.travel@moked.local"))).statusCode).toBe(200);
    expect((await call("GET", `/api/v1/reports/compliance?${period}`, await t.login("viewer.banking@moked.local"))).statusCode).toBe(404);
    expect((await call("GET", `/api/v1/reports/queues?${period}`, agent)).statusCode).toBe(403);
    const backwards = await call("GET", `/api/v1/reports/compliance?tenantId=${sky}&from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, admin);
    expect(backwards.json().error.code).toBe("invalid_period");
  });
});

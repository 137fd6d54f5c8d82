import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { callbackRequests, interactions } from "@moked/db";
import { requestCallback } from "../src/channels/callbacks";
import { attemptInteractionId } from "../src/voice/callback-attempts";
import { startTestApp, until, type TestApp } from "./harness";
import { freeUdpPort, runSipp, scenario } from "./voice/sipp";

// A customer promised a call-back gets one: a call-back filed by an agent without a call placed goes back
// into the queue, ahead of the contacts that came after it — on a line whose trunk the desk can dial.
let t: TestApp;
let agent: string;

async function api(cookie: string, method: "GET" | "PUT" | "POST", url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  return { status: res.statusCode, body: (res.body ? res.json() : null) as Record<string, any> };
}

const statusOf = async (id: string) => (await api(agent, "GET", `/interactions/${id}`)).body?.interaction?.status as string | undefined;

async function callback(slug: string, phone: string): Promise<string> {
  const { row } = await requestCallback(t.db.db, t.tenantId(slug), { name: "לקוח", phone, windowFrom: new Date(), windowTo: null, marketingConsent: false });
  return attemptInteractionId(row.id, row.attempts + 1);
}

/** Takes the offered contact and files it at once: no call placed. */
async function fileWithoutCalling(id: string): Promise<void> {
  await until(async () => (await statusOf(id)) === "offered");
  expect((await api(agent, "POST", `/interactions/${id}/accept`)).status).toBe(200);
  expect((await api(agent, "POST", `/interactions/${id}/complete`)).status).toBe(200);
  expect((await api(agent, "POST", `/interactions/${id}/wrap-up`, { code: "info-given" })).status).toBe(200);
}

beforeAll(async () => {
  const trunkPort = await freeUdpPort();
  t = await startTestApp({ VOICE_SIP_PORT: "0", HOST: "127.0.0.1", VOICE_LINES: "+972-3-555-1234=sky-tours", VOICE_TRUNKS: `sky-tours=127.0.0.1:${trunkPort}`, OUTBOX_POLL_MS: "200" });
  agent = await t.login("agent4@moked.local");
  expect((await api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);
}, 150_000);

afterAll(() => t?.close());

describe("a call-back filed without a call", () => {
  it("a caller who kept their place has a call-back request from the moment they hang up; filed without a call, they come back into the queue as a call-back with it", async () => {
    expect((await api(agent, "PUT", "/agents/me/state", { state: "not_ready", reason: "break" })).status).toBe(200);
    // The caller had already asked on the web to be called back in an hour: keeping their place is the same promise.
    const { row: web } = await requestCallback(t.db.db, t.tenantId("sky-tours"), { name: "לקוח", phone: "+972501234567", windowFrom: new Date(Date.now() + 3_600_000), windowTo: null, marketingConsent: false });
    const caller = await runSipp({ scenarioFile: scenario("caller"), target: `127.0.0.1:${t.voice!.port}`, service: "035551234", vars: { keep: 1 } });
    expect((await caller.done).code, (await caller.done).output).toBe(0);
    const [kept] = await t.db.db.select().from(interactions).where(and(eq(interactions.channel, "voice"), eq(interactions.tenantId, t.tenantId("sky-tours"))));
    expect(kept!.data).toMatchObject({ customerPhone: "+972501234567" });
    // The promise is on record as soon as the caller chose it (what a restart would find).
    const requestOf = async () => (await t.db.db.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, t.tenantId("sky-tours")), eq(callbackRequests.phone, "+972501234567"))))[0];
    expect(await requestOf()).toMatchObject({ id: web.id, status: "routed", attempts: 0, interactionId: kept!.id, requests: 2 });
    expect(await t.db.db.select().from(callbackRequests).where(eq(callbackRequests.phone, "+972501234567"))).toHaveLength(1);

    expect((await api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);
    await fileWithoutCalling(kept!.id);
    const again = attemptInteractionId(kept!.id, 2);
    await until(async () => (await statusOf(again)) === "offered");
    const [row] = await t.db.db.select().from(interactions).where(eq(interactions.id, again));
    expect(row).toMatchObject({ channel: "callback", externalId: `refiled:${kept!.id}`, arrivedAt: kept!.arrivedAt });
    expect(row!.data).toMatchObject({ customerPhone: "+972501234567", refiledFrom: kept!.id, language: "he" });
    expect(await requestOf()).toMatchObject({ status: "routed", attempts: 0, interactionId: again });
    expect(await t.db.db.select().from(interactions).where(eq(interactions.externalId, `refiled:${kept!.id}`))).toHaveLength(1);

    // Out of the way of the next test: the line's system ends it (nobody left waiting).
    const admin = await t.login("admin@moked.local");
    expect((await api(admin, "POST", `/interactions/${again}/hangup`)).status).toBe(200);
  }, 150_000);

  it("goes back into the queue with its request, keeps its place ahead of later call-backs, and stays behind its line's wall; on a line without a trunk, filing it means the agent called from elsewhere", async () => {
    // kolbo-retail has no trunk: the agent called from elsewhere, and filing it is the end of it (the request is
    // closed as reached: callback-outcomes.test.ts).
    const kolbo = await callback("kolbo-retail", "+972501110021");
    await fileWithoutCalling(kolbo);

    // Two call-backs on sky-tours, in this order; the agent takes the first and files it without calling.
    const first = await callback("sky-tours", "+972501110022");
    await until(async () => (await statusOf(first)) === "offered");
    const second = await callback("sky-tours", "+972501110023");
    await until(async () => (await statusOf(second)) === "waiting");
    await fileWithoutCalling(first);

    // It is back, as a new call-back contact that arrived when the first did: offered before the second.
    const again = attemptInteractionId(first, 2);
    await until(async () => (await statusOf(again)) === "offered");
    expect(await statusOf(second)).toBe("waiting");
    const [row] = await t.db.db.select().from(interactions).where(eq(interactions.id, again));
    const [original] = await t.db.db.select().from(interactions).where(eq(interactions.id, first));
    expect(row).toMatchObject({ tenantId: t.tenantId("sky-tours"), channel: "callback", externalId: `refiled:${first}`, arrivedAt: original!.arrivedAt });
    expect(row!.data).toMatchObject({ customerPhone: "+972501110022", refiledFrom: first });
    // The request follows it, still open, no attempt counted (none was made).
    const [request] = await t.db.db.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, t.tenantId("sky-tours")), eq(callbackRequests.phone, "+972501110022")));
    expect(request).toMatchObject({ status: "routed", attempts: 0, interactionId: again });

    // Another line's agent does not see it.
    const outsider = await t.login("agent2@moked.local");
    expect([403, 404]).toContain((await api(outsider, "GET", `/interactions/${again}`)).status);

    // The call-back without a trunk was not put back.
    expect(await t.db.db.select().from(interactions).where(eq(interactions.id, attemptInteractionId(kolbo, 2)))).toEqual([]);
  }, 120_000);
});

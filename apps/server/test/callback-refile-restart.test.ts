import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { callbackRequests, interactions, queues, tenants } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { buildApp, type MokedApp } from "../src/app";
import { requestCallback } from "../src/channels/callbacks";
import { loadConfig } from "../src/core/config";
import { createInProcessBus } from "../src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../src/seed/demo";
import { attemptInteractionId } from "../src/voice/callback-attempts";
import { until } from "./harness";
import { freeUdpPort } from "./voice/sipp";

// "A crash or restart never loses a waiting contact": a call-back filed without a call while nothing put it
// back (here the voice gateway is not running at all) is back in the queue, once, when the server restarts
// on the same database. And with no wrap-up time, the one put back is still offered before a later call-back.
let db: TestDatabase;
let moked: MokedApp | null = null;
let dataDir: string;
let skyTours: string;

async function boot(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ MOKED_DATA_DIR: dataDir, LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", HOST: "127.0.0.1", OUTBOX_POLL_MS: "200", ...env });
  moked = await buildApp({ config, db: db.db, bus: createInProcessBus() });
  await moked.app.ready();
}

async function login(email: string): Promise<string> {
  const res = await moked!.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password: DEMO_PASSWORD } });
  return `moked_session=${res.cookies.find((c) => c.name === "moked_session")!.value}`;
}

async function api(cookie: string, method: "GET" | "PUT" | "POST" | "PATCH", url: string, payload?: unknown) {
  const res = await moked!.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  return { status: res.statusCode, body: (res.body ? res.json() : null) as Record<string, any> };
}

async function callback(phone: string): Promise<string> {
  const { row } = await requestCallback(db.db, skyTours, { name: "לקוח", phone, windowFrom: new Date(), windowTo: null, marketingConsent: false });
  return attemptInteractionId(row.id, row.attempts + 1);
}

const refiledRows = (from: string) => db.db.select().from(interactions).where(and(eq(interactions.tenantId, skyTours), eq(interactions.externalId, `refiled:${from}`)));

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoCenter(db.db);
  dataDir = mkdtempSync(join(tmpdir(), "moked-refile-"));
  skyTours = (await db.db.select().from(tenants).where(eq(tenants.slug, "sky-tours")))[0]!.id;
}, 150_000);

afterAll(async () => {
  await moked?.app.close();
  await db?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a call-back filed without a call, across a restart", () => {
  it("is put back once when the server comes back; with no wrap-up time, the one put back is offered before a later call-back", async () => {
    // The line has a trunk but no voice gateway runs: the desk files the call-back, nothing puts it back (as
    // a crash between the completion's commit and the put-back would leave it), and the promise stays open.
    await boot({ VOICE_LINES: "+972-3-555-1234=sky-tours", VOICE_TRUNKS: "sky-tours=127.0.0.1:9" });
    let agent = await login("agent4@moked.local");
    expect((await api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);
    const first = await callback("+972501110031");
    const statusOf = async (id: string) => (await api(agent, "GET", `/interactions/${id}`)).body?.interaction?.status as string | undefined;
    await until(async () => (await statusOf(first)) === "offered");
    expect((await api(agent, "POST", `/interactions/${first}/accept`)).status).toBe(200);
    expect((await api(agent, "POST", `/interactions/${first}/complete`)).status).toBe(200);
    expect((await api(agent, "POST", `/interactions/${first}/wrap-up`, { code: "info-given" })).status).toBe(200);
    expect(await refiledRows(first)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await db.db.select().from(callbackRequests).where(eq(callbackRequests.interactionId, first)))[0]).toMatchObject({ status: "routed" });
    await moked!.app.close();

    // The server comes back with the gateway and the line's trunk: the promise is found and kept, once.
    const trunkPort = await freeUdpPort();
    await boot({ VOICE_SIP_PORT: "0", VOICE_LINES: "+972-3-555-1234=sky-tours", VOICE_TRUNKS: `sky-tours=127.0.0.1:${trunkPort}` });
    agent = await login("agent4@moked.local");
    const again = attemptInteractionId(first, 2);
    await until(async () => (await statusOf(again)) !== undefined);
    const [original] = await db.db.select().from(interactions).where(eq(interactions.id, first));
    expect(await refiledRows(first)).toMatchObject([{ id: again, channel: "callback", arrivedAt: original!.arrivedAt }]);
    const [request] = await db.db.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, skyTours), eq(callbackRequests.phone, "+972501110031")));
    expect(request).toMatchObject({ status: "routed", attempts: 0, interactionId: again });

    // No wrap-up time on the line's queue: the agent is free the moment they end a contact.
    const admin = await login("admin@moked.local");
    const [queue] = await db.db.select().from(queues).where(eq(queues.tenantId, skyTours));
    const patch = await api(admin, "PATCH", `/queues/${queue!.id}`, { settings: { ...(queue!.config as object), wrapUpSeconds: 0 } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    expect((await api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);
    await until(async () => (await statusOf(again)) === "offered");
    const later = await callback("+972501110032");
    await until(async () => (await statusOf(later)) === "waiting");
    // The agent files the one put back, again without calling: it goes back once more, ahead of the later one.
    expect((await api(agent, "POST", `/interactions/${again}/accept`)).status).toBe(200);
    expect((await api(agent, "POST", `/interactions/${again}/complete`)).status).toBe(200);
    const third = attemptInteractionId(again, 2);
    await until(async () => (await statusOf(third)) === "offered");
    expect(await statusOf(later)).toBe("waiting");
    expect(await refiledRows(again)).toHaveLength(1);
    expect(await refiledRows(first)).toHaveLength(1);
  }, 180_000);
});

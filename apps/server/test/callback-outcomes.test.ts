import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { callbackRequests, interactionEvents, outbox, tenants } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { buildApp, type MokedApp } from "../src/app";
import { requestCallback } from "../src/channels/callbacks";
import { loadConfig } from "../src/core/config";
import { createInProcessBus } from "../src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../src/seed/demo";
import { attemptInteractionId } from "../src/voice/callback-attempts";
import { until } from "./harness";

// A call-back on a line the desk cannot dial (kolbo-retail has no trunk): the agent calls from elsewhere and
// says how it went by how they end the contact. The customer's request follows — reached closes it, not reached
// schedules the next attempt by the line's policy with the SMS, the last miss closes it — so a later request
// from the same phone is a new one that reaches an agent, not merged into a promise nobody will keep.
let db: TestDatabase;
let moked: MokedApp | null = null;
let dataDir: string;
let kolbo: string;
let agent: string;

async function boot(): Promise<void> {
  const config = loadConfig({ MOKED_DATA_DIR: dataDir, LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", HOST: "127.0.0.1", OUTBOX_POLL_MS: "200" });
  moked = await buildApp({ config, db: db.db, bus: createInProcessBus() });
  await moked.app.ready();
  const res = await moked.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "agent4@moked.local", password: DEMO_PASSWORD } });
  agent = `moked_session=${res.cookies.find((c) => c.name === "moked_session")!.value}`;
  expect((await api("PUT", "/agents/me/state", { state: "available" })).status).toBe(200);
}

async function api(method: "GET" | "PUT" | "POST", url: string, payload?: unknown) {
  const res = await moked!.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: agent }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  return { status: res.statusCode, body: (res.body ? res.json() : null) as Record<string, any> };
}

const statusOf = async (id: string) => (await api("GET", `/interactions/${id}`)).body?.interaction?.status as string | undefined;
const requestRow = async (id: string) => (await db.db.select().from(callbackRequests).where(eq(callbackRequests.id, id)))[0]!;
const ask = (phone: string) => requestCallback(db.db, kolbo, { name: "רחל כהן", phone, windowFrom: new Date(), windowTo: null, marketingConsent: false });

/** Takes the offered contact, ends it as `how` (`complete`: reached; `not-reached`) and files a wrap-up code. */
async function endAs(id: string, how: "complete" | "not-reached"): Promise<void> {
  await until(async () => (await statusOf(id)) === "offered");
  expect((await api("POST", `/interactions/${id}/accept`)).status).toBe(200);
  expect((await api("POST", `/interactions/${id}/${how}`)).status).toBe(200);
  expect((await api("POST", `/interactions/${id}/wrap-up`, { code: "info-given" })).status).toBe(200);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoCenter(db.db);
  dataDir = mkdtempSync(join(tmpdir(), "moked-cb-outcomes-"));
  kolbo = (await db.db.select().from(tenants).where(eq(tenants.slug, "kolbo-retail")))[0]!.id;
  await boot();
}, 150_000);

afterAll(async () => {
  await moked?.app.close();
  await db?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a call-back on a line without a trunk", () => {
  it("ended as reached closes the customer's request: the 360 view shows nothing open, and their next request is a new one that reaches an agent", async () => {
    const { row: first } = await ask("+972501110041");
    await endAs(first.id, "complete");
    await until(async () => (await requestRow(first.id)).status === "reached");
    expect(await requestRow(first.id)).toMatchObject({ status: "reached", attempts: 1, interactionId: first.id });
    const view = await api("GET", `/interactions/${first.id}/customer`);
    expect(view.status).toBe(200);
    expect((view.body.openCases as Array<{ kind: string }>).filter((c) => c.kind === "callback")).toEqual([]);

    // The same customer asks again: not merged into the kept promise, routed, offered.
    const { row: second, merged } = await ask("+972501110041");
    expect(merged).toBe(false);
    expect(second.id).not.toBe(first.id);
    await until(async () => (await statusOf(second.id)) === "offered");
    await endAs(second.id, "complete");
    await until(async () => (await requestRow(second.id)).status === "reached");
  }, 60_000);

  it("ended as not reached is tried again after the line's spacing with an SMS each time, and closed as unreached after the last attempt", async () => {
    const { row } = await ask("+972501110042");
    let contact = row.id;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = Date.now();
      await endAs(contact, "not-reached");
      if (attempt < 3) {
        await until(async () => (await requestRow(row.id)).status === "scheduled");
        const r = await requestRow(row.id);
        expect(r).toMatchObject({ status: "scheduled", attempts: attempt });
        // The line's default policy: 3 attempts, 30 minutes apart.
        expect(r.windowFrom.getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000);
        expect(r.windowFrom.getTime()).toBeLessThan(Date.now() + 30 * 60_000 + 1_000);
      } else {
        await until(async () => (await requestRow(row.id)).status === "unreached");
        expect(await requestRow(row.id)).toMatchObject({ status: "unreached", attempts: 3 });
      }
      // One SMS per missed attempt, in the line's language, to the customer; on the contact's history too.
      const sms = await db.db.select().from(outbox).where(and(eq(outbox.tenantId, kolbo), eq(outbox.destination, "+972501110042")));
      expect(sms).toHaveLength(attempt);
      expect(sms[attempt - 1]!.payload).toMatchObject({ medium: "sms", kind: "missed_callback", interactionId: contact, language: "he" });
      expect(String((sms[attempt - 1]!.payload as { text: string }).text)).toContain("ניסינו לחזור אליך");
      const history = await db.db.select().from(interactionEvents).where(and(eq(interactionEvents.interactionId, contact), eq(interactionEvents.type, "outbound.sms_queued")));
      expect(history.map((e) => e.tenantId)).toEqual([kolbo]);
      if (attempt < 3) {
        // The next attempt is due now (instead of in 30 minutes): routed again, to be offered.
        await db.db.update(callbackRequests).set({ windowFrom: new Date() }).where(eq(callbackRequests.id, row.id));
        contact = attemptInteractionId(row.id, attempt + 1);
      }
    }
    // Closed: nothing more is routed for it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await statusOf(attemptInteractionId(row.id, 4))).toBeUndefined();
  }, 90_000);

  it("a request left open by a crash (or by an earlier version) is settled when the server starts", async () => {
    const { row } = await ask("+972501110043");
    await endAs(row.id, "complete");
    await until(async () => (await requestRow(row.id)).status === "reached");
    // As the request would have stood had the server stopped between the completion and the settling.
    await db.db.update(callbackRequests).set({ status: "routed", attempts: 0, lastAttemptAt: null }).where(eq(callbackRequests.id, row.id));
    await moked!.app.close();
    moked = null;
    await boot();
    await until(async () => (await requestRow(row.id)).status === "reached");
    expect(await requestRow(row.id)).toMatchObject({ status: "reached", attempts: 1 });
    // Settled once: another look changes nothing.
    const reached = await db.db.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, kolbo), eq(callbackRequests.status, "reached")));
    expect(reached.map((r) => r.attempts)).toEqual([1, 1, 1]);
  }, 60_000);
});

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { RecordingSearchQuery } from "@moked/contracts";
import { auditLog, callRecordings, tenantsScope } from "@moked/db";
import { RecordingPurge } from "../src/voice/recording-retention";
import { searchRecordings } from "../src/voice/recording-search";
import { startTestApp, type TestApp } from "./harness";

const DAY = 86_400_000;
let t: TestApp;
let dataDir: string;
let skyTours: string;
let galil: string;
let shift: string;

/** A recording row with a file of `bytes` recognisable bytes (byte i is i mod 251) under the data directory. */
async function recording(values: { tenantId: string; agentId?: string | null; direction?: "inbound" | "outbound"; startedAt: Date; durationMs?: number; bytes?: number }) {
  const interactionId = crypto.randomUUID();
  const file = join("voice", "recordings", values.tenantId, `${interactionId}.wav`);
  const bytes = values.bytes ?? 1000;
  mkdirSync(dirname(join(dataDir, file)), { recursive: true });
  writeFileSync(join(dataDir, file), Buffer.from(Array.from({ length: bytes }, (_, i) => i % 251)));
  const [row] = await t.db.db
    .insert(callRecordings)
    .values({ tenantId: values.tenantId, interactionId, agentId: values.agentId ?? null, direction: values.direction ?? "inbound", file, startedAt: values.startedAt, durationMs: values.durationMs ?? 60_000, bytes })
    .returning();
  return row!;
}

const get = (url: string, cookie: string, headers: Record<string, string> = {}) => t.app.inject({ method: "GET", url: `/api/v1${url}`, headers: { cookie, ...headers } });
const ids = (res: { json(): { items: Array<{ id: string }> } }) => res.json().items.map((r) => r.id);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "moked-recordings-"));
  t = await startTestApp({ MOKED_DATA_DIR: dataDir });
  skyTours = t.tenantId("sky-tours");
  galil = t.tenantId("galil-motors");
  shift = await t.login("shift@moked.local");
}, 150_000);

afterAll(async () => {
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the recordings search", () => {
  it("filters by line, agent, period, length and direction, newest first, a page at a time with the total", async () => {
    const agent = t.userId("agent4@moked.local");
    const base = Date.parse("2026-11-01T08:00:00Z");
    const a = await recording({ tenantId: skyTours, agentId: agent, startedAt: new Date(base), durationMs: 30_000 });
    const b = await recording({ tenantId: skyTours, agentId: agent, direction: "outbound", startedAt: new Date(base + 3_600_000), durationMs: 240_000 });
    const c = await recording({ tenantId: skyTours, agentId: null, startedAt: new Date(base + 7_200_000), durationMs: 90_400 });
    const g = await recording({ tenantId: galil, agentId: agent, startedAt: new Date(base + 1_800_000), durationMs: 60_000 });
    const period = `from=${encodeURIComponent("2026-11-01T00:00:00Z")}&to=${encodeURIComponent("2026-11-02T00:00:00Z")}`;

    expect(ids(await get(`/recordings?${period}`, shift))).toEqual([c.id, b.id, g.id, a.id]);
    expect(ids(await get(`/recordings?${period}&tenantId=${skyTours}`, shift))).toEqual([c.id, b.id, a.id]);
    expect(ids(await get(`/recordings?${period}&agentId=${agent}`, shift))).toEqual([b.id, g.id, a.id]);
    expect(ids(await get(`/recordings?${period}&direction=outbound`, shift))).toEqual([b.id]);
    // 90.4 s is a call of "at most 90 s"; 240 s is not.
    expect(ids(await get(`/recordings?${period}&minSeconds=60&maxSeconds=90`, shift))).toEqual([c.id, g.id]);
    expect(ids(await get(`/recordings?from=${encodeURIComponent(new Date(base + 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(base + 7_200_000).toISOString())}`, shift))).toEqual([b.id]);

    const page1 = await get(`/recordings?${period}&limit=3&offset=0`, shift);
    const page2 = await get(`/recordings?${period}&limit=3&offset=3`, shift);
    expect(page1.json().total).toBe(4);
    expect([...ids(page1), ...ids(page2)]).toEqual([c.id, b.id, g.id, a.id]);
    expect(page1.json().items[1]).toMatchObject({ interactionId: b.interactionId, agentId: agent, direction: "outbound", durationMs: 240_000, url: `/api/v1/recordings/${b.id}/audio` });
  });

  it("refuses a search that cannot match with a code and a message", async () => {
    const lengths = await get("/recordings?minSeconds=90&maxSeconds=30", shift);
    expect(lengths.statusCode).toBe(400);
    expect(lengths.json().error).toMatchObject({ code: "bad_duration_range", message: expect.any(String) });
    const period = await get(`/recordings?from=${encodeURIComponent("2026-11-02T00:00:00Z")}&to=${encodeURIComponent("2026-11-01T00:00:00Z")}`, shift);
    expect(period.json().error.code).toBe("bad_period");
    expect((await get("/recordings?direction=sideways", shift)).statusCode).toBe(400);
  });
});

describe("the tenant wall and roles around recordings", () => {
  it("a scope of one line finds only that line's recordings, even when it asks for another line by id", async () => {
    const mine = await recording({ tenantId: galil, startedAt: new Date() });
    const theirs = await recording({ tenantId: skyTours, startedAt: new Date() });
    const scope = tenantsScope([galil]);
    const all = await searchRecordings(t.db.db, scope, RecordingSearchQuery.parse({ limit: 200 }));
    expect(all.items.every((r) => r.tenantId === galil)).toBe(true);
    expect(all.items.map((r) => r.id)).toContain(mine.id);
    const asked = await searchRecordings(t.db.db, scope, RecordingSearchQuery.parse({ tenantId: skyTours }));
    expect(asked).toEqual({ items: [], total: 0 });
    expect(theirs.tenantId).toBe(skyTours);
  });

  it("agents and client viewers may neither search nor play recordings", async () => {
    const row = await recording({ tenantId: skyTours, startedAt: new Date() });
    for (const email of ["agent4@moked.local", "viewer.travel@moked.local"]) {
      const cookie = await t.login(email);
      expect((await get("/recordings", cookie)).statusCode).toBe(403);
      expect((await get(`/recordings/${row.id}/audio`, cookie)).statusCode).toBe(403);
      expect((await get(`/interactions/${row.interactionId}/recordings`, cookie)).statusCode).toBe(403);
    }
  });
});

describe("playing a recording", () => {
  it("answers byte ranges with 206 so the player can seek, and audits each playback once, not each seek", async () => {
    const row = await recording({ tenantId: skyTours, startedAt: new Date(), bytes: 5000 });
    const played = async () => (await t.db.db.select().from(auditLog).where(and(eq(auditLog.action, "recording.played"), eq(auditLog.entityId, row.id)))).length;

    const whole = await get(`/recordings/${row.id}/audio`, shift);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers["accept-ranges"]).toBe("bytes");
    expect(whole.rawPayload.length).toBe(5000);
    expect(await played()).toBe(1);

    const seek = await get(`/recordings/${row.id}/audio`, shift, { range: "bytes=1000-1099" });
    expect(seek.statusCode).toBe(206);
    expect(seek.headers["content-range"]).toBe("bytes 1000-1099/5000");
    expect([...seek.rawPayload]).toEqual(Array.from({ length: 100 }, (_, i) => (1000 + i) % 251));
    const open = await get(`/recordings/${row.id}/audio`, shift, { range: "bytes=4990-" });
    expect(open.headers["content-range"]).toBe("bytes 4990-4999/5000");
    expect(open.rawPayload.length).toBe(10);
    expect(await played()).toBe(1);

    // A player starting over asks from byte 0: a new playback, audited with who listened.
    const again = await get(`/recordings/${row.id}/audio`, shift, { range: "bytes=0-" });
    expect(again.statusCode).toBe(206);
    expect(await played()).toBe(2);
    const [entry] = await t.db.db.select().from(auditLog).where(and(eq(auditLog.action, "recording.played"), eq(auditLog.entityId, row.id)));
    expect(entry).toMatchObject({ tenantId: skyTours, actorUserId: t.userId("shift@moked.local"), details: { interactionId: row.interactionId, download: false } });

    const beyond = await get(`/recordings/${row.id}/audio`, shift, { range: "bytes=5000-" });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers["content-range"]).toBe("bytes */5000");
    expect(beyond.json().error.code).toBe("range_not_satisfiable");

    const download = await get(`/recordings/${row.id}/audio?download=1`, shift);
    expect(download.headers["content-disposition"]).toContain("attachment");
  });
});

describe("recording retention per line", () => {
  it("the daily purge deletes a line's recordings older than its retention, files and rows, and keeps the rest", async () => {
    const admin = await t.login("admin@moked.local");
    const bad = await t.app.inject({ method: "PUT", url: `/api/v1/voice/lines/${skyTours}`, headers: { cookie: admin }, payload: { recordingRetentionDays: 0 } });
    expect(bad.statusCode).toBe(400);
    const put = await t.app.inject({ method: "PUT", url: `/api/v1/voice/lines/${skyTours}`, headers: { cookie: admin }, payload: { recordingRetentionDays: 30 } });
    expect(put.statusCode).toBe(200);
    expect(put.json().config.recordingRetentionDays).toBe(30);

    const now = Date.now();
    const expired = await recording({ tenantId: skyTours, startedAt: new Date(now - 31 * DAY) });
    const kept = await recording({ tenantId: skyTours, startedAt: new Date(now - 29 * DAY) });
    // Galil keeps its recordings (no retention set).
    const otherLine = await recording({ tenantId: galil, startedAt: new Date(now - 400 * DAY) });

    const deleted = await new RecordingPurge({ db: t.db.db, dataDir, log: t.app.log }).pass(now);
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = new Set((await t.db.db.select({ id: callRecordings.id }).from(callRecordings)).map((r) => r.id));
    expect(left.has(expired.id)).toBe(false);
    expect(existsSync(join(dataDir, expired.file))).toBe(false);
    expect(left.has(kept.id)).toBe(true);
    expect(existsSync(join(dataDir, kept.file))).toBe(true);
    expect(left.has(otherLine.id)).toBe(true);
    expect((await get(`/recordings/${expired.id}/audio`, shift)).statusCode).toBe(404);
  });
});

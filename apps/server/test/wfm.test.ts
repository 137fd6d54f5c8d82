import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestApp, type TestApp } from "./harness";
import { insertRegularHistory } from "./wfm-history";

describe("workforce planning API", () => {
  let t: TestApp;
  let shift: string;
  beforeAll(async () => {
    t = await startTestApp();
    shift = await t.login("shift@moked.local");
  });
  afterAll(() => t.close());
  const post = (url: string, payload: Record<string, unknown>, cookie = shift) => t.app.inject({ method: "POST", url, headers: { cookie }, payload });

  it("staffs an interval by Erlang C: 100 calls in 30 minutes at 180 s need 14 agents for 80/20, 20 with 30% shrinkage", async () => {
    const res = await post("/api/v1/wfm/staffing", { intervals: [{ volume: 100, ahtSeconds: 180 }, { volume: 0, ahtSeconds: 180 }], target: { serviceLevel: { fraction: 0.8, thresholdSeconds: 20 }, shrinkage: 0.3, intervalMinutes: 30 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ erlangs: 10, required: 14, scheduled: 20 });
    expect(res.json().items[1]).toMatchObject({ required: 0, scheduled: 0 });
    expect((await post("/api/v1/wfm/staffing", { intervals: [{ volume: 1, ahtSeconds: 1 }], target: {} })).json().error.code).toBe("no_target");
    expect((await post("/api/v1/wfm/staffing", { intervals: [{ volume: 1, ahtSeconds: 1 }], target: { maxOccupancy: 0.8 } }, await t.login("agent1@moked.local"))).statusCode).toBe(403);
  });

  it("simulates a scenario on the real routing engine, off the main thread", async () => {
    const scenario = { seed: 7, intervals: [{ startOffsetSeconds: 0, lengthSeconds: 3600, volume: 200 }], ahtSeconds: 180, agents: Array.from({ length: 14 }, (_, i) => ({ id: `a${i}` })) };
    const res = await post("/api/v1/wfm/simulate", { scenario, compareWith: { ...scenario, agents: scenario.agents.slice(0, 11) } });
    expect(res.statusCode, res.body).toBe(200);
    const { result, compareWith } = res.json();
    expect(result.total.offered).toBeGreaterThan(150);
    expect(result.total.answered).toBe(result.total.offered);
    // Same callers, three agents fewer: a worse service level.
    expect(compareWith.total.offered).toBe(result.total.offered);
    expect(compareWith.total.serviceLevel).toBeLessThan(result.total.serviceLevel);
  });

  it("forecasts a line from its history, and says so when there is too little", async () => {
    const sky = t.tenantId("sky-tours");
    const none = await t.app.inject({ method: "GET", url: `/api/v1/wfm/forecast?tenantId=${sky}&weeks=2`, headers: { cookie: shift } });
    expect(none.json().error.code).toBe("not_enough_history");
    // Three weeks of history: 4 contacts in each half hour from 08:00 to 20:00 UTC every day.
    await insertRegularHistory(t, sky);
    const res = await t.app.inject({ method: "GET", url: `/api/v1/wfm/forecast?tenantId=${sky}&weeks=3&interval=30&horizonDays=1`, headers: { cookie: shift } });
    expect(res.statusCode).toBe(200);
    const points = res.json().points as Array<{ start: string; count: number }>;
    expect(points).toHaveLength(48);
    const at = (h: number) => points.filter((p) => new Date(p.start).getUTCHours() === h).map((p) => p.count);
    for (const c of at(12)) expect(c).toBeGreaterThan(2.5);
    for (const c of at(3)) expect(c).toBeLessThan(1);
  });

  it("forecasts handling time from the history, reports held-out accuracy, and takes a queue, a channel and adjustments", async () => {
    const sky = t.tenantId("sky-tours");
    // The history above, answered after 10 s and handled for 4 minutes.
    await t.db.exec(`UPDATE interactions SET answered_at = arrived_at + interval '10 seconds', ended_at = arrived_at + interval '250 seconds' WHERE tenant_id = '${sky}'`);
    const get = (q: string) => t.app.inject({ method: "GET", url: `/api/v1/wfm/forecast?tenantId=${sky}&weeks=3&interval=30&horizonDays=1${q}`, headers: { cookie: shift } });
    const res = await get("");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const noon = (body.points as Array<{ start: string; count: number; handleSeconds: number | null; factor: number }>).filter((p) => new Date(p.start).getUTCHours() === 12);
    for (const p of noon) expect(p.handleSeconds).toBe(240);
    // A regular pattern forecasts its held-out week closely.
    expect(body.accuracy.holdoutWeeks).toBe(1);
    expect(body.accuracy.intervalWape).toBeLessThan(0.25);

    const campaign = [{ from: noon[0]!.start, to: new Date(Date.parse(noon[0]!.start) + 3_600_000).toISOString(), factor: 2, reason: "campaign" }];
    const adjusted = (await get(`&adjustments=${encodeURIComponent(JSON.stringify(campaign))}`)).json().points as Array<{ start: string; count: number; factor: number }>;
    const at = (pts: Array<{ start: string; count: number; factor: number }>, start: string) => pts.find((p) => p.start === start)!;
    expect(at(adjusted, noon[0]!.start).factor).toBe(2);
    expect(at(adjusted, noon[0]!.start).count).toBeCloseTo(2 * noon[0]!.count, 1);
    expect((await get("&adjustments=not-json")).json().error.code).toBe("validation_error");

    // The history is all voice in one queue: e-mail alone has none.
    expect((await get("&channel=email")).json().error.code).toBe("not_enough_history");
    const queueId = (await t.db.db.execute(sql`select id from queues where tenant_id = ${sky} limit 1`)) as unknown;
    const qid = ((Array.isArray(queueId) ? queueId : (queueId as { rows: unknown[] }).rows)[0] as { id: string }).id;
    expect((await get(`&queueId=${qid}`)).statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { and, eq, isNull, sql } from "drizzle-orm";
import { interactions, queues, reportIntervals, tenantsScope, withTenantScope } from "@moked/db";
import { aggregateBatch } from "../src/analytics/aggregator";
import { startTestApp, type TestApp } from "./harness";
import { writeHistory } from "./report-history";

// The fixed history of report-history.ts, read through the API before and after the aggregator has run:
// every figure below is worked out by hand from it.
describe("reports kept as 15-minute aggregates", () => {
  let t: TestApp;
  let admin: string;
  let sky: string;
  let queueId: string;
  let ids: Map<string, string>;
  const A = "agent1@moked.local";
  const B = "agent3@moked.local";
  const AGENT_B = "Дмитрий Волков";

  beforeAll(async () => {
    // The background aggregator waits an hour between passes: this test runs it by hand.
    t = await startTestApp({ REPORT_AGGREGATE_MS: "3600000" });
    admin = await t.login("admin@moked.local");
    sky = t.tenantId("sky-tours");
    queueId = (await t.db.db.select().from(queues).where(eq(queues.tenantId, sky)))[0]!.id;
    AUTUMN = period("2026-10-24T20:45:00Z", "2026-10-25T00:00:00Z");
    SPRING = period("2026-03-26T22:00:00Z", "2026-03-27T21:00:00Z");
    ids = await writeHistory(t.db.db, { tenantId: sky, queueId, agents: { A: t.userId(A), B: t.userId(B) } });
  });
  afterAll(() => t.close());

  const get = async (url: string, cookie = admin) => {
    const res = await t.app.inject({ method: "GET", url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const period = (from: string, to: string) => `tenantId=${sky}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  let AUTUMN = "";
  let SPRING = "";

  async function autumnQueues() {
    return (await get(`/api/v1/reports/queues?${AUTUMN}&interval=15`)).json().items as Array<Record<string, unknown>>;
  }
  async function summary(range: string, dimension: string, extra = "") {
    return (await get(`/api/v1/reports/summary?${range}&dimension=${dimension}${extra}`)).json().items as Array<Record<string, unknown> & { key: string }>;
  }

  let before: unknown;
  let beforeSpring: unknown;
  let beforeCompliance: unknown;

  it("folds contacts not yet aggregated on the spot", async () => {
    before = await autumnQueues();
    beforeSpring = await summary(SPRING, "interval", "&interval=60");
    beforeCompliance = (await get(`/api/v1/reports/compliance?${AUTUMN}`)).json();
    expect((before as Array<{ interval: string }>).map((r) => r.interval)).toContain("total");
  });

  it("aggregates each closed contact once, and a second pass finds nothing to add", async () => {
    expect(await aggregateBatch(t.db.db, 4)).toBe(4);
    expect(await aggregateBatch(t.db.db, 100)).toBe(7);
    expect(await aggregateBatch(t.db.db, 100)).toBe(0);
    expect(await t.db.db.select().from(interactions).where(and(eq(interactions.tenantId, sky), isNull(interactions.reportedAt)))).toEqual([]);
    const [row] = await t.db.db.select({ offered: sql<number>`sum(${reportIntervals.offered})::int` }).from(reportIntervals).where(eq(reportIntervals.tenantId, sky));
    expect(row!.offered).toBe(11);
  });

  it("gives the same figures from the aggregates as from the events", async () => {
    expect(await autumnQueues()).toEqual(before);
    expect(await summary(SPRING, "interval", "&interval=60")).toEqual(beforeSpring);
    expect((await get(`/api/v1/reports/compliance?${AUTUMN}`)).json()).toEqual(beforeCompliance);
  });

  it("keeps the repeated hour of the autumn night as two intervals", async () => {
    const rows = await autumnQueues();
    expect(rows.map((r) => r.interval)).toEqual(["2026-10-24T23:45+03:00", "2026-10-25T01:00+03:00", "2026-10-25T01:00+02:00", "2026-10-25T01:15+02:00", "2026-10-25T01:30+02:00", "total"]);
    expect(rows[0]).toMatchObject({
      offered: 3, // c1, c2, c3: c1 counts here although it talks past midnight
      answered: 2,
      abandoned: 1,
      shortAbandoned: 1,
      answeredWithinTarget: 1,
      serviceLevel: 0.5, // 1 within 20 s ÷ (2 answered + 1 abandoned − 1 short)
      averageSpeedOfAnswerSeconds: 107.5, // (15 + 200) ÷ 2
      p90SpeedOfAnswerSeconds: 200,
      longestWaitSeconds: 200,
      averageTalkSeconds: 180, // (300 + 60) ÷ 2
      averageWrapUpSeconds: 15, // (30 + 0) ÷ 2
      averageHandleSeconds: 195, // (330 + 60) ÷ 2
      transfers: 1,
    });
    expect(rows[1]).toMatchObject({ offered: 1, answered: 0, abandoned: 1, shortAbandoned: 0, serviceLevel: 0, longestWaitSeconds: 400 });
    expect(rows[2]).toMatchObject({ offered: 1, answered: 1, serviceLevel: 1, averageSpeedOfAnswerSeconds: 10, averageHandleSeconds: 140 });
    expect(rows[5]).toMatchObject({
      offered: 7,
      answered: 4,
      abandoned: 2,
      shortAbandoned: 1,
      serviceLevel: 0.4, // 2 ÷ (4 + 2 − 1)
      averageSpeedOfAnswerSeconds: 66.3, // (15 + 200 + 10 + 40) ÷ 4 = 66.25
      p90SpeedOfAnswerSeconds: 200,
      longestWaitSeconds: 400,
      averageTalkSeconds: 145, // (300 + 60 + 120 + 100) ÷ 4
      averageWrapUpSeconds: 12.5, // (30 + 0 + 20 + 0) ÷ 4
      averageHandleSeconds: 157.5, // (330 + 60 + 140 + 100) ÷ 4
      transfers: 1,
      messagesTaken: 1,
    });
  });

  it("skips the hour the spring clocks jump over, and counts a call across the jump where it arrived", async () => {
    const hours = await summary(SPRING, "interval", "&interval=60");
    expect(hours.map((h) => h.key)).toEqual(["2026-03-27T01:00+02:00", "2026-03-27T03:00+03:00"]);
    // s1: answered after 30 s (outside 20 s), talks 600 s across the jump, wraps up 10 s.
    expect(hours[0]).toMatchObject({ offered: 1, answered: 1, serviceLevel: 0, averageSpeedOfAnswerSeconds: 30, averageTalkSeconds: 600, averageHandleSeconds: 610 });
    // s2 abandons after 40 s; s3 is a call-back answered in 5 s; s4 asks for a call-back.
    expect(hours[1]).toMatchObject({ offered: 3, answered: 1, abandoned: 1, serviceLevel: 0.5, longestWaitSeconds: 40, callbacksCompleted: 1, callbacksRequested: 1 });
    const days = await summary(SPRING, "day");
    expect(days).toMatchObject([{ key: "2026-03-27", offered: 4, answered: 2, abandoned: 1, serviceLevel: 0.3333, averageHandleSeconds: 335 }]);
    expect(await summary(SPRING, "week")).toMatchObject([{ key: "2026-03-22", offered: 4 }]); // the week from Sunday 22 March
    expect(await summary(SPRING, "month")).toMatchObject([{ key: "2026-03", offered: 4 }]);
    const compliance = (await get(`/api/v1/reports/compliance?${SPRING}`)).json();
    // s1 answered in 30 s; s2 left and s4 chose a call-back within 3 minutes; s3 is not a voice call.
    expect(compliance).toMatchObject({ voiceContacts: 3, obligated: 1, answeredInTime: 1, share: 1, endedBeforeLimit: 2, breaches: [] });
  });

  it("measures the autumn night's answer-time compliance from the aggregates, with the breaches as evidence", async () => {
    const report = (await get(`/api/v1/reports/compliance?${AUTUMN}`)).json();
    expect(report).toMatchObject({ voiceContacts: 6, obligated: 4, answeredInTime: 2, share: 0.5, endedBeforeLimit: 2, sixMinuteTopics: { obligated: 2, answeredInTime: 1 }, threeMinuteTopics: { obligated: 2, answeredInTime: 1 } });
    expect(report.breaches).toEqual([
      { interactionId: ids.get("c3"), queueId, arrivedAt: "2026-10-24T20:58:00.000Z", topic: "general", limitSeconds: 180, waitSeconds: 200, outcome: "answered_late" },
      { interactionId: ids.get("c4"), queueId, arrivedAt: "2026-10-24T22:10:00.000Z", topic: "billing", limitSeconds: 360, waitSeconds: 400, outcome: "unanswered" },
    ]);
  });

  it("ranks agents, counts by days across midnight, hours and the weekday×hour heat map", async () => {
    const agents = await summary(AUTUMN, "agent");
    const ranking = agents.map((a) => [a.key, a.label, a.answered, a.averageSpeedOfAnswerSeconds, a.averageHandleSeconds]);
    expect(ranking.slice(0, 2).sort((x, y) => String(x[1]).localeCompare(String(y[1])))).toEqual([
      [t.userId(A), "נועה ביטון", 2, 12.5, 235], // c1 (15 s, 330 s) and c5 (10 s, 140 s)
      [t.userId(B), AGENT_B, 2, 120, 80], // c3 (200 s, 60 s) and c6 (40 s, 100 s)
    ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))));
    expect(ranking[2]).toEqual(["", null, 0, null, null]); // c2, c4, c7: nobody answered
    expect((await summary(AUTUMN, "day")).map((d) => [d.key, d.offered])).toEqual([
      ["2026-10-24", 3],
      ["2026-10-25", 4],
    ]);
    expect((await summary(AUTUMN, "hour")).map((d) => [d.key, d.offered])).toEqual([
      ["1", 4], // both 01:00 hours of the night
      ["23", 3],
    ]);
    expect((await summary(AUTUMN, "weekday_hour")).map((d) => [d.key, d.offered])).toEqual([
      ["0:1", 4], // Sunday 01:00
      ["6:23", 3], // Saturday 23:00
    ]);
    expect((await summary(AUTUMN, "channel")).map((d) => [d.key, d.offered])).toEqual([
      ["voice", 6],
      ["chat", 1],
    ]);
    expect((await summary(AUTUMN, "total", "&channel=voice"))[0]).toMatchObject({ offered: 6, answered: 3 });
  });

  it("counts a period's ragged edges from the events", async () => {
    // 20:52–21:00 holds c2 and c3 but not c1 (20:50), though all three share the 20:45 aggregate.
    const [total] = await summary(period("2026-10-24T20:52:00Z", "2026-10-24T21:00:00Z"), "total");
    expect(total).toMatchObject({ offered: 2, answered: 1, abandoned: 1, shortAbandoned: 1 });
  });

  it("opens a number onto the contacts behind it", async () => {
    const drill = async (measure: string, extra = "") => ((await get(`/api/v1/reports/contacts?${AUTUMN}&measure=${measure}${extra}`)).json().items as Array<{ id: string }>).map((c) => c.id);
    expect(await drill("abandoned")).toEqual([ids.get("c2"), ids.get("c4")]);
    expect(await drill("shortAbandoned")).toEqual([ids.get("c2")]);
    expect(await drill("answeredOutsideTarget")).toEqual([ids.get("c3"), ids.get("c6")]);
    expect(await drill("answered", `&agentId=${t.userId(A)}`)).toEqual([ids.get("c1"), ids.get("c5")]);
    expect(await drill("breached")).toEqual([ids.get("c3"), ids.get("c4")]);
    expect(await drill("messagesTaken")).toEqual([ids.get("c7")]);
    const page = (await get(`/api/v1/reports/contacts?${AUTUMN}&limit=2&offset=2`)).json();
    expect(page.items.map((c: { id: string }) => c.id)).toEqual([ids.get("c3"), ids.get("c4")]);
    expect(page.more).toBe(true);
  });

  it("exports a summary as CSV and as an Excel workbook", async () => {
    const csv = await get(`/api/v1/reports/summary?${AUTUMN}&dimension=day&format=csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trim().split("\n");
    expect(lines[0]!.startsWith("key,label,offered,answered,abandoned,short_abandoned")).toBe(true);
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 5).join(","))).toEqual(["2026-10-24,,3,2,1", "2026-10-25,,4,2,1"]);
    const xlsx = await get(`/api/v1/reports/summary?${AUTUMN}&dimension=day&format=xlsx`);
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("report")!;
    expect(sheet.getRow(1).getCell(3).value).toBe("offered");
    expect([sheet.getRow(2).getCell(1).value, sheet.getRow(2).getCell(3).value, sheet.getRow(3).getCell(3).value]).toEqual(["2026-10-24", 3, 4]);
  });

  it("draws the dashboard in one read", async () => {
    const d = (await get(`/api/v1/reports/dashboard?${AUTUMN}`)).json();
    expect(d.totals).toMatchObject({ offered: 7, answered: 4, serviceLevel: 0.4 });
    expect(d.trend.granularity).toBe("day");
    expect(d.trend.items.map((i: { key: string }) => i.key)).toEqual(["2026-10-24", "2026-10-25"]);
    expect(d.agents).toHaveLength(2);
    expect(d.heatmap).toHaveLength(2);
  });

  it("shows a client viewer its own line only, and other lines' aggregates to nobody", async () => {
    const travel = await t.login("viewer.travel@moked.local");
    const agents = (await get(`/api/v1/reports/summary?${AUTUMN}&dimension=agent`, travel)).json().items;
    expect(agents.map((a: { label: string | null }) => a.label)).toEqual(["#1", "#2", null]); // the center's people are not named to a client
    const bank = await t.login("viewer.banking@moked.local");
    for (const path of ["summary", "dashboard", "contacts", "queues", "compliance"]) {
      const res = await t.app.inject({ method: "GET", url: `/api/v1/reports/${path}?${AUTUMN}`, headers: { cookie: bank } });
      expect(res.statusCode, path).toBe(404);
    }
    const agent = await t.login("agent4@moked.local");
    expect((await t.app.inject({ method: "GET", url: `/api/v1/reports/dashboard?${AUTUMN}`, headers: { cookie: agent } })).statusCode).toBe(403);
    // Row-level security alone: the bank's scope reads no Sky Tours aggregate even without a filter.
    const seen = await withTenantScope(t.db.db, tenantsScope([t.tenantId("bayit-mortgage")]), (tx) => tx.select().from(reportIntervals));
    expect(seen).toEqual([]);
  });
});

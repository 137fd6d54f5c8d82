import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { queues, teams, users } from "@moked/db";
import { aggregateBatch } from "../src/analytics/aggregator";
import { startTestApp, type TestApp } from "./harness";
import { writeHistory, type HistoryContact } from "./report-history";

/**
 * Two weeks of November 2026 on one line (Israel winter time, +02:00), worked out by hand: hold time,
 * outbound call-backs, first-contact resolution, satisfaction scores and the team dimension.
 *
 *   contact  customer  agent (team)  wait  hold  talk  wrap  handle  notes
 *   m1 Mon 2 08:00 K1  A (1)  10    60   130   30    220     held 40→100 s; K1 again 2 days later
 *   m4 Mon 2 09:00 K2  C (1)  15     0    60   10     70
 *   m5 Mon 2 10:00 K3  —           abandoned after 30 s (not answered: no first-contact figure)
 *   m6 Tue 3 10:00 K3  A (1)   5     0    60    0     60     follows an unanswered contact: no mark
 *   m2 Wed 4 08:00 K1  B (2)  20     0   100    0    100     K1 again 8 days later
 *   o1 Thu 5 07:00 K4  A (1)   2     0    30    8     38     call-back, not reached; K4 again 1 hour later
 *   o2 Thu 5 08:00 K4  A (1)   2     0   180   18    198     call-back, reached
 *   m3 Thu 12 08:00 K1 A (1)   5    55     5    0     60     a chat put on hold at 10 s and ended on hold
 *
 * Handled 7: hold 115 s → 16.4 s each; talk 565 → 80.7; wrap-up 66 → 9.4; handling 746 → 106.6 (= talk + hold + wrap-up).
 * First-contact resolution, 7 answered contacts of known customers: repeated within 7 days m1 (2 d) and o1
 * (1 h) → 5/7 = 0.7143; within 1 day only o1 → 6/7 = 0.8571; within 14 days also m2 (8 d) → 4/7 = 0.5714.
 */
const MEASURES_HISTORY: HistoryContact[] = [
  { id: "m1", channel: "voice", topic: "general", customer: "K1", arrived: "2026-11-02T08:00:00Z", agent: "A", steps: [["interaction.answered", 10], ["interaction.held", 40], ["interaction.resumed", 100], ["interaction.completed", 200], ["interaction.wrapped_up", 230]] },
  { id: "m4", channel: "voice", topic: "general", customer: "K2", arrived: "2026-11-02T09:00:00Z", agent: "C", steps: [["interaction.answered", 15], ["interaction.completed", 75], ["interaction.wrapped_up", 85]] },
  { id: "m5", channel: "voice", topic: "general", customer: "K3", arrived: "2026-11-02T10:00:00Z", steps: [["interaction.abandoned", 30, { short: false }]] },
  { id: "m6", channel: "voice", topic: "general", customer: "K3", arrived: "2026-11-03T10:00:00Z", agent: "A", steps: [["interaction.answered", 5], ["interaction.completed", 65], ["interaction.wrapped_up", 65]] },
  { id: "m2", channel: "voice", topic: "general", customer: "K1", arrived: "2026-11-04T08:00:00Z", agent: "B", steps: [["interaction.answered", 20], ["interaction.completed", 120], ["interaction.wrapped_up", 120]] },
  { id: "o1", channel: "callback", topic: "general", customer: "K4", arrived: "2026-11-05T07:00:00Z", agent: "A", steps: [["interaction.answered", 2], ["interaction.completed", 32, { reached: false }], ["interaction.wrapped_up", 40]] },
  { id: "o2", channel: "callback", topic: "general", customer: "K4", arrived: "2026-11-05T08:00:00Z", agent: "A", steps: [["interaction.answered", 2], ["interaction.completed", 182], ["interaction.wrapped_up", 200]] },
  { id: "m3", channel: "chat", topic: "general", customer: "K1", arrived: "2026-11-12T08:00:00Z", agent: "A", steps: [["interaction.answered", 5], ["interaction.held", 10], ["interaction.completed", 65], ["interaction.wrapped_up", 65]] },
];

describe("report measures: hold, outbound, first-contact resolution, satisfaction, teams", () => {
  let t: TestApp;
  let admin: string;
  let sky: string;
  let ids: Map<string, string>;
  const range = (from: string, to: string) => `tenantId=${sky}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  let NOVEMBER = "";

  beforeAll(async () => {
    t = await startTestApp({ REPORT_AGGREGATE_MS: "3600000" });
    admin = await t.login("admin@moked.local");
    sky = t.tenantId("sky-tours");
    NOVEMBER = range("2026-10-31T22:00:00Z", "2026-11-14T22:00:00Z");
    const queueId = (await t.db.db.select().from(queues).where(eq(queues.tenantId, sky)))[0]!.id;
    const agents = { A: t.userId("agent1@moked.local"), B: t.userId("agent3@moked.local"), C: t.userId("agent4@moked.local") };
    ids = await writeHistory(t.db.db, { tenantId: sky, queueId, agents, history: MEASURES_HISTORY });
  });
  afterAll(() => t.close());

  const get = async (url: string, cookie = admin) => {
    const res = await t.app.inject({ method: "GET", url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const rate = (id: string, score: number, cookie = admin) => t.app.inject({ method: "POST", url: `/api/v1/interactions/${ids.get(id)}/csat`, headers: { cookie }, payload: { score, source: "sms" } });
  const summary = async (period: string, dimension: string) => (await get(`/api/v1/reports/summary?${period}&dimension=${dimension}`)).json().items as Array<Record<string, unknown> & { key: string }>;
  const total = async (period = NOVEMBER) => (await summary(period, "total"))[0]!;

  const EXPECTED = {
    offered: 8,
    answered: 7,
    averageTalkSeconds: 80.7, // 565 ÷ 7
    averageHoldSeconds: 16.4, // (60 + 55) ÷ 7
    averageWrapUpSeconds: 9.4, // 66 ÷ 7
    averageHandleSeconds: 106.6, // 746 ÷ 7
    outboundAttempts: 2,
    outboundReached: 1,
    fcrContacts: 7,
    firstContactResolution: 0.7143, // 5 ÷ 7 within the default 7 days
  };
  let live: Record<string, unknown>;
  let liveDays: unknown;

  it("records a satisfaction score once, on an answered contact only, and walls it per line", async () => {
    expect((await rate("m1", 5)).statusCode).toBe(201);
    const again = await rate("m1", 3);
    expect([again.statusCode, again.json().error.code]).toEqual([409, "already_rated"]);
    const unanswered = await rate("m5", 4);
    expect([unanswered.statusCode, unanswered.json().error.code]).toEqual([409, "not_answered"]);
    expect((await t.app.inject({ method: "POST", url: `/api/v1/interactions/${ids.get("m2")}/csat`, headers: { cookie: admin }, payload: { score: 6 } })).statusCode).toBe(400);
    const agent = await t.login("agent1@moked.local");
    expect((await rate("m2", 4, agent)).statusCode).toBe(403);
    const bank = await t.login("viewer.banking@moked.local");
    expect((await rate("m2", 4, bank)).statusCode).toBe(403);
  });

  it("counts every measure from the events before the aggregator runs", async () => {
    live = await total();
    expect(live).toMatchObject({ ...EXPECTED, csatResponses: 1, csatAverage: 5, csatSatisfied: 1 });
    liveDays = await summary(NOVEMBER, "day");
  });

  it("gives the same figures while only part is aggregated, and when all of it is", async () => {
    expect(await aggregateBatch(t.db.db, 3)).toBe(3);
    expect(await total()).toEqual(live);
    expect(await summary(NOVEMBER, "day")).toEqual(liveDays);
    expect(await aggregateBatch(t.db.db, 100)).toBe(5);
    expect(await total()).toEqual(live);
    expect(await summary(NOVEMBER, "day")).toEqual(liveDays);
  });

  it("adds a score recorded after the contact was aggregated, exactly once", async () => {
    expect((await rate("m2", 2)).statusCode).toBe(201);
    expect((await rate("m3", 4)).statusCode).toBe(201);
    // 5, 2 and 4: average 3.67; 4 or 5 in two of three.
    expect(await total()).toMatchObject({ ...EXPECTED, csatResponses: 3, csatAverage: 3.67, csatSatisfied: 0.6667 });
    expect(await aggregateBatch(t.db.db, 100)).toBe(0);
    expect(await total()).toMatchObject({ csatResponses: 3, csatAverage: 3.67 });
    const events = (await get(`/api/v1/interactions/${ids.get("m2")}/events`)).json().items as Array<{ type: string; data: Record<string, unknown> }>;
    expect(events.at(-1)).toMatchObject({ type: "interaction.csat_recorded", data: { score: 2, source: "sms" } });
  });

  it("measures first-contact resolution over the line's window", async () => {
    const put = async (fcrWindowDays: number) => {
      const res = await t.app.inject({ method: "PUT", url: `/api/v1/reports/roi-settings/${sky}`, headers: { cookie: admin }, payload: { fcrWindowDays } });
      expect(res.statusCode, res.body).toBe(200);
    };
    await put(14);
    expect(await total()).toMatchObject({ fcrContacts: 7, firstContactResolution: 0.5714 }); // m1, m2, o1 came back within 14 days
    await put(1);
    expect(await total()).toMatchObject({ firstContactResolution: 0.8571 }); // only o1
    await put(7);
    expect((await t.app.inject({ method: "PUT", url: `/api/v1/reports/roi-settings/${sky}`, headers: { cookie: admin }, payload: { fcrWindowDays: 5 } })).statusCode).toBe(400);
    // Per day: Monday holds m1 (repeated) and m4; Thursday 5 holds o1 (repeated) and o2.
    const days = await summary(NOVEMBER, "day");
    expect(days.map((d) => [d.key, d.fcrContacts, d.firstContactResolution])).toEqual([
      ["2026-11-02", 2, 0.5],
      ["2026-11-03", 1, 1],
      ["2026-11-04", 1, 1], // m2's return came 8 days later
      ["2026-11-05", 2, 0.5],
      ["2026-11-12", 1, 1],
    ]);
    // A period's ragged edge: m1 alone, folded on the spot, still knows its customer came back.
    expect(await total(range("2026-11-02T07:50:00Z", "2026-11-02T08:10:00Z"))).toMatchObject({ offered: 1, fcrContacts: 1, firstContactResolution: 0 });
  });

  it("shows hold and outbound figures per channel and queue", async () => {
    const channels = Object.fromEntries((await summary(NOVEMBER, "channel")).map((c) => [c.key, c]));
    expect(channels.callback).toMatchObject({ outboundAttempts: 2, outboundReached: 1, averageTalkSeconds: 105, averageHoldSeconds: 0 });
    expect(channels.chat).toMatchObject({ averageHoldSeconds: 55, averageTalkSeconds: 5, averageHandleSeconds: 60 });
    expect(channels.voice).toMatchObject({ offered: 5, answered: 4, outboundAttempts: 0, averageHoldSeconds: 15 }); // 60 ÷ 4 handled
    const queueRows = (await get(`/api/v1/reports/queues?${NOVEMBER}&interval=60`)).json().items as Array<Record<string, unknown>>;
    expect(queueRows.find((r) => r.interval === "total")).toMatchObject(EXPECTED);
  });

  it("adds agents up into their teams", async () => {
    const teamOf = async (email: string) => {
      const [u] = await t.db.db.select({ teamId: users.teamId }).from(users).where(eq(users.id, t.userId(email)));
      const [team] = await t.db.db.select().from(teams).where(eq(teams.id, u!.teamId!));
      return team!;
    };
    const one = await teamOf("agent1@moked.local");
    expect((await teamOf("agent4@moked.local")).id).toBe(one.id);
    const two = await teamOf("agent3@moked.local");
    const items = await summary(NOVEMBER, "team");
    // Team 1: A's m1, m6, o1, o2, m3 and C's m4; team 2: B's m2; nobody answered m5.
    expect(items.map((i) => [i.key, i.label, i.offered, i.answered, i.averageHandleSeconds, i.averageHoldSeconds, i.outboundAttempts])).toEqual([
      [one.id, one.name, 6, 6, 107.7, 19.2, 2], // (220 + 70 + 60 + 38 + 198 + 60) ÷ 6 = 107.67; hold 115 ÷ 6
      [two.id, two.name, 1, 1, 100, 0, 0],
      ["", null, 1, 0, null, null, 0],
    ]);
    // A client's viewer sees the teams' figures, not the center's team names.
    const travel = await t.login("viewer.travel@moked.local");
    const seen = (await get(`/api/v1/reports/summary?${NOVEMBER}&dimension=team`, travel)).json().items as Array<{ label: string | null; answered: number }>;
    expect(seen.map((i) => [i.label, i.answered])).toEqual([[null, 6], [null, 1], [null, 0]]);
  });

  it("exports the new measures in CSV and Excel", async () => {
    const csv = (await get(`/api/v1/reports/summary?${NOVEMBER}&dimension=total&format=csv`)).body.trim().split(/\r?\n/);
    const header = csv[0]!.split(",");
    const row = csv[1]!.split(",");
    const cell = (h: string) => row[header.indexOf(h)];
    expect([cell("avg_hold_seconds"), cell("outbound_attempts"), cell("outbound_reached"), cell("first_contact_resolution"), cell("csat_average"), cell("csat_satisfied")]).toEqual(["16.4", "2", "1", "0.7143", "3.67", "0.6667"]);
    const xlsx = await get(`/api/v1/reports/summary?${NOVEMBER}&dimension=total&format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("report")!;
    const headings = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheet.getRow(2).getCell(headings.indexOf("csat_responses") + 1).value).toBe(3);
    expect(sheet.getRow(2).getCell(headings.indexOf("avg_hold_seconds") + 1).value).toBe(16.4);
  });

  it("shows the new figures on the dashboard", async () => {
    const d = (await get(`/api/v1/reports/dashboard?${NOVEMBER}`)).json();
    expect(d.totals).toMatchObject({ ...EXPECTED, csatResponses: 3 });
  });
});

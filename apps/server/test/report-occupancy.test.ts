import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { agentLineIntervals, interactionEvents, queues, tenantsScope, withTenantScope } from "@moked/db";
import { aggregateAgentTime } from "../src/analytics/agent-aggregator";
import { startTestApp, type TestApp } from "./harness";
import { writeHistory, type HistoryContact } from "./report-history";

/**
 * Occupancy and utilisation worked out by hand (decision 0016). One agent, A, serves two lines: Sky (S)
 * and Galil (G), on the autumn night Israel leaves summer time (Sunday 25 October 2026: 02:00 +03:00 falls
 * back to 01:00 +02:00, at 23:00 UTC). Times below are UTC; local midnight is 21:00 UTC.
 *
 *   20:30 A logs in (available)
 *   s1 S voice  answered 20:40, ended 20:48, wrapped up 20:50
 *   g1 G voice  answered 20:56, ended 21:06 (across local midnight), wrapped up 21:08
 *   21:20 not ready (break), 21:30 not ready (training) until 21:35; 21:45 logs out
 *   22:45 logs in again (01:45 +03:00)
 *   s2 S chat   answered 22:50, ended 23:10 (across the fall-back)
 *   g2 G chat   answered 23:00, ended 23:05 (at the same time as s2: two chats)
 *   23:15 logs out
 *
 * Per quarter hour, minutes: staffed / handling (busy + wrap-up, wall time) / available idle; handling per line
 *   Q1 20:30  15 / 5 / 10   S 5                         all to S
 *   Q2 20:45  15 / 9 / 6    S 5, G 4 (busy 3, wrap 2, idle 6, busy 4)   S 5/9, G 4/9
 *   Q3 21:00  15 / 8 / 7    G 8                         all to G (local 25 October)
 *   Q4 21:15  15 / 0 / 5    — (10 not ready: break)     no handling: by the period's handling per line
 *   Q5 21:30  15 / 0 / 10   — (5 not ready: training)   idem
 *   Q6 22:45  15 / 10 / 5   S 10                        all to S
 *   Q7 23:00  15 / 10 / 5   S 10, G 5 (two chats: 15 of handling in 10 of wall time)   S 2/3, G 1/3
 * Agent: staffed 105, handling 42, idle 48 → occupancy 42 ÷ 90 = 0.4667, utilisation 42 ÷ 105 = 0.4.
 * Period handling per line: S 5+5+10+10 = 30, G 4+8+5 = 17 of 47 → Q4 and Q5 go 30/47 to S, 17/47 to G.
 *
 * S: staffed 15 + 15·5/9 + 30·30/47 + 15 + 15·2/3 = 9515/141 min = 4048.9 s
 *    handling 5 + 9·5/9 + 0 + 10 + 10·2/3 = 80/3;  idle 10 + 6·5/9 + 15·30/47 + 5 + 5·2/3 = 4405/141
 *    occupancy (80/3) ÷ (80/3 + 4405/141) = 0.4605; utilisation (80/3) ÷ (9515/141) = 0.3952
 * G: staffed 5290/141 min = 2251.1 s, handling 46/3, idle 2363/141 → occupancy 0.4778, utilisation 0.4087
 *    (S and G add up to the agent: 105, 42 and 48 minutes).
 * S by channel: voice (Q1, Q2, and 10/47 of Q4–Q5) 1783.0 s, 0.377, 0.3365; chat 2266.0 s, 0.5311, 0.4413.
 * S by local day: 24 October (Q1, Q2) 1400 s, handling 10 of 70/3 staffed, idle 40/3 → 0.4286 and 0.4286;
 *    25 October 2648.9 s, 0.4821, 0.3775.
 * Not ready (Q4, Q5: 00:15–00:45 local on the 25th): S break 10·30/47 min = 383.0 s, training 5·30/47 min
 *    = 191.5 s, 574.5 s in all; G break 10·17/47 min = 217.0 s, training 108.5 s, 325.5 s in all.
 * S per local hour: 01:00+03:00 is Q6 alone (10 of 15 handling and staffed: 0.6667, 0.6667), and the
 *    repeated 01:00+02:00 is Q7 (S's 2/3: 20/3 handling, 10/3 idle, 10 staffed: 0.6667 and 0.6667).
 */
const SKY: HistoryContact[] = [
  { id: "s1", channel: "voice", topic: "general", arrived: "2026-10-24T20:39:50Z", agent: "A", steps: [["interaction.answered", 10], ["interaction.completed", 490], ["interaction.wrapped_up", 610]] },
  { id: "s2", channel: "chat", topic: "general", arrived: "2026-10-24T22:49:00Z", agent: "A", steps: [["interaction.answered", 60], ["interaction.completed", 1260], ["interaction.wrapped_up", 1260]] },
];
const GALIL: HistoryContact[] = [
  { id: "g1", channel: "voice", topic: "general", arrived: "2026-10-24T20:55:30Z", agent: "A", steps: [["interaction.answered", 30], ["interaction.completed", 630], ["interaction.wrapped_up", 750]] },
  { id: "g2", channel: "chat", topic: "general", arrived: "2026-10-24T22:59:00Z", agent: "A", steps: [["interaction.answered", 60], ["interaction.completed", 360], ["interaction.wrapped_up", 360]] },
];
const PRESENCE: Array<[at: string, state: string, reason?: string]> = [
  ["2026-10-24T20:30:00Z", "available"],
  ["2026-10-24T21:20:00Z", "not_ready", "break"],
  ["2026-10-24T21:30:00Z", "not_ready", "training"],
  ["2026-10-24T21:35:00Z", "available"],
  ["2026-10-24T21:45:00Z", "offline"],
  ["2026-10-24T22:45:00Z", "available"],
  ["2026-10-24T23:15:00Z", "offline"],
];

describe("occupancy and utilisation per line, queue, channel, agent and interval", () => {
  let t: TestApp;
  let admin: string;
  let sky: string;
  let galil: string;
  let agentA: string;
  // Local 24 and 25 October in Israel (the 25th is 25 hours long).
  const period = (tenantId: string) => `tenantId=${tenantId}&from=${encodeURIComponent("2026-10-23T21:00:00Z")}&to=${encodeURIComponent("2026-10-25T22:00:00Z")}`;

  beforeAll(async () => {
    t = await startTestApp({ REPORT_AGGREGATE_MS: "3600000" });
    admin = await t.login("admin@moked.local");
    sky = t.tenantId("sky-tours");
    galil = t.tenantId("galil-motors");
    agentA = t.userId("agent1@moked.local");
    const queueOf = async (tenantId: string) => (await t.db.db.select().from(queues).where(eq(queues.tenantId, tenantId)))[0]!.id;
    await writeHistory(t.db.db, { tenantId: sky, queueId: await queueOf(sky), agents: { A: agentA, B: agentA }, history: SKY, seqBase: 100 });
    await writeHistory(t.db.db, { tenantId: galil, queueId: await queueOf(galil), agents: { A: agentA, B: agentA }, history: GALIL, seqBase: 200 });
    await t.db.db.insert(interactionEvents).values(
      PRESENCE.map(([at, state, reason], i) => ({ commandSeq: 7_000_000 + i, ordinal: 0, tenantId: null, interactionId: null, agentId: agentA, type: "agent.state_changed", at: new Date(at), data: { state, reason: reason ?? null } })),
    );
  });
  afterAll(() => t.close());

  const get = async (url: string, cookie = admin) => {
    const res = await t.app.inject({ method: "GET", url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const summary = async (tenantId: string, dimension: string, extra = "", cookie = admin) =>
    (await get(`/api/v1/reports/summary?${period(tenantId)}&dimension=${dimension}${extra}`, cookie)).json().items as Array<Record<string, unknown> & { key: string }>;
  const time = (i: Record<string, unknown> | undefined) => ({ staffedSeconds: i?.staffedSeconds, occupancy: i?.occupancy, utilisation: i?.utilisation });

  it("has no occupancy before the agent's time is aggregated", async () => {
    expect(time((await summary(sky, "total"))[0])).toEqual({ staffedSeconds: 0, occupancy: null, utilisation: null });
  });

  it("folds the agent's time in passes that stop mid-contact and mid-interval, carrying its state", async () => {
    // 21:03 is inside g1's talk and inside Q3; 23:07 is inside s2 after g2 ended.
    expect(await aggregateAgentTime(t.db.db, 100, Date.parse("2026-10-24T21:03:00Z") + 5_000)).toBeGreaterThanOrEqual(1);
    expect(await aggregateAgentTime(t.db.db, 100, Date.parse("2026-10-24T23:07:00Z") + 5_000)).toBeGreaterThanOrEqual(1);
    expect(await aggregateAgentTime(t.db.db, 100, Date.now())).toBeGreaterThanOrEqual(1);
  });

  it("apportions the agent's time over the two lines by their handling", async () => {
    expect(time((await summary(sky, "total"))[0])).toEqual({ staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 });
    expect(time((await summary(galil, "total"))[0])).toEqual({ staffedSeconds: 2251.1, occupancy: 0.4778, utilisation: 0.4087 });
    const agents = await summary(sky, "agent");
    expect(agents.map((a) => [a.key, time(a)])).toEqual([[agentA, { staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 }]]);
    const [team] = await summary(sky, "team");
    expect(time(team)).toEqual({ staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 });
  });

  it("splits by channel, queue, local day and the repeated hour of the fall-back", async () => {
    const channels = Object.fromEntries((await summary(sky, "channel")).map((c) => [c.key, time(c)]));
    expect(channels).toEqual({ voice: { staffedSeconds: 1783, occupancy: 0.377, utilisation: 0.3365 }, chat: { staffedSeconds: 2266, occupancy: 0.5311, utilisation: 0.4413 } });
    const [queue] = await summary(sky, "queue");
    expect(time(queue)).toEqual({ staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 });
    const days = Object.fromEntries((await summary(sky, "day")).map((d) => [d.key, time(d)]));
    expect(days).toEqual({ "2026-10-24": { staffedSeconds: 1400, occupancy: 0.4286, utilisation: 0.4286 }, "2026-10-25": { staffedSeconds: 2648.9, occupancy: 0.4821, utilisation: 0.3775 } });
    const hours = Object.fromEntries((await summary(sky, "interval", "&interval=60")).map((h) => [h.key, time(h)]));
    expect(hours["2026-10-25T01:00+03:00"]).toEqual({ staffedSeconds: 900, occupancy: 0.6667, utilisation: 0.6667 });
    expect(hours["2026-10-25T01:00+02:00"]).toEqual({ staffedSeconds: 600, occupancy: 0.6667, utilisation: 0.6667 });
  });

  it("shows the figures in the dashboard, the queue report and the exports", async () => {
    const dash = (await get(`/api/v1/reports/dashboard?${period(sky)}`)).json();
    expect(time(dash.totals)).toEqual({ staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 });
    expect(time(dash.agents[0])).toEqual({ staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 });
    const queueRows = (await get(`/api/v1/reports/queues?${period(sky)}`)).json().items as Array<Record<string, unknown>>;
    expect(time(queueRows.find((r) => r.interval === "total"))).toEqual({ staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 });
    const csv = (await get(`/api/v1/reports/summary?${period(sky)}&dimension=total&format=csv`)).body.trim().split(/\r?\n/);
    const header = csv[0]!.split(",");
    const row = csv[1]!.split(",");
    expect([row[header.indexOf("staffed_seconds")], row[header.indexOf("occupancy")], row[header.indexOf("utilisation")]]).toEqual(["4048.9", "0.4605", "0.3952"]);
  });

  it("splits the not-ready time by reason per agent, team, day and line, in the exports too", async () => {
    const zero = { break: 0, lunch: 0, training: 0, meeting: 0, coaching: 0, missed_offer: 0, other: 0 };
    const notReady = (i: Record<string, unknown> | undefined) => ({ seconds: i?.notReadySeconds, byReason: i?.notReadyByReason });
    const skyTime = { seconds: 574.5, byReason: { ...zero, break: 383, training: 191.5 } };
    expect(notReady((await summary(sky, "total"))[0])).toEqual(skyTime);
    expect(notReady((await summary(galil, "total"))[0])).toEqual({ seconds: 325.5, byReason: { ...zero, break: 217, training: 108.5 } });
    const [agent] = await summary(sky, "agent");
    expect([agent!.key, notReady(agent)]).toEqual([agentA, skyTime]);
    expect(notReady((await summary(sky, "team"))[0])).toEqual(skyTime);
    const days = Object.fromEntries((await summary(sky, "day")).map((d) => [d.key, notReady(d)]));
    expect(days).toEqual({ "2026-10-24": { seconds: 0, byReason: zero }, "2026-10-25": skyTime });
    const dash = (await get(`/api/v1/reports/dashboard?${period(sky)}`)).json();
    expect(notReady(dash.agents[0])).toEqual(skyTime);
    const csv = (await get(`/api/v1/reports/summary?${period(sky)}&dimension=agent&format=csv`)).body.trim().split(/\r?\n/);
    const header = csv[0]!.split(",");
    const row = csv[1]!.split(",");
    const cells = ["not_ready_seconds", "not_ready_break_seconds", "not_ready_training_seconds", "not_ready_meeting_seconds", "not_ready_missed_offer_seconds"].map((h) => row[header.indexOf(h)]);
    expect(cells).toEqual(["574.5", "383", "191.5", "0", "0"]);
    const xlsx = await get(`/api/v1/reports/summary?${period(sky)}&dimension=agent&format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const headings = (sheet.getRow(1).values as unknown[]).map(String);
    expect(sheet.getRow(2).getCell(headings.indexOf("not_ready_break_seconds")).value).toBe(383);
  });

  it("takes the return on service's staffed hours at the period's measured occupancy, unless a manual one is set", async () => {
    // Sky's contacts: s1 talk 480 s + wrap-up 120 s, s2 talk 1,200 s: 1,800 s = 0.5 h of handling, at the
    // measured 0.4605: 1.0858 staffed hours, ₪108.58 at ₪100 an hour.
    const put = (inputs: Record<string, unknown>) => t.app.inject({ method: "PUT", url: `/api/v1/reports/roi-settings/${sky}`, headers: { cookie: admin }, payload: inputs });
    const roi = async (query = period(sky)) => (await get(`/api/v1/reports/roi?${query}`)).json() as Record<string, unknown>;
    const pick = (r: Record<string, unknown>) => ({ occupancy: r.occupancy, source: r.occupancySource, measured: r.measuredOccupancy, handleHours: r.handleHours, staffedHours: r.staffedHours, staffingCost: r.staffingCost });
    expect((await put({ costPerAgentHour: 100 })).statusCode).toBe(200);
    expect(pick(await roi())).toEqual({ occupancy: 0.4605, source: "measured", measured: 0.4605, handleHours: 0.5, staffedHours: 1.09, staffingCost: 108.58 });
    // A manual occupancy overrides it; the measured one is still shown beside it.
    expect((await put({ costPerAgentHour: 100, occupancy: 0.8 })).statusCode).toBe(200);
    expect(pick(await roi())).toEqual({ occupancy: 0.8, source: "manual", measured: 0.4605, handleHours: 0.5, staffedHours: 0.63, staffingCost: 62.5 });
    // Cleared, it is measured again; a period with no agent time measured falls back to the default 0.85.
    expect((await put({ costPerAgentHour: 100, occupancy: null })).statusCode).toBe(200);
    expect(pick(await roi())).toMatchObject({ occupancy: 0.4605, source: "measured" });
    const before = `tenantId=${sky}&from=${encodeURIComponent("2026-10-20T21:00:00Z")}&to=${encodeURIComponent("2026-10-21T21:00:00Z")}`;
    expect(pick(await roi(before))).toEqual({ occupancy: 0.85, source: "default", measured: null, handleHours: 0, staffedHours: 0, staffingCost: 0 });
  });

  it("keeps the wall: a client sees its own line's shares, the same as the center, and no other line's", async () => {
    const viewer = await t.login("viewer.travel@moked.local");
    expect(time((await summary(sky, "total", "", viewer))[0])).toEqual({ staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 });
    const [agent] = await summary(sky, "agent", "", viewer);
    expect([agent!.label, time(agent)]).toEqual(["#1", { staffedSeconds: 4048.9, occupancy: 0.4605, utilisation: 0.3952 }]);
    expect([agent!.notReadySeconds, (agent!.notReadyByReason as Record<string, number>).break]).toEqual([574.5, 383]);
    const other = await t.app.inject({ method: "GET", url: `/api/v1/reports/summary?${period(galil)}&dimension=total`, headers: { cookie: viewer } });
    expect(other.statusCode).toBe(404);
    // The row-level wall: in Sky's scope, Galil's handling rows do not exist.
    const seen = await withTenantScope(t.db.db, tenantsScope([sky]), (tx) => tx.select({ n: count() }).from(agentLineIntervals).where(eq(agentLineIntervals.tenantId, galil)));
    expect(seen[0]!.n).toBe(0);
    const all = await t.db.db.select({ n: count() }).from(agentLineIntervals).where(eq(agentLineIntervals.tenantId, galil));
    expect(all[0]!.n).toBeGreaterThan(0);
  });
});

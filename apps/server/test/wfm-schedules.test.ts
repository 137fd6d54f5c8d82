import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { organisations, scheduleShifts, schedules, shiftTemplates, tenantsScope, withTenantScope } from "@moked/db";
import { checkRules, type AssignedShift } from "@moked/wfm";
import { withAgentScope } from "../src/wfm/agent-scope";
import { startTestApp, type TestApp } from "./harness";
import { insertRegularHistory } from "./wfm-history";

/** The next local Sunday at least a day away, as YYYY-MM-DD. */
function nextSunday(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

/** 4 agents on the phones 08:00–20:00 Sunday to Thursday, 2 on Friday 08:00–14:00, none otherwise (30-minute intervals). */
function weekdayRequirement(): number[] {
  return Array.from({ length: 336 }, (_, i) => {
    const day = Math.floor(i / 48);
    const minute = (i % 48) * 30;
    if (day <= 4) return minute >= 480 && minute < 1200 ? 4 : 0;
    if (day === 5) return minute >= 480 && minute < 840 ? 2 : 0;
    return 0;
  });
}

type Shift = { id: string; agentId: string | null; agentName: string | null; templateName: string; startsAt: string; endsAt: string; breaks: Array<{ startsAt: string; endsAt: string }> };

// Builds (HiGHS) and simulations run in worker threads: seconds alone, much longer on a machine shared with other runs.
describe("shift schedules: build, publish, an agent's own shifts", () => {
  let t: TestApp;
  let shift: string;
  let weekStart: string;
  let scheduleId: string;
  let shifts: Shift[];
  beforeAll(async () => {
    t = await startTestApp();
    shift = await t.login("shift@moked.local");
    weekStart = nextSunday();
  });
  afterAll(() => t.close());
  const call = (method: "GET" | "POST" | "PUT", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it("keeps shift templates and agents' work rules; skills and languages come from the agents", async () => {
    const seeded = (await call("GET", "/api/v1/wfm/shift-templates", shift)).json().items as Array<{ name: string }>;
    expect(seeded.map((x) => x.name)).toContain("בוקר");
    const bad = await call("POST", "/api/v1/wfm/shift-templates", shift, { name: "x", lengthMinutes: 240, earliestStartMinute: 600, latestStartMinute: 500 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_error");
    const ru = await call("POST", "/api/v1/wfm/shift-templates", shift, { name: "Russian evening", lengthMinutes: 240, earliestStartMinute: 960, latestStartMinute: 960, days: [0, 1, 2, 3, 4], skills: ["lang:ru"], active: false });
    expect(ru.statusCode, ru.body).toBe(201);

    const agents = (await call("GET", "/api/v1/wfm/agents", shift)).json().items as Array<{ userId: string; email: string; skills: string[] }>;
    expect(agents).toHaveLength(20);
    expect(agents.find((a) => a.email === "agent3@moked.local")!.skills).toEqual(expect.arrayContaining(["lang:ru", "lang:he"]));
    // agent1 works part time, Sundays to Tuesdays only.
    const agent1 = t.userId("agent1@moked.local");
    const rules = await call("PUT", `/api/v1/wfm/agents/${agent1}/work-rules`, shift, {
      contractMinutesPerWeek: 960,
      maxMinutesPerWeek: 960,
      availability: [0, 1, 2].map((weekday) => ({ weekday, fromMinute: 420, toMinute: 1320 })),
    });
    expect(rules.statusCode, rules.body).toBe(200);
    expect(rules.json().rules.contractMinutesPerWeek).toBe(960);
    expect((await call("PUT", `/api/v1/wfm/agents/${t.userId("shift@moked.local")}/work-rules`, shift, { contractMinutesPerWeek: 60 })).statusCode).toBe(404);
    expect((await call("PUT", `/api/v1/wfm/agents/${agent1}/work-rules`, await t.login("lead1@moked.local"), { contractMinutesPerWeek: 60 })).statusCode).toBe(403);
  });

  it("refuses a week that does not start on Sunday, and a requirement of the wrong length", async () => {
    const monday = new Date(`${weekStart}T12:00:00Z`);
    monday.setUTCDate(monday.getUTCDate() + 1);
    const notSunday = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart: monday.toISOString().slice(0, 10), required: weekdayRequirement() });
    expect(notSunday.json().error.code).toBe("week_start_not_sunday");
    const short = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart, required: [1, 2, 3] });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe("requirement_length");
    const both = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart });
    expect(both.json().error.code).toBe("validation_error");
  });

  it("builds a week's schedule that covers the requirement within the rules, stored as a draft", async () => {
    const res = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart, intervalMinutes: 30, required: weekdayRequirement(), timeLimitSeconds: 10 });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    scheduleId = s.id;
    shifts = s.shifts;
    expect(s).toMatchObject({ weekStart, status: "draft", timeZone: "Asia/Jerusalem", intervalMinutes: 30 });
    expect(s.stats.under).toBe(0);
    expect(s.stats.unassigned).toBe(0);
    expect(s.stats.objective).toBeGreaterThanOrEqual(s.stats.lpBound - 1e-6);
    expect(s.intervals).toHaveLength(336);
    // Sunday 10:00 local (UTC+2 in winter, UTC+3 in summer) is staffed with at least the 4 required.
    const sunday10 = s.intervals[20];
    expect(sunday10.required).toBe(4);
    expect(sunday10.scheduled).toBeGreaterThanOrEqual(4);
    expect(s.intervals.every((i: { required: number; scheduled: number }) => i.scheduled >= i.required)).toBe(true);
    // Every shift has an agent, and agent1 (Sunday to Tuesday only) works no other day.
    expect(shifts.every((x) => x.agentId && x.agentName)).toBe(true);
    const agent1 = t.userId("agent1@moked.local");
    const weekday = (iso: string) => new Date(new Date(iso).toLocaleString("en-US", { timeZone: "Asia/Jerusalem" })).getDay();
    for (const x of shifts.filter((x) => x.agentId === agent1)) expect(weekday(x.startsAt)).toBeLessThanOrEqual(2);
    // The Russian template was inactive: never used.
    expect(shifts.some((x) => x.templateName === "Russian evening")).toBe(false);
    // Labour rules hold on the stored shifts (minutes from the week's start).
    const origin = Date.parse(s.intervals[0].start);
    const assigned: AssignedShift[] = shifts.map((x) => {
      const m = Math.round((Date.parse(x.startsAt) - origin) / 60_000);
      return { agentId: x.agentId!, templateId: x.templateName, day: Math.floor(m / 1440), startMinute: m % 1440, lengthMinutes: (Date.parse(x.endsAt) - Date.parse(x.startsAt)) / 60_000 };
    });
    expect(checkRules({ shifts: assigned })).toEqual([]);

    const listed = (await call("GET", `/api/v1/wfm/schedules?weekStart=${weekStart}`, await t.login("lead1@moked.local"))).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: scheduleId, status: "draft", shiftCount: shifts.length })]);
  }, 120_000);

  it("an agent sees no draft; after publishing (audited) each agent sees only their own shifts", async () => {
    const agentEmail = (await call("GET", "/api/v1/wfm/agents", shift)).json().items.find((a: { userId: string }) => shifts.some((x) => x.agentId === a.userId)).email as string;
    const agentId = t.userId(agentEmail);
    const agent = await t.login(agentEmail);
    const range = `from=${encodeURIComponent(`${weekStart}T00:00:00+02:00`)}&to=${encodeURIComponent(new Date(Date.parse(`${weekStart}T00:00:00Z`) + 8 * 86_400_000).toISOString())}`;
    expect((await call("GET", `/api/v1/wfm/my-shifts?${range}`, agent)).json().items).toEqual([]);

    expect((await call("POST", `/api/v1/wfm/schedules/${scheduleId}/publish`, agent)).statusCode).toBe(403);
    const pub = await call("POST", `/api/v1/wfm/schedules/${scheduleId}/publish`, shift);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ status: "published" });
    expect(pub.json().publishedAt).toBeTruthy();
    expect((await call("POST", `/api/v1/wfm/schedules/${scheduleId}/publish`, shift)).json().error.code).toBe("schedule_not_draft");
    const audit = (await call("GET", "/api/v1/audit", await t.login("manager@moked.local"))).json().items as Array<{ action: string; entityId: string }>;
    expect(audit.some((a) => a.action === "schedule.published" && a.entityId === scheduleId)).toBe(true);

    const mine = (await call("GET", `/api/v1/wfm/my-shifts?${range}`, agent)).json().items as Array<{ id: string; startsAt: string; templateName: string }>;
    const expected = shifts.filter((x) => x.agentId === agentId);
    expect(mine.map((x) => x.id).sort()).toEqual(expected.map((x) => x.id).sort());
    expect(mine.length).toBeGreaterThan(0);

    // Planning data is center staff's: an agent and a client viewer may not read schedules.
    expect((await call("GET", `/api/v1/wfm/schedules/${scheduleId}`, agent)).statusCode).toBe(403);
    expect((await call("GET", "/api/v1/wfm/schedules", await t.login("viewer.travel@moked.local"))).statusCode).toBe(403);
    expect((await call("GET", "/api/v1/wfm/my-shifts", await t.login("viewer.travel@moked.local"))).statusCode).toBe(403);
  }, 120_000);

  it("publishing a newer schedule of the week supersedes the older one", async () => {
    const res = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart, required: weekdayRequirement().map((r) => Math.max(0, r - 1)), timeLimitSeconds: 5 });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call("POST", `/api/v1/wfm/schedules/${res.json().id}/publish`, shift)).statusCode).toBe(200);
    const items = (await call("GET", `/api/v1/wfm/schedules?weekStart=${weekStart}`, shift)).json().items as Array<{ id: string; status: string }>;
    expect(Object.fromEntries(items.map((i) => [i.id, i.status]))).toEqual({ [scheduleId]: "superseded", [res.json().id]: "published" });
  }, 120_000);

  it("row-level security alone: an agent's scope reads only their own published shifts, a client's scope nothing", async () => {
    const agentId = shifts.find((x) => x.agentId)!.agentId!;
    const sky = t.tenantId("sky-tours");
    // No filter at all in these queries: the database decides.
    const asAgent = await withAgentScope(t.db.db, tenantsScope([sky]), agentId, (tx) => tx.select().from(scheduleShifts));
    expect(asAgent.length).toBeGreaterThan(0);
    expect(asAgent.every((r) => r.agentId === agentId)).toBe(true);
    expect((await withAgentScope(t.db.db, tenantsScope([sky]), agentId, (tx) => tx.select().from(schedules))).length).toBe(0);
    const asClient = await withTenantScope(t.db.db, tenantsScope([sky]), async (tx) => ({
      shifts: await tx.select().from(scheduleShifts),
      schedules: await tx.select().from(schedules),
      templates: await tx.select().from(shiftTemplates),
    }));
    expect(asClient).toEqual({ shifts: [], schedules: [], templates: [] });
    const stillOwn = await withAgentScope(t.db.db, tenantsScope([sky]), agentId, (tx) => tx.execute(sql`update schedule_shifts set template_name = 'mine' returning id`));
    const changed = Array.isArray(stillOwn) ? stillOwn : (stillOwn as { rows: unknown[] }).rows;
    expect(changed).toEqual([]);
  });

  it("adherence compares the agents' states from routing with a past week's schedule", async () => {
    // The routing engine records a state change as a center-level event carrying the new state.
    const agent4 = t.userId("agent4@moked.local");
    const set = await call("PUT", "/api/v1/agents/me/state", await t.login("agent4@moked.local"), { state: "available" });
    expect(set.statusCode, set.body).toBe(200);
    const real = await t.db.db.execute(sql`select tenant_id, data->>'state' as state from interaction_events where type = 'agent.state_changed' and agent_id = ${agent4} order by id desc limit 1`);
    expect((Array.isArray(real) ? real : (real as { rows: unknown[] }).rows)[0]).toEqual({ tenant_id: null, state: "available" });

    // A published schedule two weeks ago: agent10 08:00–12:00 local on Monday with a break 10:00–10:30.
    const past = new Date(`${weekStart}T12:00:00Z`);
    past.setUTCDate(past.getUTCDate() - 14);
    const week = past.toISOString().slice(0, 10);
    const monday = Date.parse(`${new Date(past.getTime() + 86_400_000).toISOString().slice(0, 10)}T08:00:00+02:00`);
    const h = (hours: number) => new Date(monday + hours * 3_600_000);
    const agent10 = t.userId("agent10@moked.local");
    const org = (await t.db.db.select({ o: organisations.id }).from(organisations).limit(1))[0]!.o;
    const [sch] = await t.db.db
      .insert(schedules)
      .values({ organisationId: org, weekStart: week, timeZone: "Asia/Jerusalem", intervalMinutes: 30, status: "published", required: new Array(336).fill(0), stats: { under: 0, over: 0, objective: 0, lpBound: 0, gap: 0, mipGap: 0, solverStatus: "test", solveMs: 0, unassigned: 0 } })
      .returning();
    await t.db.db.insert(scheduleShifts).values({ scheduleId: sch!.id, organisationId: org, agentId: agent10, templateName: "בוקר", startsAt: h(0), endsAt: h(4), breaks: [{ startsAt: h(2).toISOString(), endsAt: h(2.5).toISOString() }] });
    // Available from the night before (the state at the week's start comes from before it), not ready 09:00–09:30, logged off at 11:30.
    const events: Array<[Date, string]> = [[new Date(monday - 86_400_000 * 3), "available"], [h(1), "not_ready"], [h(1.5), "available"], [h(3.5), "offline"]];
    for (const [i, [at, state]] of events.entries()) {
      await t.db.db.execute(sql`insert into interaction_events (command_seq, ordinal, tenant_id, agent_id, type, at, data) values (${-1000 - i}, 0, null, ${agent10}, 'agent.state_changed', ${at}, ${JSON.stringify({ state })}::jsonb)`);
    }
    const res = await call("GET", `/api/v1/wfm/schedules/${sch!.id}/adherence`, await t.login("lead1@moked.local"));
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    // 210 minutes on the phones: 30 not ready, 30 logged off, 150 available.
    expect(report.agents).toEqual([
      { agentId: agent10, agentName: expect.any(String), scheduledMinutes: 210, adherentMinutes: 150, notReadyMinutes: 30, offlineMinutes: 30, unscheduledAvailableMinutes: expect.any(Number), adherence: 150 / 210 },
    ]);
    expect(report.total.adherence).toBeCloseTo(150 / 210, 6);
    const nine = report.intervals.find((i: { start: string }) => Date.parse(i.start) === h(1).getTime());
    expect(nine).toEqual({ start: h(1).toISOString(), scheduled: 1, available: 0, adherent: 0 });
    expect((await call("GET", `/api/v1/wfm/schedules/${sch!.id}/adherence`, await t.login("agent10@moked.local"))).statusCode).toBe(403);
  }, 120_000);

  it("builds a week from a line's forecast: agents where its history has contacts, none where it has none", async () => {
    const sky = t.tenantId("sky-tours");
    const body = { weekStart, forecast: { tenantIds: [sky], weeks: 3 }, timeLimitSeconds: 10 };
    expect((await call("POST", "/api/v1/wfm/schedules", shift, body)).json().error.code).toBe("not_enough_history");
    // Three weeks: 4 contacts in each half hour from 08:00 to 20:00 UTC, every day.
    await insertRegularHistory(t, sky);
    const res = await call("POST", "/api/v1/wfm/schedules", shift, body);
    expect(res.statusCode, res.body).toBe(201);
    const intervals = res.json().intervals as Array<{ start: string; required: number; scheduled: number }>;
    const hour = (h: number) => intervals.filter((i) => new Date(i.start).getUTCHours() === h);
    // 8 calls an hour at 180 s: 2 agents for 80/20, 3 after 30 % shrinkage.
    for (const i of hour(12)) expect(i.required).toBe(3);
    for (const i of hour(2)) expect(i.required).toBe(0);
    expect(res.json().stats.unassigned).toBe(0);
  }, 120_000);

  it("simulates a day of a schedule with its agents' shifts, beside the same day with two more agents", async () => {
    // 60 contacts an hour from 08:00 to 20:00 local on Sunday, 200 s each: 3.3 Erlangs on the 4 scheduled.
    const contactsPerHour = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 60 : 0));
    const body = { day: 0, contactsPerHour, ahtSeconds: 200, patienceSeconds: 180, whatIf: { addAgents: [{ count: 2, fromHour: 8, toHour: 20 }] } };
    expect((await call("POST", `/api/v1/wfm/schedules/${scheduleId}/simulate`, await t.login("agent1@moked.local"), body)).statusCode).toBe(403);
    const res = await call("POST", `/api/v1/wfm/schedules/${scheduleId}/simulate`, shift, body);
    expect(res.statusCode, res.body).toBe(200);
    const { result, compareWith } = res.json();
    expect(result.total.offered).toBeGreaterThan(600);
    expect(compareWith.total.offered).toBe(result.total.offered);
    // Nobody is on the phones before 08:00 and nobody calls then; staff is there while calls come.
    expect(result.intervals[4].staffedSeconds).toBe(0);
    expect(result.intervals[20].staffedSeconds).toBeGreaterThan(4 * 1800 - 1);
    expect(compareWith.total.serviceLevel).toBeGreaterThanOrEqual(result.total.serviceLevel);
    expect(compareWith.total.abandoned).toBeLessThanOrEqual(result.total.abandoned);
  }, 120_000);

  it("simulates a day of a schedule from a line's forecast; a line out of sight is not found and a body must choose its volume", async () => {
    const sky = t.tenantId("sky-tours");
    const url = `/api/v1/wfm/schedules/${scheduleId}/simulate`;
    const both = await call("POST", url, shift, { day: 0, tenantId: sky, contactsPerHour: 10 });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe("validation_error");
    const res = await call("POST", url, shift, { day: 0, tenantId: sky, weeks: 3, ahtSeconds: 200, patienceSeconds: 180 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.volumeSource).toBe("forecast");
    expect(body.timeZone).toBe("Asia/Jerusalem");
    expect(body.result.intervals).toHaveLength(48);
    expect(body.result.intervals[0].start).toBe(body.dayStart);
    // The history has 8 contacts an hour from 08:00 to 20:00 UTC: about 96 that day, none in the small hours.
    expect(body.result.total.offered).toBeGreaterThan(50);
    expect(body.result.total.offered).toBeLessThan(150);
    const hourUtc = (iso: string) => new Date(iso).getUTCHours();
    expect(body.result.intervals.filter((i: { start: string }) => hourUtc(i.start) < 7).every((i: { offered: number }) => i.offered === 0)).toBe(true);
    expect(body.result.agents).toBeGreaterThanOrEqual(4);

    const missing = await call("POST", url, shift, { day: 0, tenantId: "00000000-0000-4000-8000-000000000000" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("not_found");

    // Handling time and patience fitted from the history: a quarter hang up after 40 s, the rest are answered
    // after 20 s and handled for 1, 2 or 3 minutes in equal parts.
    await t.db.exec(`
      UPDATE interactions SET
        answered_at = CASE WHEN extract(minute from arrived_at)::int % 30 = 1 THEN NULL ELSE arrived_at + interval '20 seconds' END,
        ended_at = CASE WHEN extract(minute from arrived_at)::int % 30 = 1 THEN arrived_at + interval '40 seconds'
                        ELSE arrived_at + interval '20 seconds' + make_interval(secs => 60 * (extract(minute from arrived_at)::int % 30 - 1)) END,
        final_state = CASE WHEN extract(minute from arrived_at)::int % 30 = 1 THEN 'abandoned' ELSE 'answered' END
      WHERE tenant_id = '${sky}'`);
    const withoutLine = await call("POST", url, shift, { day: 0, contactsPerHour: 10, fitted: true });
    expect(withoutLine.statusCode).toBe(400);
    const fit = await call("POST", url, shift, { day: 0, tenantId: sky, weeks: 3, fitted: true, ahtSeconds: 999 });
    expect(fit.statusCode, fit.body).toBe(200);
    const [queue] = fit.json().fitted;
    // Lognormal over 60, 120 and 180 s: exp(μ + σ²/2) ≈ 120.9 s; patience (40 · ¼ + 20 · ¾) / ¼ = 100 s.
    expect(queue.handle.meanSeconds).toBeCloseTo(120.9, 0);
    expect(queue.handle.sigma).toBeGreaterThan(0.4);
    expect(queue.patience.meanSeconds).toBeCloseTo(100, 0);
    const run = fit.json().result;
    expect(run.streams).toHaveLength(1);
    expect(run.streams[0].label).toBe(queue.queue);
    // The simulation drew from the fit, not from the 999 s given: busy time per answered contact near 121 s.
    const perContact = run.total.busySeconds / run.total.answered;
    expect(perContact).toBeGreaterThan(80);
    expect(perContact).toBeLessThan(170);
  }, 120_000);

  it("a what-if with two more Russian speakers improves the Russian contacts' service level, not the Hebrew ones'; the volume can change by a percentage", async () => {
    const url = `/api/v1/wfm/schedules/${scheduleId}/simulate`;
    const contactsPerHour = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 60 : 0));
    const base = { day: 0, contactsPerHour, ahtSeconds: 200, patienceSeconds: 180, languages: [{ language: "he", share: 80 }, { language: "ru", share: 20 }] };
    const bad = await call("POST", url, shift, { ...base, languages: [{ language: "russian", share: 20 }] });
    expect(bad.statusCode).toBe(400);
    const res = await call("POST", url, shift, { ...base, whatIf: { addAgents: [{ count: 2, fromHour: 8, toHour: 20, languages: ["ru"] }] } });
    expect(res.statusCode, res.body).toBe(200);
    const { result, compareWith } = res.json();
    const lang = (run: { streams: Array<{ id: string; total: { offered: number; serviceLevel: number } }> }, id: string) => run.streams.find((s) => s.id === id)!.total;
    expect(result.streams.map((s: { id: string }) => s.id)).toEqual(["he", "ru"]);
    expect(lang(result, "he").offered + lang(result, "ru").offered).toBe(result.total.offered);
    expect(lang(compareWith, "ru").offered).toBe(lang(result, "ru").offered);
    const ruGain = lang(compareWith, "ru").serviceLevel - lang(result, "ru").serviceLevel;
    const heChange = Math.abs(lang(compareWith, "he").serviceLevel - lang(result, "he").serviceLevel);
    expect(ruGain).toBeGreaterThan(0.2);
    expect(heChange).toBeLessThan(0.1);
    expect(compareWith.agents).toBe(result.agents + 2);

    const busier = await call("POST", url, shift, { ...base, whatIf: { volumePercent: 50 } });
    expect(busier.statusCode, busier.body).toBe(200);
    const more = busier.json();
    expect(more.compareWith.total.offered / more.result.total.offered).toBeGreaterThan(1.35);
    expect(more.compareWith.total.offered / more.result.total.offered).toBeLessThan(1.65);
  }, 120_000);
});

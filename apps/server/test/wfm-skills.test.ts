import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./harness";

/** The next local Sunday at least a day away, as YYYY-MM-DD. */
function nextSunday(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

type SkillRow = { skill: string; required: number[]; scheduled: number[] };

describe("per-skill schedules: each language covered by agents who speak it", () => {
  let t: TestApp;
  let shift: string;
  beforeAll(async () => {
    t = await startTestApp();
    shift = await t.login("shift@moked.local");
  });
  afterAll(() => t.close());
  const call = (method: "GET" | "POST", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it("a week required per skill: Russian covered by Russian speakers in every interval, figures per skill kept with the schedule", async () => {
    // 08:00–16:00 local Sunday to Thursday: two Hebrew speakers and one Russian speaker on the phones.
    const day = (n: number) => Array.from({ length: 336 }, (_, i) => (i < 5 * 48 && (i % 48) * 30 >= 480 && (i % 48) * 30 < 960 ? n : 0));
    const body = { weekStart: nextSunday(), intervalMinutes: 30, requiredBySkill: { "lang:he": day(2), "lang:ru": day(1) }, timeLimitSeconds: 10 };
    const res = await call("POST", "/api/v1/wfm/schedules", shift, body);
    expect(res.statusCode, res.body).toBe(201);
    const detail = res.json();
    const ru = (detail.skills as SkillRow[]).find((s) => s.skill === "lang:ru")!;
    expect(ru.required).toEqual(day(1));
    ru.required.forEach((r, i) => expect(ru.scheduled[i], `interval ${i}`).toBeGreaterThanOrEqual(r));
    const he = (detail.skills as SkillRow[]).find((s) => s.skill === "lang:he")!;
    he.required.forEach((r, i) => expect(he.scheduled[i], `interval ${i}`).toBeGreaterThanOrEqual(r));
    // The total is the sum of the skills; the stats say under and over per skill.
    expect((detail.intervals as Array<{ required: number }>).map((i) => i.required)).toEqual(day(3));
    expect(detail.stats.bySkill).toEqual(expect.arrayContaining([expect.objectContaining({ skill: "lang:ru", under: 0 })]));
    expect(detail.stats.unassigned).toBe(0);
    // Read back: the same per-skill figures, from the named shifts.
    const again = (await call("GET", `/api/v1/wfm/schedules/${detail.id}`, shift)).json();
    expect(again.skills).toEqual(detail.skills);
  }, 120_000);

  it("refuses a per-skill requirement of the wrong length, or together with a total", async () => {
    const bad = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart: nextSunday(), requiredBySkill: { "lang:ru": [1, 2, 3] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("requirement_length");
    const both = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart: nextSunday(), required: new Array(336).fill(1), requiredBySkill: { "lang:ru": new Array(336).fill(1) } });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe("validation_error");
  });

  it("a line's forecast per language: Russian-marked contacts make a Russian requirement, unmarked ones the line's first language", async () => {
    const sky = t.tenantId("sky-tours");
    // Three weeks, 08:00–20:00 UTC: in each half hour three unmarked contacts and three needing Russian.
    await t.db.exec(`
      INSERT INTO interactions (id, tenant_id, queue_id, channel, status, arrived_at, required_skills)
      SELECT gen_random_uuid(), '${sky}', (SELECT id FROM queues WHERE tenant_id = '${sky}' LIMIT 1), 'voice', 'ended', ts + (k * interval '1 minute'),
             CASE WHEN k > 3 THEN '[{"skill":"lang:ru"}]'::jsonb ELSE '[]'::jsonb END
      FROM generate_series(date_trunc('day', now()) - interval '21 days', now() - interval '31 minutes', interval '30 minutes') AS ts,
           generate_series(1, 6) AS k
      WHERE extract(hour from ts AT TIME ZONE 'UTC') BETWEEN 8 AND 19`);
    const res = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart: nextSunday(), forecast: { tenantIds: [sky], weeks: 3, perLanguage: true }, timeLimitSeconds: 10 });
    expect(res.statusCode, res.body).toBe(201);
    const detail = res.json();
    const skills = detail.skills as SkillRow[];
    // The demo line speaks he, en, ru, fr: Hebrew first; no contact needs English or French, so those are left out.
    const first = "lang:he";
    expect(skills.map((s) => s.skill)).toEqual(expect.arrayContaining([first, "lang:ru"]));
    const noon = (detail.intervals as Array<{ start: string }>).findIndex((i) => new Date(i.start).getUTCHours() === 12);
    const night = (detail.intervals as Array<{ start: string }>).findIndex((i) => new Date(i.start).getUTCHours() === 2);
    const ru = skills.find((s) => s.skill === "lang:ru")!;
    // 6 Russian calls an hour at 180 s: Erlang C asks for 2 agents (80/20), 3 after 30 % shrinkage.
    expect(ru.required[noon]).toBe(3);
    expect(ru.required[night]).toBe(0);
    expect(skills.find((s) => s.skill === first)!.required[noon]).toBe(3);
    // Another line's forecast is not this scope's to mix in: an unknown line is not found.
    const missing = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart: nextSunday(), forecast: { tenantIds: ["00000000-0000-4000-8000-000000000000"], weeks: 3, perLanguage: true } });
    expect(missing.statusCode).toBe(404);
  }, 180_000);

  it("a past day is simulated with its actual contacts replayed, each Russian one waiting for a Russian speaker, with fitted handling times", async () => {
    // Last week's Sunday, built by hand: 2 agents 08:00–16:00, Sunday only.
    const now = new Date();
    const lastSunday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - now.getUTCDay() - 7)).toISOString().slice(0, 10);
    const required = Array.from({ length: 336 }, (_, i) => (i < 48 && i * 30 >= 480 && i * 30 < 960 ? 2 : 0));
    const built = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart: lastSunday, required, timeLimitSeconds: 10 });
    expect(built.statusCode, built.body).toBe(201);
    const id = built.json().id as string;
    // A line with no other history in this file.
    const sky = t.tenantId("kolbo-retail");
    // That Sunday, 10:05–10:45 Jerusalem time: 9 contacts, 3 of them Russian.
    await t.db.exec(`
      INSERT INTO interactions (id, tenant_id, queue_id, channel, status, arrived_at, answered_at, ended_at, required_skills)
      SELECT gen_random_uuid(), '${sky}', (SELECT id FROM queues WHERE tenant_id = '${sky}' LIMIT 1), 'voice', 'ended',
             ts, ts + interval '5 seconds', ts + interval '125 seconds',
             CASE WHEN k % 3 = 0 THEN '[{"skill":"lang:ru"}]'::jsonb ELSE '[{"skill":"lang:he"}]'::jsonb END
      FROM generate_series(1, 9) AS k,
           LATERAL (SELECT (('${lastSunday}'::date + time '10:00') AT TIME ZONE 'Asia/Jerusalem') + k * interval '5 minutes' AS ts) x`);
    const body = { day: 0, tenantId: sky, weeks: 2, fitted: true, languages: [{ language: "he", share: 60 }, { language: "ru", share: 40 }] };
    const res = await call("POST", `/api/v1/wfm/schedules/${id}/simulate`, shift, body);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.volumeSource).toBe("history");
    // Exactly the day's contacts, by their own language, not by the shares given.
    expect(r.result.total.offered).toBe(9);
    const ru = (r.result.streams as Array<{ id: string; total: { offered: number } }>).find((x) => x.id === "ru")!;
    expect(ru.total.offered).toBe(3);
    const offeredAt = (r.result.intervals as Array<{ start: string; offered: number }>).filter((i) => i.offered > 0).map((i) => i.start);
    expect(offeredAt.length).toBeGreaterThan(0);
    for (const at of offeredAt) expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Jerusalem", hour: "2-digit", hourCycle: "h23" }).format(new Date(at))).toMatch(/^1[01]$/);
    // A line out of sight is not found.
    const other = await call("POST", `/api/v1/wfm/schedules/${id}/simulate`, shift, { ...body, tenantId: "00000000-0000-4000-8000-000000000000" });
    expect(other.statusCode).toBe(404);
  }, 120_000);
});

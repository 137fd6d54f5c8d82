import { describe, expect, it } from "vitest";
import { assignAgents, optimiseShifts, skillGroups, splitHeads, type Agent, type RequirementInterval, type ShiftTemplate } from "../src/index";

const HALF = 30;
/** 08:00–16:00 on day 0 (16 half-hours): two Hebrew speakers and one Russian speaker on the phones. */
const day: RequirementInterval[] = Array.from({ length: 16 }, (_, i) => ({ start: 480 + i * HALF, required: 3, bySkill: { "lang:he": 2, "lang:ru": 1 } }));
const eightAt8: ShiftTemplate = { id: "8h", lengthMinutes: 480, startWindow: { earliestMinute: 480, latestMinute: 480 } };
/** Three Hebrew speakers on full contracts, one who also speaks Russian on a part-time one. */
const agents: Agent[] = [
  { id: "he1", skills: ["lang:he"], contractMinutesPerWeek: 2520 },
  { id: "he2", skills: ["lang:he"], contractMinutesPerWeek: 2520 },
  { id: "he3", skills: ["lang:he"], contractMinutesPerWeek: 2520 },
  { id: "ru1", skills: ["lang:he", "lang:ru"], contractMinutesPerWeek: 1200 },
];
const speaksRussian = (id: string) => agents.find((a) => a.id === id)!.skills!.includes("lang:ru");

describe("per-skill shift optimisation", () => {
  it("covers Russian where a plan on the total alone leaves it uncovered", async () => {
    // On the total (3 agents) any three 08:00 shifts are optimal; named by contract time left they go to
    // the three Hebrew-only agents, and the Russian queue has nobody for all 16 half-hours.
    const total = await optimiseShifts({ intervalMinutes: HALF, requirements: day, templates: [eightAt8] });
    expect(total.objective).toBe(0);
    const named = assignAgents(total.starts, agents);
    expect(named.shifts.map((s) => s.agentId).sort()).toEqual(["he1", "he2", "he3"]);
    expect(named.shifts.some((s) => speaksRussian(s.agentId))).toBe(false);

    // Per skill: the groups are {he} ×3 and {he, ru} ×1; the optimum puts the bilingual agent on and two
    // Hebrew-only agents beside them, nothing short and nothing over.
    const groups = skillGroups(agents, ["lang:he", "lang:ru"]);
    expect(groups.map((g) => [g.id, g.size])).toEqual([
      ["lang:he", 3],
      ["lang:he,lang:ru", 1],
    ]);
    const r = await optimiseShifts({ intervalMinutes: HALF, requirements: day, templates: [eightAt8], skillGroups: groups });
    expect(r.status).toBe("optimal");
    expect(r.objective).toBe(0);
    expect(r.lpBound).toBeCloseTo(0, 6);
    expect(r.gap).toBe(0);
    expect(r.starts.map((s) => [s.group, s.count])).toEqual([
      ["lang:he", 2],
      ["lang:he,lang:ru", 1],
    ]);
    const ru = r.bySkill!.find((s) => s.skill === "lang:ru")!;
    expect(ru.under).toBe(0);
    expect(ru.coverage.every((c) => c.required === 1 && c.scheduled === 1)).toBe(true);
    expect(r.bySkill!.find((s) => s.skill === "lang:he")!.coverage.every((c) => c.scheduled === 2)).toBe(true);
    // Named, the shift planned for the bilingual group can only go to the Russian speaker.
    const roster = assignAgents(r.starts, agents);
    expect(roster.unassigned).toEqual([]);
    expect(roster.shifts.filter((s) => speaksRussian(s.agentId))).toHaveLength(1);
  });

  it("a group works at most its heads a day and its hours a week; what it cannot cover is reported short, with the gap to the LP bound", async () => {
    // Russian needed 08:00–20:00 every day of a week, one Russian speaker allowed 42 h: at most five 8-hour
    // shifts (2,400 min), each covering 16 of the day's 24 half-hours.
    const week: RequirementInterval[] = [];
    for (let d = 0; d < 7; d++) for (let i = 0; i < 24; i++) week.push({ start: d * 1440 + 480 + i * HALF, required: 1, bySkill: { "lang:ru": 1 } });
    const groups = skillGroups([{ id: "ru1", skills: ["lang:ru"] }], ["lang:ru"]);
    expect(groups).toEqual([{ id: "lang:ru", skills: ["lang:ru"], size: 1, maxMinutes: 2520 }]);
    const tpl: ShiftTemplate = { id: "8h", lengthMinutes: 480, startWindow: { earliestMinute: 480, latestMinute: 720 } };
    const r = await optimiseShifts({ intervalMinutes: HALF, requirements: week, templates: [tpl], skillGroups: groups });
    const shifts = r.starts.reduce((a, s) => a + s.count, 0);
    expect(shifts).toBe(5);
    const perDay = new Map<number, number>();
    for (const s of r.starts) perDay.set(s.day, (perDay.get(s.day) ?? 0) + s.count);
    expect(Math.max(...perDay.values())).toBe(1);
    // 7 × 24 half-hours needed, 5 × 16 covered: 88 short, at weight 10.
    expect(r.under).toBe(88);
    expect(r.over).toBe(0);
    expect(r.objective).toBe(880);
    // The LP may split shifts (5.25 of them fill the 2,520 minutes), so it bounds the plan from below.
    expect(r.lpBound).toBeLessThanOrEqual(r.objective + 1e-6);
    expect(r.gap).toBeCloseTo((r.objective - r.lpBound) / r.objective, 9);
    expect(r.gap).toBeGreaterThan(0);
    expect(r.mipBound).toBeGreaterThanOrEqual(r.lpBound - 1e-6);
  });

  it("an agent on the phones works one skill at a time: a bilingual agent is not counted twice", async () => {
    const both = [{ start: 480, required: 2, bySkill: { "lang:he": 1, "lang:ru": 1 } }];
    const tpl: ShiftTemplate = { id: "30m", lengthMinutes: 30, startWindow: { earliestMinute: 480, latestMinute: 480 } };
    const r = await optimiseShifts({ intervalMinutes: HALF, requirements: both, templates: [tpl], skillGroups: [{ id: "he+ru", skills: ["lang:he", "lang:ru"], size: 1 }] });
    // One head, two queues: one of them is short.
    expect(r.starts.map((s) => s.count)).toEqual([1]);
    expect(r.under).toBe(1);
    expect(r.bySkill!.map((s) => s.coverage[0]!.scheduled).sort()).toEqual([0, 1]);
  });

  it("splits the heads on the phones over their skills to cover most needs, undoing a poor first choice", () => {
    // Groups: {he, ru} ×1 and {he} ×1; needs: he 1, ru 1. Only the bilingual agent can take Russian.
    expect(splitHeads([[0, 1], [0]], [1, 1], [1, 1])).toEqual({ scheduled: [1, 1], under: [0, 0], over: [0, 0] });
    // The bilingual agent first fills Hebrew; the Hebrew-only agent then frees them for Russian (an augmenting path).
    expect(splitHeads([[0], [0, 1]], [1, 1], [1, 1]).under).toEqual([0, 0]);
    // Three Hebrew-only heads for one Hebrew need: two over; Russian short.
    expect(splitHeads([[0]], [3], [1, 1])).toEqual({ scheduled: [3, 0], under: [0, 1], over: [2, 0] });
  });
});

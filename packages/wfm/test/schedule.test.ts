import { describe, expect, it } from "vitest";
import {
  assignAgents,
  checkRules,
  enumerateCandidates,
  evaluatePlan,
  isAvailable,
  optimiseShifts,
  requiredAgentsPerInterval,
  seededRng,
  type Agent,
  type AssignedShift,
  type OptimiseShiftsInput,
  type RequirementInterval,
  type ShiftTemplate,
} from "../src/index";

const HALF = 30;
/** Half-hour requirements from `fromMinute` of day 0, one value per interval. */
const curve = (fromMinute: number, values: number[]): RequirementInterval[] => values.map((required, i) => ({ start: fromMinute + i * HALF, required }));
const eightHour: ShiftTemplate = { id: "8h", lengthMinutes: 480, startWindow: { earliestMinute: 480, latestMinute: 720 } };

describe("optimiseShifts", () => {
  it("finds the hand-checked optimum: 12 hours of one agent need two overlapping 8-hour shifts", async () => {
    // 08:00–20:00 needs 1 agent; 8-hour shifts may start 08:00–12:00. 08:00 can only be covered by an 08:00
    // start and 19:30 only by a 12:00 start, so the optimum is those two: 4 hours (8 intervals) of overlap.
    const r = await optimiseShifts({ intervalMinutes: HALF, requirements: curve(480, new Array(24).fill(1)), templates: [eightHour] });
    expect(r.status).toBe("optimal");
    expect(r.mipBound).toBeCloseTo(8, 6);
    expect(r.objective).toBe(8);
    expect(r.under).toBe(0);
    expect(r.over).toBe(8);
    expect(r.starts.map((s) => [s.startMinute, s.count])).toEqual([[480, 1], [720, 1]]);
    expect(r.lpBound).toBeLessThanOrEqual(r.objective + 1e-6);
  });

  it("matches a two-step curve exactly and prefers one short interval to ten", async () => {
    const exact = await optimiseShifts({ intervalMinutes: HALF, requirements: curve(480, [...new Array(8).fill(2), ...new Array(8).fill(4), ...new Array(8).fill(2)]), templates: [eightHour] });
    expect(exact.objective).toBe(0);
    expect(exact.starts.map((s) => [s.startMinute, s.count])).toEqual([[480, 2], [720, 2]]);
    // One interval of 3 inside a flat 2: covering it with a third agent costs 15 over, leaving it short costs 10.
    const req = curve(480, new Array(16).fill(2));
    req[5]!.required = 3;
    const short = await optimiseShifts({ intervalMinutes: HALF, requirements: req, templates: [{ ...eightHour, startWindow: { earliestMinute: 480, latestMinute: 480 } }] });
    expect([short.objective, short.under, short.over]).toEqual([10, 1, 0]);
  });

  it("takes agents on break off the phones", async () => {
    const withBreak: ShiftTemplate = { ...eightHour, startWindow: { earliestMinute: 480, latestMinute: 480 }, breaks: [{ afterMinutes: 240, lengthMinutes: 30 }] };
    const r = await optimiseShifts({ intervalMinutes: HALF, requirements: curve(480, new Array(16).fill(1)), templates: [withBreak] });
    expect(r.coverage.map((c) => c.scheduled)).toEqual([...new Array(8).fill(1), 0, ...new Array(7).fill(1)]);
    expect([r.under, r.over, r.objective]).toEqual([1, 0, 10]);
  });

  it("never does worse than the best plan with everyone on one start time", async () => {
    const rng = seededRng(7);
    const req = curve(360, Array.from({ length: 32 }, (_, i) => Math.round(6 + 10 * Math.sin((Math.PI * i) / 32) + 3 * rng())));
    const templates: ShiftTemplate[] = [
      { id: "8h", lengthMinutes: 480, startWindow: { earliestMinute: 360, latestMinute: 840 }, breaks: [{ afterMinutes: 240, lengthMinutes: 30 }] },
      { id: "6h", lengthMinutes: 360, startWindow: { earliestMinute: 360, latestMinute: 960 }, breaks: [{ afterMinutes: 180, lengthMinutes: 30 }] },
    ];
    const input: OptimiseShiftsInput = { intervalMinutes: HALF, requirements: req, templates };
    const r = await optimiseShifts(input);
    const cands = enumerateCandidates(input);
    let baseline = Infinity;
    for (let k = 0; k < cands.length; k++) {
      for (let n = 0; n <= 20; n++) {
        const counts = cands.map((_, j) => (j === k ? n : 0));
        baseline = Math.min(baseline, evaluatePlan(input, cands, counts).objective);
      }
    }
    expect(r.objective).toBeLessThanOrEqual(baseline);
    expect(r.objective).toBeLessThan(baseline * 0.7);
  });

  it("respects the per-day cap on agents", async () => {
    const r = await optimiseShifts({ intervalMinutes: HALF, requirements: curve(480, new Array(24).fill(5)), templates: [eightHour], options: { maxAgents: 6 } });
    expect(r.starts.reduce((a, s) => a + s.count, 0)).toBeLessThanOrEqual(6);
  });

  it("comes within 2 % of the LP bound on a realistic week", async () => {
    // Open 07:00–22:00, peak ~116 agents, starts on the hour. With fixed break positions the integer optimum
    // itself can sit 3–9 % above the LP bound on smaller or half-hourly instances (proven optimal, see README),
    // so this instance is one where the bound is tight enough for the 2 % goal to be a test of the solver.
    const traffic = Array.from({ length: 336 }, (_, i) => {
      const day = Math.floor(i / 48);
      const hour = (i % 48) / 2;
      const shape = hour >= 7 && hour < 22 ? 0.15 + Math.sin((Math.PI * (hour - 7)) / 15) : 0;
      return { volume: Math.round(600 * shape * (day === 6 ? 0.3 : day === 5 ? 0.6 : 1)), ahtSeconds: 280 };
    });
    const staffing = requiredAgentsPerInterval(traffic, { intervalMinutes: 30, serviceLevel: { fraction: 0.8, thresholdSeconds: 20 } });
    const templates: ShiftTemplate[] = [
      { id: "8h", lengthMinutes: 480, startStepMinutes: 60, startWindow: { earliestMinute: 420, latestMinute: 840 }, breaks: [{ afterMinutes: 240, lengthMinutes: 30 }] },
      { id: "6h", lengthMinutes: 360, startStepMinutes: 60, startWindow: { earliestMinute: 420, latestMinute: 960 }, breaks: [{ afterMinutes: 180, lengthMinutes: 30 }] },
    ];
    const r = await optimiseShifts({ intervalMinutes: 30, requirements: staffing.map((s, i) => ({ start: i * 30, required: s.required })), templates, options: { timeLimitSeconds: 40 } });
    // The time limit is wall-clock: generous, so a machine whose cores are shared still reaches the gap (a quiet
    // one stops at the gap in seconds). How fast it solves is the benchmark's figure, not this test's.
    expect(r.under).toBe(0);
    expect(r.lpBound).toBeLessThanOrEqual(r.objective + 1e-6);
    expect(r.gap).toBeLessThanOrEqual(0.02);
    // Stopped almost at once, the MIP still returns a usable plan: its warm start, the LP rounded up.
    const rushed = await optimiseShifts({ intervalMinutes: 30, requirements: staffing.map((s, i) => ({ start: i * 30, required: s.required })), templates, options: { timeLimitSeconds: 0.001 } });
    expect(rushed.starts.length).toBeGreaterThan(0);
    expect(rushed.under).toBe(0);
    expect(rushed.objective).toBeGreaterThanOrEqual(r.objective);
  }, 90_000);
});

const shift = (agentId: string, day: number, startMinute: number, lengthMinutes = 480): AssignedShift => ({ agentId, templateId: "t", day, startMinute, lengthMinutes });

describe("checkRules", () => {
  it("passes a legal five-day week", () => {
    const week = [0, 1, 2, 3, 4].map((d) => shift("a", d, 480, 504));
    expect(checkRules({ shifts: week })).toEqual([]);
  });

  it("finds planted violations of each rule", () => {
    const rules = (shifts: AssignedShift[], agents?: Agent[]) => checkRules({ shifts }, undefined, agents).map((v) => v.rule);
    // Six 8-hour shifts are 48 h, over the 42-hour week.
    expect(rules([0, 1, 2, 3, 4, 5].map((d) => shift("a", d, 480)))).toContain("maxMinutesPerWeek");
    // 16:00–24:00 then 06:00 next day: 6 hours of rest.
    expect(rules([shift("a", 0, 960), shift("a", 1, 360)])).toEqual(["minRest"]);
    // Shifts every day, each 16 h apart: no 36-hour break anywhere in the week.
    const daily = [0, 1, 2, 3, 4, 5, 6].map((d) => shift("a", d, 600, 300));
    expect(rules(daily)).toEqual(["weeklyRest"]);
    const agent: Agent = { id: "a", contractMinutesPerWeek: 2400, skills: ["voice"], availability: [{ day: 0, fromMinute: 480, toMinute: 960 }] };
    expect(rules([shift("a", 0, 600)], [agent])).toEqual(["availability"]);
    expect(rules([{ ...shift("a", 0, 480), skills: ["chat"] }], [agent])).toEqual(["skills"]);
  });
});

describe("assignAgents", () => {
  it("names every shift within the rules and the agents' availability", async () => {
    const templates: ShiftTemplate[] = [
      { id: "8h", lengthMinutes: 480, startWindow: { earliestMinute: 420, latestMinute: 780 }, breaks: [{ afterMinutes: 240, lengthMinutes: 30 }] },
      { id: "6h", lengthMinutes: 360, startWindow: { earliestMinute: 480, latestMinute: 960 }, breaks: [{ afterMinutes: 180, lengthMinutes: 30 }] },
    ];
    const day = [2, 3, 4, 6, 7, 7, 6, 5, 5, 6, 7, 6, 5, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1];
    const requirements = Array.from({ length: 6 }, (_, d) => curve(d * 1440 + 420, day)).flat();
    const plan = await optimiseShifts({ intervalMinutes: HALF, requirements, templates });
    const agents: Agent[] = Array.from({ length: 14 }, (_, i) => ({
      id: `a${i}`,
      contractMinutesPerWeek: i % 3 === 0 ? 1800 : 2400,
      // Every third agent only works mornings on Sunday–Wednesday.
      availability: i % 3 === 0 ? [0, 1, 2, 3].map((d) => ({ day: d, fromMinute: 420, toMinute: 900 })) : undefined,
    }));
    const a = assignAgents(plan.starts, agents);
    const total = plan.starts.reduce((n, s) => n + s.count, 0);
    expect(a.shifts.length + a.unassigned.length).toBe(total);
    expect(a.unassigned).toEqual([]);
    expect(checkRules(a, undefined, agents)).toEqual([]);
    for (const s of a.shifts) expect(isAvailable(agents.find((x) => x.id === s.agentId)!, s)).toBe(true);
    const summed = Object.values(a.agentMinutes).reduce((x, y) => x + y, 0);
    expect(summed).toBe(a.shifts.reduce((x, s) => x + s.lengthMinutes, 0));
  });

  it("leaves a shift unassigned rather than break a rule", () => {
    const agents: Agent[] = [{ id: "only", contractMinutesPerWeek: 2520 }];
    const shifts = [0, 0].map((d) => ({ templateId: "t", day: d, startMinute: 480, lengthMinutes: 480, count: 1 }));
    const a = assignAgents(shifts, agents);
    expect(a.shifts).toHaveLength(1);
    expect(a.unassigned).toHaveLength(1);
  });
});

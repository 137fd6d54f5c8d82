import { describe, expect, it } from "vitest";
import { averageSpeedOfAnswer, compareScenarios, erlangA, pool, probabilityOfWaiting, serviceLevel, simulate, type IntervalResult, type SimulationScenario } from "../src/index";

// 10 Erlangs: 100 contacts per 30 minutes at 180 s average handling.
const TRAFFIC = { volume: 100, ahtSeconds: 180, intervalSeconds: 1800 };
const DAY = Array.from({ length: 48 }, (_, i) => ({ startOffsetSeconds: i * 1800, lengthSeconds: 1800, volume: 100 }));
// The queue starts empty; the first hour is left out so the estimates are of the steady state Erlang describes.
const WARM_UP = 2;

function scenario(seed: number, agents: number, extra: Partial<SimulationScenario> = {}): SimulationScenario {
  return {
    seed,
    start: Date.UTC(2026, 0, 4, 6),
    intervals: DAY,
    ahtSeconds: 180,
    agents: Array.from({ length: agents }, (_, i) => ({ id: `a${i}` })),
    ...extra,
  };
}

/**
 * Batch means: each seed is one independent day, so its steady-state figure is one observation and the
 * spread across seeds gives an honest standard error despite the strong autocorrelation within a day.
 */
function batchMeansMany(seeds: number, agents: number, extra: Partial<SimulationScenario>) {
  const runs: IntervalResult[] = [];
  for (let seed = 1; seed <= seeds; seed++) runs.push(pool(simulate(scenario(seed, agents, extra)).intervals.slice(WARM_UP)));
  const stat = (pick: (r: IntervalResult) => number) => {
    const xs = runs.map(pick);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    return { mean, se: Math.sqrt(variance / xs.length) };
  };
  return { stat, runs };
}

describe("simulator against Erlang C (M/M/n, FIFO, no abandonment)", () => {
  for (const agents of [12, 14]) {
    it(`${agents} agents at 10 Erlangs: ASA, P(wait) and 20-second service level within 3 standard errors`, () => {
      const { stat } = batchMeansMany(40, agents, {});
      const asa = stat((r) => r.asaSeconds!);
      const pWait = stat((r) => r.probabilityOfWaiting!);
      const sl = stat((r) => r.serviceLevel!);
      const occ = stat((r) => r.occupancy!);
      const theory = {
        asa: averageSpeedOfAnswer(agents, TRAFFIC),
        pWait: probabilityOfWaiting(agents, 10),
        sl: serviceLevel(agents, TRAFFIC, 20),
      };
      expect(Math.abs(asa.mean - theory.asa)).toBeLessThan(3 * asa.se);
      expect(Math.abs(pWait.mean - theory.pWait)).toBeLessThan(3 * pWait.se);
      expect(Math.abs(sl.mean - theory.sl)).toBeLessThan(3 * sl.se);
      expect(Math.abs(occ.mean - 10 / agents)).toBeLessThan(3 * occ.se);
      // The interval must be narrow enough to catch a real modelling error, not just wide enough to pass.
      expect(3 * asa.se).toBeLessThan(0.2 * theory.asa);
      expect(3 * pWait.se).toBeLessThan(0.04);
      expect(3 * sl.se).toBeLessThan(0.04);
    }, 20_000);
  }
});

describe("simulator against Erlang A (M/M/n+M, exponential patience)", () => {
  for (const agents of [11, 13]) {
    it(`${agents} agents at 10 Erlangs, mean patience 120 s: abandonment and service level within 3 standard errors`, () => {
      const { stat } = batchMeansMany(30, agents, { patienceSeconds: 120 });
      const ab = stat((r) => r.abandonRate!);
      const sl = stat((r) => r.serviceLevel!);
      const asa = stat((r) => r.asaSeconds!);
      const theory = erlangA(agents, TRAFFIC, 120, 20);
      expect(Math.abs(ab.mean - theory.abandonRate)).toBeLessThan(3 * ab.se);
      expect(Math.abs(asa.mean - theory.asaSeconds)).toBeLessThan(3 * asa.se);
      expect(Math.abs(sl.mean - theory.serviceLevel!)).toBeLessThan(3 * sl.se);
      expect(3 * ab.se).toBeLessThan(0.25 * theory.abandonRate);
      expect(3 * sl.se).toBeLessThan(0.04);
    }, 20_000);
  }
});

describe("simulator mechanics", () => {
  it("is deterministic: the same seed gives identical results, another seed different ones", () => {
    const a = simulate(scenario(7, 12, { intervals: DAY.slice(0, 8), patienceSeconds: 90 }));
    const b = simulate(scenario(7, 12, { intervals: DAY.slice(0, 8), patienceSeconds: 90 }));
    const c = simulate(scenario(8, 12, { intervals: DAY.slice(0, 8), patienceSeconds: 90 }));
    expect(b).toEqual(a);
    expect(c.total).not.toEqual(a.total);
  });

  it("accounts for every contact and counts engine traffic", () => {
    const r = simulate(scenario(3, 11, { intervals: DAY.slice(0, 6), patienceSeconds: 60 }));
    expect(r.total.answered + r.total.abandoned + r.total.unresolved).toBe(r.total.offered);
    expect(r.total.unresolved).toBe(0);
    expect(r.intervals.reduce((s, i) => s + i.offered, 0)).toBe(r.total.offered);
    // Every contact takes an arrive, then an accept and a complete, or a hangup.
    expect(r.engine.commands).toBeGreaterThan(r.total.offered * 2);
    expect(r.engine.events).toBeGreaterThan(r.engine.commands);
    expect(r.total.serviceLevelExcludingAbandons!).toBeGreaterThanOrEqual(r.total.serviceLevel!);
  });

  it("understaffing breaches the 6-minute rule; shifts log agents in and out, finishing their last call", () => {
    const intervals = DAY.slice(0, 4);
    const short = simulate(scenario(5, 8, { intervals }));
    expect(short.total.deadlineBreaches).toBeGreaterThan(0);
    // Half the agents leave after the first hour: the second hour's staffed time halves and calls queue.
    const agents = Array.from({ length: 14 }, (_, i) => ({ id: `a${i}`, shifts: i < 7 ? undefined : [{ fromSeconds: 0, toSeconds: 3600 }] }));
    const r = simulate({ ...scenario(5, 0, { intervals }), agents });
    const [first, , third] = r.intervals;
    expect(first!.staffedSeconds).toBeCloseTo(14 * 1800, 0);
    expect(third!.staffedSeconds).toBeLessThan(7.5 * 1800);
    expect(third!.staffedSeconds).toBeGreaterThanOrEqual(7 * 1800);
    expect(third!.asaSeconds!).toBeGreaterThan(first!.asaSeconds!);
    expect(r.total.unresolved).toBe(0);
  });

  it("compareScenarios runs both with the same callers and reports the change", () => {
    const { a, b, delta } = compareScenarios(scenario(9, 12, { intervals: DAY.slice(0, 8) }), scenario(9, 14, { intervals: DAY.slice(0, 8) }));
    expect(a.total.offered).toBe(b.total.offered);
    expect(delta.asaSeconds!).toBeLessThan(0);
    expect(delta.serviceLevel!).toBeGreaterThan(0);
  });

  it("drives multi-step routing through the engine's own timers", () => {
    // Russian speakers wait 30 s for a proficient agent, then go to anyone who speaks Russian at all.
    const agents = Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, skills: [{ skill: "lang:ru", proficiency: i < 4 ? 5 : 2 }] }));
    const steps = [{ target: { kind: "skills" as const, minProficiency: 4 }, waitSeconds: 30 }, { target: { kind: "skills" as const } }];
    const narrow = simulate({ ...scenario(6, 0, { intervals: DAY.slice(0, 4), requiredSkills: [{ skill: "lang:ru" }], queue: { steps: [steps[0]!] } }), agents });
    const widened = simulate({ ...scenario(6, 0, { intervals: DAY.slice(0, 4), requiredSkills: [{ skill: "lang:ru" }], queue: { steps } }), agents });
    // Four agents for 10 Erlangs cannot keep up; widening after 30 s lets all twelve help.
    expect(narrow.total.unresolved + narrow.total.answered).toBe(narrow.total.offered);
    expect(widened.total.asaSeconds!).toBeLessThan(narrow.total.asaSeconds! / 10);
    expect(widened.total.asaSeconds!).toBeGreaterThan(0);
  });

  it("takes a handling-time sampler and wrap-up time", () => {
    const r = simulate(scenario(4, 13, { intervals: DAY.slice(0, 4), ahtSeconds: () => 150, queue: { wrapUpSeconds: 30 } }));
    // Busy time includes the 30 s wrap-up: 180 s per contact, so occupancy ≈ 10 / 13 once warmed up.
    const p = pool(r.intervals.slice(1));
    expect(p.occupancy!).toBeGreaterThan(0.6);
    expect(p.occupancy!).toBeLessThan(0.9);
  });
});

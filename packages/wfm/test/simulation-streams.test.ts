import { describe, expect, it } from "vitest";
import { pool, simulate, type SimAgent, type SimulationScenario } from "../src/index";

// Six hours of mixed traffic: 70 % Hebrew, 30 % Russian, 60 contacts per half hour, 3 minutes each.
const HOURS = 6;
const he = (i: number): SimAgent => ({ id: `he${i}`, skills: [{ skill: "lang:he", proficiency: 5 }] });
const ru = (i: number): SimAgent => ({ id: `ru${i}`, skills: [{ skill: "lang:ru", proficiency: 5 }] });

function day(agents: SimAgent[], seed = 7): SimulationScenario {
  return {
    seed,
    start: Date.UTC(2026, 0, 4, 12),
    intervals: Array.from({ length: HOURS * 2 }, (_, i) => ({ startOffsetSeconds: i * 1800, lengthSeconds: 1800, volume: 60 })),
    ahtSeconds: 180,
    patienceSeconds: 120,
    agents,
    streams: [
      { id: "he", share: 0.7, requiredSkills: [{ skill: "lang:he" }] },
      { id: "ru", share: 0.3, requiredSkills: [{ skill: "lang:ru" }] },
    ],
  };
}

describe("simulator with mixed traffic: languages route to the agents who speak them", () => {
  const staff = [...Array.from({ length: 6 }, (_, i) => he(i)), ...Array.from({ length: 2 }, (_, i) => ru(i))];
  // The what-if: two more Russian speakers for the last three hours ("after 18:00").
  const more = [...staff, ...[0, 1].map((i) => ({ ...ru(10 + i), shifts: [{ fromSeconds: 3 * 3600, toSeconds: HOURS * 3600 }] }))];

  it("splits arrivals by share and reports each stream, adding up to the whole", () => {
    const r = simulate(day(staff));
    const [h, r2] = r.streams!;
    expect(h!.id).toBe("he");
    expect(h!.total.offered + r2!.total.offered).toBe(r.total.offered);
    expect(h!.total.answered + r2!.total.answered).toBe(r.total.answered);
    expect(r2!.total.offered / r.total.offered).toBeGreaterThan(0.25);
    expect(r2!.total.offered / r.total.offered).toBeLessThan(0.35);
    expect(h!.intervals).toHaveLength(HOURS * 2);
  });

  it("two more Russian speakers after the third hour raise Russian service level and leave the Hebrew queue as it was", () => {
    for (const seed of [1, 2, 3]) {
      const a = simulate(day(staff, seed));
      const b = simulate(day(more, seed));
      // Same callers in both.
      expect(b.total.offered).toBe(a.total.offered);
      const late = (run: typeof a, k: number) => pool(run.streams![k]!.intervals.slice(6));
      expect(late(b, 1).serviceLevel! - late(a, 1).serviceLevel!).toBeGreaterThan(0.15);
      expect(late(b, 1).abandonRate!).toBeLessThan(late(a, 1).abandonRate!);
      // Long before they come nothing changes (callers waiting when they arrive are served by them, so not right before).
      expect(pool(b.streams![1]!.intervals.slice(0, 4)).serviceLevel).toBe(pool(a.streams![1]!.intervals.slice(0, 4)).serviceLevel);
      expect(Math.abs(b.streams![0]!.total.serviceLevel! - a.streams![0]!.total.serviceLevel!)).toBeLessThan(0.01);
    }
  });

  it("a Russian contact waits for a Russian speaker even when Hebrew speakers are free", () => {
    const r = simulate({ ...day([he(0), he(1), he(2), he(3), he(4), he(5), he(6), he(7)]), patienceSeconds: 60 });
    const rus = r.streams![1]!.total;
    expect(rus.answered).toBe(0);
    expect(rus.abandoned).toBe(rus.offered);
    expect(r.streams![0]!.total.answered).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { simulate, type SimulationScenario } from "../src/index";

// Two half hours, one Hebrew and one Russian speaker, contacts of exactly 60 s.
const base: SimulationScenario = {
  seed: 3,
  start: Date.UTC(2026, 0, 4, 8),
  intervals: [
    { startOffsetSeconds: 0, lengthSeconds: 1800, volume: 0 },
    { startOffsetSeconds: 1800, lengthSeconds: 1800, volume: 0 },
  ],
  ahtSeconds: () => 60,
  agents: [
    { id: "he", skills: [{ skill: "lang:he", proficiency: 5 }] },
    { id: "ru", skills: [{ skill: "lang:ru", proficiency: 5 }] },
  ],
  streams: [
    { id: "he", share: 1, requiredSkills: [{ skill: "lang:he" }] },
    { id: "ru", share: 1, requiredSkills: [{ skill: "lang:ru" }] },
  ],
};

describe("simulator with replayed arrivals (a past day's actual contacts)", () => {
  it("offers exactly the replayed contacts, in their intervals and streams, whatever the volumes say", () => {
    // Three Russian callers 10 s apart at 00:10: the one Russian speaker takes them in turn (waits 0, 50, 100 s).
    const r = simulate({
      ...base,
      arrivals: [{ atSeconds: 620, stream: "ru" }, { atSeconds: 600, stream: "ru" }, { atSeconds: 610, stream: "ru" }, { atSeconds: 2000, stream: "he" }],
    });
    expect(r.intervals.map((i) => i.offered)).toEqual([3, 1]);
    const ru = r.streams!.find((s) => s.id === "ru")!;
    expect(ru.total.offered).toBe(3);
    expect(ru.total.answered).toBe(3);
    expect(ru.total.answeredWaitSeconds).toBeCloseTo(0 + 50 + 100, 6);
    expect(r.streams!.find((s) => s.id === "he")!.total.answeredWaitSeconds).toBe(0);
  });

  it("refuses an arrival outside the day or of an unknown stream", () => {
    expect(() => simulate({ ...base, arrivals: [{ atSeconds: 3600 }] })).toThrow(RangeError);
    expect(() => simulate({ ...base, arrivals: [{ atSeconds: 10, stream: "fr" }] })).toThrow(RangeError);
  });
});

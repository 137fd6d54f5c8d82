import { describe, expect, it } from "vitest";
import { computeAdherence, type PresenceChange } from "../src/index";

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 29, 6, 0); // an interval start
const at = (m: number) => T0 + m * MIN;
const intervals = Array.from({ length: 16 }, (_, i) => at(i * 30)); // 8 hours of half-hours

describe("computeAdherence", () => {
  it("counts scheduled on-phone minutes the agent was available, leaving breaks and not-ready apart", () => {
    // 08:00 shift of 8 h with a 30-minute break after 4 h: 450 minutes on the phones.
    const shifts = [{ agentId: "a", start: at(0), end: at(480), breaks: [{ start: at(240), end: at(270) }] }];
    const presence = new Map<string, PresenceChange[]>([
      [
        "a",
        [
          { at: at(-60), state: "offline" },
          { at: at(10), state: "available" }, // 10 minutes late
          { at: at(100), state: "not_ready" }, // 20 minutes not ready
          { at: at(120), state: "available" },
          { at: at(240), state: "not_ready" }, // the break, as scheduled
          { at: at(270), state: "available" },
          { at: at(470), state: "offline" }, // leaves 10 minutes early
        ],
      ],
    ]);
    const r = computeAdherence({ intervals, intervalMs: 30 * MIN, shifts, presence, until: at(600) });
    expect(r.agents).toEqual([
      { agentId: "a", scheduledMinutes: 450, adherentMinutes: 410, notReadyMinutes: 20, offlineMinutes: 20, unscheduledAvailableMinutes: 0, adherence: 410 / 450 },
    ]);
    // 08:00–08:30: scheduled 1 agent, available 20 of 30 minutes.
    expect(r.intervals[0]).toEqual({ start: at(0), scheduled: 1, available: 0.67, adherent: 0.67 });
    // The break interval: nobody scheduled, nobody available.
    expect(r.intervals[8]).toEqual({ start: at(240), scheduled: 0, available: 0, adherent: 0 });
  });

  it("measures only up to now, and counts availability off schedule apart", () => {
    const shifts = [{ agentId: "a", start: at(0), end: at(240) }];
    const presence = new Map<string, PresenceChange[]>([
      ["a", [{ at: at(0), state: "available" }]],
      ["b", [{ at: at(30), state: "available" }]], // not scheduled at all
    ]);
    const r = computeAdherence({ intervals, intervalMs: 30 * MIN, shifts, presence, until: at(75) });
    expect(r.agents.find((x) => x.agentId === "a")).toMatchObject({ scheduledMinutes: 75, adherentMinutes: 75, adherence: 1 });
    expect(r.agents.find((x) => x.agentId === "b")).toMatchObject({ scheduledMinutes: 0, adherence: null, unscheduledAvailableMinutes: 45 });
    expect(r.intervals[2]).toEqual({ start: at(60), scheduled: 1, available: 1, adherent: 0.5 });
    // Later intervals still show the schedule, but nothing measured.
    expect(r.intervals[5]).toEqual({ start: at(150), scheduled: 1, available: null, adherent: null });
  });

  it("an agent who never logged in is offline the whole shift", () => {
    const r = computeAdherence({ intervals, intervalMs: 30 * MIN, shifts: [{ agentId: "c", start: at(60), end: at(120) }], presence: new Map(), until: at(480) });
    expect(r.agents).toEqual([{ agentId: "c", scheduledMinutes: 60, adherentMinutes: 0, notReadyMinutes: 0, offlineMinutes: 60, unscheduledAvailableMinutes: 0, adherence: 0 }]);
  });
});

import { describe, expect, it } from "vitest";
import type { QueueStats } from "../src/modules/desk/types";
import { lineTotals } from "../src/modules/wallboard/lineTotals";
import { shareItems } from "../src/modules/wallboard/shareItems";

const queue = (over: Partial<QueueStats>): QueueStats => ({
  queueId: "q",
  tenantId: "line-a",
  name: "q",
  waiting: 0,
  longestWaitSeconds: 0,
  nearestDeadlineSeconds: null,
  agentsAvailable: 0,
  agentsBusy: 0,
  agentsEligible: 0,
  offeredToday: 0,
  answeredToday: 0,
  abandonedToday: 0,
  shortAbandonedToday: 0,
  breachesToday: 0,
  serviceLevel: null,
  averageSpeedOfAnswerSeconds: null,
  averageHandleSeconds: null,
  handledToday: 0,
  ...over,
});

describe("the wallboard's totals per client business", () => {
  it("add up the line's queues and recombine service level, speed of answer and handling time from the counts", () => {
    const totals = lineTotals([
      queue({ queueId: "1", waiting: 2, longestWaitSeconds: 200, answeredToday: 8, abandonedToday: 2, shortAbandonedToday: 0, serviceLevel: 0.5, averageSpeedOfAnswerSeconds: 30, breachesToday: 1, handledToday: 6, averageHandleSeconds: 300 }),
      queue({ queueId: "2", waiting: 1, longestWaitSeconds: 40, answeredToday: 90, abandonedToday: 1, shortAbandonedToday: 1, serviceLevel: 1, averageSpeedOfAnswerSeconds: 10, handledToday: 2, averageHandleSeconds: 100 }),
      queue({ queueId: "3", tenantId: "line-b", waiting: 4, longestWaitSeconds: 300 }),
    ]);
    const a = totals.get("line-a")!;
    expect(a).toMatchObject({ queues: 2, waiting: 3, longestWaitSeconds: 200, answeredToday: 98, abandonedToday: 3, breachesToday: 1 });
    // 5 of 10 in the first queue, 90 of 90 in the second (its short abandon left out): 95 of 100, not (50 % + 100 %) / 2.
    expect(a.serviceLevel).toBeCloseTo(0.95);
    expect(a.averageSpeedOfAnswerSeconds).toBeCloseTo((8 * 30 + 90 * 10) / 98, 1);
    // 6 contacts of 300 s and 2 of 100 s: 250 s, not (300 + 100) / 2.
    expect(a.averageHandleSeconds).toBe(250);
    expect(totals.get("line-b")).toMatchObject({ queues: 1, waiting: 4, serviceLevel: null, averageSpeedOfAnswerSeconds: null, averageHandleSeconds: null });
  });
});

describe("re-read lists", () => {
  it("keep the objects of unchanged items, and the whole list when nothing changed", () => {
    const before = { items: [queue({ queueId: "1" }), queue({ queueId: "2" })] };
    const same = shareItems(before, { items: [queue({ queueId: "1" }), queue({ queueId: "2" })] }, (q) => q.queueId);
    expect(same).toBe(before);
    const next = shareItems(before, { items: [queue({ queueId: "1" }), queue({ queueId: "2", waiting: 1 })] }, (q) => q.queueId);
    expect(next).not.toBe(before);
    expect(next.items[0]).toBe(before.items[0]);
    expect(next.items[1]!.waiting).toBe(1);
  });
});

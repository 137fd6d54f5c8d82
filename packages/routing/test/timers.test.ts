import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimerQueue } from "../src/timers";

/**
 * The timer queue keeps lanes of equal delay and a heap for the rest; whatever the mix, it must give timers in
 * exactly the order (at, seq) of a plain sorted list, as the single heap it replaced did.
 */
type Op = { kind: "arm"; delay: number } | { kind: "pass"; ms: number } | { kind: "take"; count: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  // A few common delays (lanes), a wide spread (past the lane limit), and timers armed in the past.
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("arm" as const), delay: fc.constantFrom(0, 20_000, 30_000, 135_000, 180_000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("arm" as const), delay: fc.integer({ min: -5_000, max: 400_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pass" as const), ms: fc.integer({ min: 0, max: 60_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("take" as const), count: fc.integer({ min: 1, max: 20 }) }) },
);

describe("timer queue", () => {
  it("gives timers in (at, seq) order, like a sorted list, over lanes and the heap alike", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 1500 }), (ops) => {
        const queue = new TimerQueue<{ at: number; seq: number }>();
        let reference: Array<{ at: number; seq: number }> = [];
        let now = 1_000_000;
        let seq = 0;
        const takeDue = (upTo: number, count: number) => {
          for (let i = 0; i < count; i++) {
            const t = queue.peek();
            const expected = reference[0];
            expect(t).toBe(expected);
            if (!t || t.at > upTo) return;
            expect(queue.pop()).toBe(expected);
            reference.shift();
          }
        };
        for (const o of ops) {
          if (o.kind === "arm") {
            const t = { at: now + o.delay, seq: ++seq };
            queue.push(t, now);
            reference.push(t);
            reference.sort((a, b) => a.at - b.at || a.seq - b.seq);
          } else if (o.kind === "pass") now += o.ms;
          else takeDue(now, o.count);
        }
        expect(queue.toArray()).toEqual(reference);
        takeDue(Infinity, reference.length + 1);
        expect(queue.pop()).toBeUndefined();
        reference = [];
      }),
      { numRuns: 200 },
    );
  });

  it("keeps a long busy lane in order while it drops its consumed front", () => {
    const queue = new TimerQueue<{ at: number; seq: number }>();
    let seq = 0;
    const taken: number[] = [];
    for (let now = 0; now < 5_000; now++) {
      queue.push({ at: now + 30_000, seq: ++seq }, now);
      if (now % 2 === 0 && now > 2_000) taken.push(queue.pop()!.seq);
    }
    while (queue.peek()) taken.push(queue.pop()!.seq);
    expect(taken).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
  });
});

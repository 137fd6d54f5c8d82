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
        const queue = new TimerQueue<{ id: number }>();
        let reference: Array<{ at: number; seq: number; kind: number; token: number; contact: { id: number } }> = [];
        let now = 1_000_000;
        let seq = 0;
        // What the queue says of its earliest timer, every field of it.
        const head = () => ({ at: queue.at, seq: queue.seq, kind: queue.kind, token: queue.token, contact: queue.contact });
        const takeDue = (upTo: number, count: number) => {
          for (let i = 0; i < count; i++) {
            const expected = reference[0];
            expect(queue.peek()).toBe(expected !== undefined);
            if (!expected) return;
            expect(head()).toEqual(expected);
            if (expected.at > upTo) return;
            expect(queue.pop()).toBe(true);
            expect(head()).toEqual(expected);
            expect(queue.contact).toBe(expected.contact);
            reference.shift();
          }
        };
        for (const o of ops) {
          if (o.kind === "arm") {
            seq++;
            const t = { at: now + o.delay, seq, kind: seq % 7, token: seq * 3, contact: { id: seq } };
            queue.push(t.at, t.seq, t.kind, t.token, t.contact, now);
            reference.push(t);
            reference.sort((a, b) => a.at - b.at || a.seq - b.seq);
          } else if (o.kind === "pass") now += o.ms;
          else takeDue(now, o.count);
        }
        expect(queue.toArray()).toEqual(reference);
        takeDue(Infinity, reference.length + 1);
        expect(queue.pop()).toBe(false);
        reference = [];
      }),
      { numRuns: 200 },
    );
  });

  it("keeps a long busy lane in order while its ring wraps around and grows", () => {
    const queue = new TimerQueue<string>();
    let seq = 0;
    const taken: string[] = [];
    const take = () => {
      queue.pop();
      taken.push(`${queue.seq}:${queue.contact}`);
    };
    for (let now = 0; now < 5_000; now++) {
      seq++;
      queue.push(now + 30_000, seq, 1, seq, `c${seq}`, now);
      if (now % 2 === 0 && now > 2_000) take();
      // Bursts of taking, so the front passes the ring's end before it grows again.
      if (now % 500 === 499) for (let i = 0; i < 200; i++) take();
    }
    while (queue.peek()) take();
    expect(taken).toEqual(Array.from({ length: 5_000 }, (_, i) => `${i + 1}:c${i + 1}`));
  });
});

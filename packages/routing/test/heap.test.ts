import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyedHeap } from "../src/heap";

/**
 * The engine files each waiting contact in a heap with its version as the tag, and tells a stale entry (the
 * contact moved since) by that tag alone: the tag must travel with its item through every sift.
 */
type Op = { kind: "push" | "replace"; k1: number; k2: number; tag: number } | { kind: "pop" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("push" as const, "push" as const, "replace" as const), k1: fc.integer({ min: -3, max: 3 }), k2: fc.integer({ min: 0, max: 50 }), tag: fc.nat(1000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pop" as const) }) },
);

describe("keyed heap", () => {
  it("pops in key order, each item with the tag it was pushed with, like a sorted list (through replaceTop too)", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const heap = new KeyedHeap<{ id: number }>();
        let reference: Array<{ id: number; k1: number; k2: number; k3: number; tag: number }> = [];
        let id = 0;
        for (const o of ops) {
          if (o.kind === "push" || o.kind === "replace") {
            const item = { id: id++ };
            // The third key is unique, as the engine's arrival sequence is: the order is total.
            if (o.kind === "replace") {
              // The head goes and the new item comes in, as a pop then a push would.
              heap.replaceTop(item, o.k1, o.k2, item.id, o.tag);
              reference = reference.slice(1);
            } else heap.push(item, o.k1, o.k2, item.id, o.tag);
            reference.push({ id: item.id, k1: o.k1, k2: o.k2, k3: item.id, tag: o.tag });
            reference.sort((a, b) => a.k1 - b.k1 || a.k2 - b.k2 || a.k3 - b.k3);
          } else {
            const expected = reference[0];
            expect(heap.peekTag()).toBe(expected ? expected.tag : NaN);
            const got = heap.pop();
            expect(got?.id).toBe(expected?.id);
            reference = reference.slice(1);
          }
          expect(heap.size).toBe(reference.length);
          expect(heap.peek()?.id).toBe(reference[0]?.id);
          expect(heap.peekTag()).toBe(reference[0] ? reference[0].tag : NaN);
        }
      }),
      { numRuns: 150 },
    );
  });
});

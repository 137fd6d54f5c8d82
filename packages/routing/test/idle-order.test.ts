import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdleOrder } from "../src/idle-order";
import { liveAgent, type Agent, type LiveAgent } from "../src/model";

const agent = (id: string): LiveAgent => {
  const record: Agent = { id, skills: {}, capacity: { voice: 1, chat: 3, email: 5, callback: 1, message: 5 }, teamIds: [], tenantIds: null, presence: "available", reason: null, presenceSince: 0, idleSince: 0, work: {}, handled: 0, handledDay: "" };
  return liveAgent(record);
};

describe("the longest-idle order of free agents", () => {
  it("lists exactly the agents filed, by the idle time they were filed under and then by id, through any filing and leaving", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `a${String(i).padStart(2, "0")}`);
    const op = fc.record({ agent: fc.integer({ min: 0, max: ids.length - 1 }), leave: fc.boolean(), idleSince: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const order = new IdleOrder(0);
        const agents = ids.map(agent);
        // The plain reference: a map of who is filed under which idle time, sorted when read.
        const filed = new Map<string, number>();
        for (const o of ops) {
          const a = agents[o.agent]!;
          if (o.leave) {
            order.remove(a);
            filed.delete(a.id);
          } else {
            // As the engine does: re-filing under a new time means leaving first.
            if (filed.has(a.id)) order.remove(a);
            a.idleSince = o.idleSince;
            order.insert(a);
            filed.set(a.id, o.idleSince);
          }
          const expected = [...filed].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1)).map(([id]) => id);
          expect(order.slots.filter((s) => s !== null).map((s) => s.id)).toEqual(expected);
          for (const a of agents) expect(order.filedUnder(a)).toBe(filed.get(a.id));
        }
      }),
      { numRuns: 200 },
    );
  });
});

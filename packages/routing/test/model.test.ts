import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANNEL_BIT, dropWork, liveAgent, loadOf, putWork, takeMask, workTable, type Agent, type LiveAgent, type WorkItem } from "../src/model";
import { CHANNELS, type Channel } from "../src/types";

/** The rule read straight from the agent's work, as the engine once did: within capacity, a call excludes chats. */
function canTakeByWalking(agent: LiveAgent, channel: Channel): boolean {
  if (agent.presence !== "available") return false;
  const phone = (ch: Channel) => ch === "voice" || ch === "callback";
  const items = agent.work;
  if (items.filter((w) => w.channel === channel).length >= (agent.capacity[channel] ?? 0)) return false;
  const phones = items.filter((w) => phone(w.channel)).length;
  const chats = items.filter((w) => w.channel === "chat").length;
  if (phone(channel)) return phones === 0 && chats === 0;
  if (channel === "chat") return phones === 0;
  return true;
}

describe("what an agent can take", () => {
  it("the mask from the agent's counted load agrees with walking its work, for any work and capacity", () => {
    const channel = fc.constantFrom<Channel>(...CHANNELS);
    const work = fc.array(fc.record({ channel, status: fc.constantFrom("offered" as const, "connected" as const, "wrap_up" as const) }), { maxLength: 8 });
    const capacity = fc.record({ voice: fc.nat(2), chat: fc.nat(4), email: fc.nat(6), callback: fc.nat(2), message: fc.nat(6) });
    const presence = fc.constantFrom("available" as const, "available" as const, "not_ready" as const, "offline" as const);
    fc.assert(
      fc.property(work, capacity, presence, (items, cap, p) => {
        const record: Agent = { id: "a", skills: {}, capacity: cap, teamIds: [], tenantIds: null, presence: p, reason: null, presenceSince: 0, idleSince: 0, work: {}, handled: 0, handledDay: "" };
        const agent = liveAgent(record);
        // Built up item by item, with a spare item put in and taken out, as the engine changes work.
        items.forEach((w, i) => {
          putWork(agent, `c${i}`, w.channel, "offered");
          putWork(agent, `c${i}`, w.channel, w.status);
        });
        putWork(agent, "spare", "email", "connected");
        dropWork(agent, "spare");
        const mask = takeMask(agent);
        for (const ch of CHANNELS) expect((mask & CHANNEL_BIT[ch]) !== 0, ch).toBe(canTakeByWalking(agent, ch));
        expect(agent.load).toEqual({ ...loadOf({ ...agent, work: workTable(agent.work) }), filed: agent.load.filed });
      }),
      { numRuns: 500 },
    );
  });
});

describe("an agent's work list", () => {
  it("reads back as the table the engine kept before (a prototype-less object, changed in place), in the same key order", () => {
    // Ids an object orders in its own way: array indexes first and ascending, then the rest as put in.
    const id = fc.constantFrom("c1", "c2", "c3", "10", "2", "0", "__proto__", "constructor", "x");
    const op = fc.record({ id, drop: fc.boolean(), channel: fc.constantFrom<Channel>(...CHANNELS), status: fc.constantFrom("offered" as const, "connected" as const, "wrap_up" as const) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const record: Agent = { id: "a", skills: {}, capacity: { voice: 1, chat: 3, email: 5, callback: 1, message: 5 }, teamIds: [], tenantIds: null, presence: "available", reason: null, presenceSince: 0, idleSince: 0, work: {}, handled: 0, handledDay: "" };
        const agent = liveAgent(record);
        const table = Object.create(null) as Record<string, WorkItem>;
        for (const o of ops) {
          if (o.drop) {
            dropWork(agent, o.id);
            delete table[o.id];
          } else {
            putWork(agent, o.id, o.channel, o.status);
            const prev = table[o.id];
            if (prev) Object.assign(prev, { channel: o.channel, status: o.status });
            else table[o.id] = { channel: o.channel, status: o.status };
          }
          const listed = workTable(agent.work);
          expect(Object.keys(listed)).toEqual(Object.keys(table));
          expect(Object.entries(listed)).toEqual(Object.entries(table));
          expect(Object.getPrototypeOf(listed)).toBe(null);
          // And back: a restored agent lists its work in the same order.
          expect(Object.keys(workTable(liveAgent({ ...record, work: structuredClone(listed) }).work))).toEqual(Object.keys(table));
        }
      }),
      { numRuns: 300 },
    );
  });
});

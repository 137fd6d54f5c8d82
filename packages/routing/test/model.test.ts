import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANNEL_BIT, dropWork, loadOf, putWork, takeMask, type Agent, type LiveAgent } from "../src/model";
import { CHANNELS, type Channel } from "../src/types";

/** The rule read straight from the agent's work, as the engine once did: within capacity, a call excludes chats. */
function canTakeByWalking(agent: Agent, channel: Channel): boolean {
  if (agent.presence !== "available") return false;
  const phone = (ch: Channel) => ch === "voice" || ch === "callback";
  const items = Object.values(agent.work);
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
        const agent: LiveAgent = { ...record, load: loadOf(record) };
        // Built up item by item, with a spare item put in and taken out, as the engine changes work.
        items.forEach((w, i) => {
          putWork(agent, `c${i}`, w.channel, "offered");
          putWork(agent, `c${i}`, w.channel, w.status);
        });
        putWork(agent, "spare", "email", "connected");
        dropWork(agent, "spare");
        const mask = takeMask(agent);
        for (const ch of CHANNELS) expect((mask & CHANNEL_BIT[ch]) !== 0, ch).toBe(canTakeByWalking(agent, ch));
        expect(agent.load).toEqual({ ...loadOf(agent), filed: agent.load.filed });
      }),
      { numRuns: 500 },
    );
  });
});

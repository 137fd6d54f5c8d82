import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANNEL_BIT, canTake, takeMask, type Agent } from "../src/model";
import { CHANNELS, type Channel } from "../src/types";

describe("what an agent can take", () => {
  it("the one-pass mask of channels agrees with asking channel by channel, for any work and capacity", () => {
    const channel = fc.constantFrom<Channel>(...CHANNELS);
    const work = fc.array(fc.record({ channel, status: fc.constantFrom("offered" as const, "connected" as const, "wrap_up" as const) }), { maxLength: 8 });
    const capacity = fc.record({ voice: fc.nat(2), chat: fc.nat(4), email: fc.nat(6), callback: fc.nat(2), message: fc.nat(6) });
    const presence = fc.constantFrom("available" as const, "available" as const, "not_ready" as const, "offline" as const);
    fc.assert(
      fc.property(work, capacity, presence, (items, cap, p) => {
        const agent: Agent = { id: "a", skills: {}, capacity: cap, teamIds: [], tenantIds: null, presence: p, reason: null, presenceSince: 0, idleSince: 0, work: Object.fromEntries(items.map((w, i) => [`c${i}`, w])), handled: 0, handledDay: "" };
        const mask = takeMask(agent);
        for (const ch of CHANNELS) expect((mask & CHANNEL_BIT[ch]) !== 0, ch).toBe(canTake(agent, ch));
      }),
      { numRuns: 500 },
    );
  });
});

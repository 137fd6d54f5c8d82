import { describe, expect, it } from "vitest";
import { apiClient } from "./harness";
import { useMokedSuite } from "./suite";

/**
 * The promise behind the whole product: a crash never loses a waiting contact. A real server process takes
 * traffic, is killed with SIGKILL in the middle of it, and starts again on the same database. Every contact
 * whose creation was acknowledged must still be there, in routing or ended, held by at most one agent; and
 * when the day is closed every one of them has exactly one final state.
 */
const FINAL = new Set(["interaction.completed", "interaction.abandoned", "interaction.overflowed", "interaction.callback_requested", "interaction.message_left", "interaction.transferred_out"]);

// The server only: this file drives the API, no browser.
const suite = useMokedSuite("routing-crash", {}, { browserArgs: false });

describe("a crash under traffic", () => {
  it("loses no contact and offers none twice", async () => {
    const moked = suite.moked;
    const base = () => moked.baseUrl;
    const admin = await apiClient(base, "admin@moked.local");
    const agents = await Promise.all(["agent1@moked.local", "agent3@moked.local", "agent4@moked.local"].map((e) => apiClient(base, e)));
    const tenants = (await admin.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string }>;
    const sky = tenants.find((t) => t.slug === "sky-tours")!.id;
    const queue = ((await admin.call("GET", "/api/v1/queues")).body.items as Array<{ id: string; tenantId: string }>).find((q) => q.tenantId === sky)!.id;
    for (const a of agents) expect((await a.call("PUT", "/api/v1/agents/me/state", { state: "available" })).status).toBe(200);

    // Traffic: callers arrive in bursts while agents answer what they are offered.
    const acknowledged = new Set<string>();
    let stop = false;
    const caller = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        const res = await admin.call("POST", "/api/v1/interactions", { tenantId: sky, queueId: queue, channel: i % 3 === 0 ? "chat" : "voice", externalId: `w${worker}-${i}`, topic: "fault" }).catch(() => null);
        if (res?.status === 201 || res?.status === 200) acknowledged.add(res.body.interaction.id);
      }
    };
    const answerer = async (a: (typeof agents)[number]) => {
      while (!stop) {
        const me = await a.call("GET", "/api/v1/agents/me").catch(() => null);
        const work = (me?.body.agent?.work ?? []) as Array<{ interactionId: string; status: string }>;
        for (const w of work) {
          if (w.status === "offered") await a.call("POST", `/api/v1/interactions/${w.interactionId}/accept`).catch(() => null);
          else if (w.status === "connected") await a.call("POST", `/api/v1/interactions/${w.interactionId}/wrap-up`, { code: "handled" }).catch(() => null);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const load = [caller(1), caller(2), caller(3), ...agents.map(answerer)];
    while (acknowledged.size < 60) await new Promise((r) => setTimeout(r, 50));

    await moked.stop("SIGKILL");
    stop = true;
    await Promise.all(load);
    const beforeCrash = new Set(acknowledged);
    expect(beforeCrash.size).toBeGreaterThanOrEqual(60);

    await moked.restart();
    await admin.login();
    for (const a of agents) await a.login();

    // Every acknowledged contact is there, and the live engine and the database agree on it.
    const waiting = new Set(((await admin.call("GET", `/api/v1/queues/${queue}/waiting`)).body.items as Array<{ interactionId: string }>).map((w) => w.interactionId));
    const held = new Map<string, string>();
    for (const agent of (await admin.call("GET", "/api/v1/agents")).body.items as Array<{ agentId: string; work: Array<{ interactionId: string }> }>) {
      for (const w of agent.work) {
        expect(held.has(w.interactionId), `${w.interactionId} held by two agents`).toBe(false);
        held.set(w.interactionId, agent.agentId);
      }
    }
    let stillOpen = 0;
    for (const id of beforeCrash) {
      const res = await admin.call("GET", `/api/v1/interactions/${id}`);
      expect(res.status, `acknowledged contact ${id} is gone`).toBe(200);
      const i = res.body.interaction;
      if (i.status === "ended") {
        expect(i.finalState).toBeTruthy();
        expect(waiting.has(id) || held.has(id)).toBe(false);
      } else {
        stillOpen++;
        expect(waiting.has(id) || held.has(id), `${id} (${i.status}) is in the database but not in routing`).toBe(true);
      }
    }

    // Close the day: callers still on the line hang up, agents file their wrap-ups.
    // A connected call ends as answered, an offered or waiting one as an abandon.
    for (const id of held.keys()) await admin.call("POST", `/api/v1/interactions/${id}/hangup`);
    for (const id of waiting) await admin.call("POST", `/api/v1/interactions/${id}/hangup`);
    for (const a of agents) {
      const work = ((await a.call("GET", "/api/v1/agents/me")).body.agent.work ?? []) as Array<{ interactionId: string; status: string }>;
      for (const w of work) if (w.status === "wrap_up") await a.call("POST", `/api/v1/interactions/${w.interactionId}/wrap-up`, { code: "closed" });
    }
    for (const id of beforeCrash) {
      const events = (await admin.call("GET", `/api/v1/interactions/${id}/events`)).body.items as Array<{ type: string }>;
      expect(events[0]!.type).toBe("interaction.arrived");
      expect(events.filter((e) => FINAL.has(e.type)).map((e) => e.type), id).toHaveLength(1);
    }
    // The crash caught contacts in flight, or the test proved little.
    expect(stillOpen).toBeGreaterThan(0);
    // Traffic, a SIGKILL, a restart that rebuilds routing from the database, and a hundred-odd contacts read
    // back: a minute on a quiet machine's two cores is not enough when they are shared.
  }, 240_000);
});

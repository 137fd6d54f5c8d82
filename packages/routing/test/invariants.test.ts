import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FINAL_STATES} from "../src";
import { RoutingEngine, type Channel, type Command, type EngineEvent } from "../src";
import { ALWAYS, T0, TENANT, queue } from "./fixture";

/**
 * Random days in a small center: contacts of every channel arriving with random priorities and languages,
 * agents coming and going, accepting, rejecting, ignoring offers, customers hanging up and choosing, time
 * passing. After every command the engine's own state is checked against the rules.
 */
const AGENTS = ["a1", "a2", "a3", "a4"];
const CHANNELS: Channel[] = ["voice", "chat", "email"];
const LANGS = ["he", "ru", "ar"];

type Step =
  | { kind: "arrive"; channel: Channel; priority: number; lang: string; queue: string }
  | { kind: "state"; agent: string; state: "available" | "not_ready" | "offline" }
  | { kind: "accept" | "reject"; pick: number }
  | { kind: "hangup" | "complete" | "wrap"; pick: number }
  | { kind: "choose"; pick: number; choice: "hold" | "leave_message" | "keep_place_callback" | "scheduled_callback" }
  | { kind: "transfer"; pick: number; to: string }
  | { kind: "wait"; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("arrive" as const), channel: fc.constantFrom(...CHANNELS), priority: fc.constantFrom(0, 0, 0, 5), lang: fc.constantFrom(...LANGS), queue: fc.constantFrom("q", "q", "sales") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("state" as const), agent: fc.constantFrom(...AGENTS), state: fc.constantFrom("available" as const, "available" as const, "not_ready" as const, "offline" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("accept" as const, "accept" as const, "reject" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("hangup" as const, "complete" as const, "wrap" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("choose" as const), pick: fc.nat(), choice: fc.constantFrom("hold" as const, "leave_message" as const, "keep_place_callback" as const, "scheduled_callback" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("transfer" as const), pick: fc.nat(), to: fc.constantFrom("q", "sales", "a1", "a3") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 500, max: 90_000 }) }) },
);

function setup(): Command[] {
  return [
    { type: "configure_tenant", tenant: ALWAYS },
    {
      type: "configure_queue",
      queue: queue("q", { offerTimeoutSeconds: 10, wrapUpSeconds: 5, maxWaitSeconds: 400, steps: [{ target: { kind: "skills", minProficiency: 3 }, waitSeconds: 20 }, { target: { kind: "skills" }, waitSeconds: 60 }, { target: { kind: "queue", queueId: "sales" } }] }),
    },
    { type: "configure_queue", queue: queue("sales", { strategy: "least_occupied", steps: [{ target: { kind: "skills" }, waitSeconds: 120 }, { target: { kind: "overflow", to: "message" } }] }) },
    ...AGENTS.map(
      (agentId, i): Command => ({
        type: "configure_agent",
        agent: { agentId, skills: [{ skill: "lang:he", proficiency: 5 }, { skill: LANGS[i % 3] === "he" ? "lang:ru" : `lang:${LANGS[i % 3]}`, proficiency: 1 + (i % 5) }], capacity: { chat: 2 + (i % 2) } },
      }),
    ),
  ];
}

/** Turns a generated step into a command against the engine's current state. */
function commandFor(engine: RoutingEngine, s: Step, n: number): Command | null {
  const live = engine.listWaiting();
  const pick = <T>(items: T[], i: number) => (items.length > 0 ? items[i % items.length]! : undefined);
  switch (s.kind) {
    case "arrive":
      return { type: "arrive", interaction: { id: `c${n}`, tenantId: TENANT, queueId: s.queue, channel: s.channel, priority: s.priority, requiredSkills: [{ skill: `lang:${s.lang}` }], topic: n % 2 ? "fault" : "general" } };
    case "state":
      return { type: "agent_state", agentId: s.agent, state: s.state, ...(s.state === "not_ready" ? { reason: "break" } : {}) };
    case "accept":
    case "reject": {
      const c = pick(live.filter((c) => c.status === "offered"), s.pick);
      return c ? { type: s.kind, interactionId: c.interactionId, agentId: c.agentId! } : null;
    }
    case "hangup": {
      const c = pick(live, s.pick);
      return c ? { type: "hangup", interactionId: c.interactionId } : null;
    }
    case "complete":
    case "wrap": {
      const c = pick(live.filter((c) => c.status === "connected" || (s.kind === "wrap" && c.status === "wrap_up")), s.pick);
      return c ? { type: s.kind === "wrap" ? "wrap_up" : "complete", interactionId: c.interactionId, agentId: c.agentId!, ...(s.kind === "wrap" ? { code: "done" } : {}) } : null;
    }
    case "choose": {
      const c = pick(live.filter((c) => c.status === "waiting" || c.status === "offered"), s.pick);
      return c ? { type: "customer_choice", interactionId: c.interactionId, choice: s.choice } : null;
    }
    case "transfer": {
      const c = pick(live.filter((c) => c.status !== "wrap_up"), s.pick);
      if (!c) return null;
      return { type: "transfer", interactionId: c.interactionId, to: s.to.startsWith("a") ? { agentId: s.to } : { queueId: s.to }, ...(c.agentId && c.status === "connected" ? { by: c.agentId } : {}) };
    }
    case "wait":
      return { type: "tick" };
  }
}

const FINAL_EVENT: Record<string, (typeof FINAL_STATES)[number]> = {
  "interaction.completed": "answered",
  "interaction.abandoned": "abandoned",
  "interaction.overflowed": "overflowed",
  "interaction.callback_requested": "callback",
  "interaction.message_left": "message",
  "interaction.transferred_out": "transferred",
};

function checkState(engine: RoutingEngine): void {
  const contacts = engine.listWaiting();
  const agents = engine.listAgents();
  // Never offered to (or held by) two agents at once, and every agent's work matches the contact's record.
  const holder = new Map<string, string>();
  for (const a of agents) {
    for (const w of a.work) {
      expect(holder.has(w.interactionId), `${w.interactionId} held twice`).toBe(false);
      holder.set(w.interactionId, a.agentId);
    }
    // No agent over capacity, and a call never alongside a chat.
    const by = (ch: string) => a.work.filter((w) => w.channel === ch).length;
    expect(by("voice")).toBeLessThanOrEqual(1);
    expect(by("chat")).toBeLessThanOrEqual(3);
    expect(by("email")).toBeLessThanOrEqual(5);
    expect(by("voice") > 0 && by("chat") > 0).toBe(false);
    if (a.presence === "offline") expect(a.work.filter((w) => w.status === "offered")).toEqual([]);
  }
  for (const c of contacts) {
    if (c.status === "waiting") expect(holder.has(c.interactionId)).toBe(false);
    else expect(holder.get(c.interactionId)).toBe(c.agentId);
    // One contact's view (counted when it is the last of its class, walked otherwise) agrees with the listing's
    // place in line, which sorts the whole queue.
    expect(engine.contact(c.interactionId), c.interactionId).toEqual(c);
  }
}

/** Replays the event log, checking each first offer against the contacts waiting at that moment. */
function checkOrder(events: EngineEvent[], priority: Map<string, number>, arrived: Map<string, number>, lang: Map<string, string>, channel: Map<string, string>, queueOf: Map<string, string>): void {
  const waiting = new Set<string>();
  const pinned = new Set<string>();
  // Later steps widen the target here, so a contact at an earlier step may rightly wait for a stronger agent.
  const step = new Map<string, number>();
  for (const e of events) {
    const id = e.interactionId;
    if (!id) continue;
    if (e.type === "interaction.requeued") {
      queueOf.set(id, e.queueId as string);
      step.set(id, 0);
    }
    if (e.type === "interaction.step_changed") step.set(id, e.step as number);
    if (e.type === "interaction.arrived" || e.type === "offer.rejected" || e.type === "offer.timed_out" || e.type === "offer.withdrawn") waiting.add(id);
    // A contact moved to a named agent waits for that agent only, outside the queue's order.
    if (e.type === "interaction.transferred") {
      if (e.agentId) pinned.add(id);
      else pinned.delete(id);
      waiting.add(id);
    }
    if (e.type === "interaction.offered") {
      // Nothing of the same queue, channel and language with a higher priority, or the same priority and
      // an earlier arrival, may be left waiting when a contact is offered.
      for (const other of waiting) {
        if ((step.get(other) ?? 0) < (step.get(id) ?? 0)) continue;
        if (other === id || pinned.has(other) || pinned.has(id) || queueOf.get(other) !== queueOf.get(id) || channel.get(other) !== channel.get(id) || lang.get(other) !== lang.get(id)) continue;
        const ahead = priority.get(other)! > priority.get(id)! || (priority.get(other) === priority.get(id) && arrived.get(other)! < arrived.get(id)!);
        expect(ahead, `${other} was ahead of ${id} at ${e.at}`).toBe(false);
      }
      waiting.delete(id);
    }
    if (FINAL_EVENT[e.type]) waiting.delete(id);
  }
}

describe("routing invariants under random traffic", () => {
  it("never double-offers, never overfills an agent, keeps order, and ends every contact exactly once", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 160 }), (steps) => {
        const engine = new RoutingEngine();
        let now = T0;
        const events: EngineEvent[] = [];
        for (const c of setup()) events.push(...engine.handle(c, now).events);
        steps.forEach((s, n) => {
          if (s.kind === "wait") now += s.ms;
          else now += 100;
          const command = commandFor(engine, s, n);
          if (!command) return;
          const result = engine.handle(command, now);
          events.push(...result.events);
          checkState(engine);
        });
        // Close the day: everyone still in the engine leaves, every agent wraps up.
        for (let round = 0; round < 4 && engine.listWaiting().length > 0; round++) {
          for (const c of engine.listWaiting()) {
            now += 10;
            const cmd: Command =
              c.status === "wrap_up" ? { type: "wrap_up", interactionId: c.interactionId, agentId: c.agentId! } : c.keepingPlace && c.status !== "connected" ? { type: "customer_choice", interactionId: c.interactionId, choice: "scheduled_callback" } : { type: "hangup", interactionId: c.interactionId };
            events.push(...engine.handle(cmd, now).events);
          }
          events.push(...engine.handle({ type: "tick" }, (now += 60_000)).events);
        }
        expect(engine.listWaiting()).toEqual([]);

        const arrivedEvents = events.filter((e) => e.type === "interaction.arrived");
        const finals = new Map<string, string[]>();
        for (const e of events) if (FINAL_EVENT[e.type]) finals.set(e.interactionId!, [...(finals.get(e.interactionId!) ?? []), FINAL_EVENT[e.type]!]);
        for (const a of arrivedEvents) expect(finals.get(a.interactionId!), a.interactionId).toHaveLength(1);
        expect(finals.size).toBe(arrivedEvents.length);

        const priority = new Map(arrivedEvents.map((e) => [e.interactionId!, e.priority as number]));
        const arrived = new Map(arrivedEvents.map((e) => [e.interactionId!, e.arrivedAt as number]));
        const lang = new Map(arrivedEvents.map((e) => [e.interactionId!, JSON.stringify(e.requiredSkills)]));
        const channel = new Map(arrivedEvents.map((e) => [e.interactionId!, e.channel as string]));
        const queueOf = new Map(arrivedEvents.map((e) => [e.interactionId!, e.queueId as string]));
        checkOrder(events, priority, arrived, lang, channel, queueOf);
      }),
      { numRuns: 150 },
    );
  });

  it("a restored engine carries on exactly as the original", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 80 }), fc.nat(), (steps, cut) => {
        const original = new RoutingEngine();
        let now = T0;
        for (const c of setup()) original.handle(c, now);
        const at = cut % steps.length;
        let restored: RoutingEngine | null = null;
        const a: EngineEvent[] = [];
        const b: EngineEvent[] = [];
        steps.forEach((s, n) => {
          if (n === at) restored = RoutingEngine.fromState(JSON.parse(JSON.stringify(original.exportState())));
          now += s.kind === "wait" ? s.ms : 100;
          const command = commandFor(original, s, n);
          if (!command) return;
          a.push(...(n >= at ? original.handle(command, now).events : (original.handle(command, now), [])));
          if (restored) b.push(...(restored as RoutingEngine).handle(command, now).events);
        });
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});

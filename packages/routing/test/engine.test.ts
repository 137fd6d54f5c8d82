import { describe, expect, it } from "vitest";
import { RoutingEngine } from "../src";
import { ALWAYS, Harness, OTHER, T0, TENANT, queue } from "./fixture";

const S = 1000;
const MIN = 60 * S;

function center(q = queue("q")) {
  return new Harness().tenant().queue(q);
}

describe("offering contacts to agents", () => {
  it("offers a new contact to the longest-idle eligible agent and counts the wait on answer", () => {
    const h = center();
    h.agent("a1");
    h.now += 10 * S;
    h.agent("a2");
    h.arrive("c1");
    expect(h.offeredTo("c1")).toBe("a1");
    h.now += 4 * S;
    const [answered] = h.ok({ type: "accept", interactionId: "c1", agentId: "a1" });
    expect(answered).toMatchObject({ type: "interaction.answered", agentId: "a1", waitMs: 4 * S, withinServiceLevel: true, deadlineMet: true });
    expect(h.engine.agent("a1")!.activity).toBe("busy");
  });

  it("routes by the contact's language: a Russian caller waits for a Russian speaker", () => {
    const h = center();
    h.agent("he-only", { "lang:he": 5 });
    h.arrive("c1", "q", { requiredSkills: [{ skill: "lang:ru" }] });
    expect(h.offeredTo("c1")).toBeNull();
    h.agent("ru", { "lang:ru": 2 });
    expect(h.offeredTo("c1")).toBe("ru");
  });

  it("keeps arrival order within a priority, and serves a higher priority first", () => {
    const h = center();
    h.arrive("first");
    h.now += S;
    h.arrive("second");
    h.now += S;
    h.arrive("urgent", "q", { priority: 5 });
    h.now += S;
    h.arrive("protected", "q", { protectedCustomer: true });
    h.agent("a1");
    expect(h.offeredTo("protected")).toBe("a1");
    h.agent("a2");
    expect(h.offeredTo("urgent")).toBe("a2");
    h.agent("a3");
    expect(h.offeredTo("first")).toBe("a3");
    expect(h.engine.contact("second")!.position).toBe(1);
  });

  it("on a missed offer puts the contact back in its place and the agent in not-ready (missed offer)", () => {
    const h = center(queue("q", { offerTimeoutSeconds: 15 }));
    h.arrive("c1");
    h.now += S;
    h.arrive("c2");
    h.agent("a1");
    expect(h.offeredTo("c1")).toBe("a1");
    h.advance(15 * S);
    expect(h.of("offer.timed_out", "c1")).toHaveLength(1);
    expect(h.engine.agent("a1")).toMatchObject({ presence: "not_ready", reason: "missed_offer" });
    h.agent("a2");
    expect(h.offeredTo("c1")).toBe("a2");
  });

  it("a rejected offer goes to the next agent and the rejecting agent stops getting offers", () => {
    const h = center();
    h.agent("a1");
    h.arrive("c1");
    h.ok({ type: "reject", interactionId: "c1", agentId: "a1" });
    expect(h.offeredTo("c1")).toBeNull();
    expect(h.engine.agent("a1")!.presence).toBe("not_ready");
    h.agent("a2");
    expect(h.offeredTo("c1")).toBe("a2");
  });

  it("refuses to accept for an agent the contact was not offered to", () => {
    const h = center();
    h.agent("a1").agent("a2", {}, {}, false);
    h.arrive("c1");
    expect(h.run({ type: "accept", interactionId: "c1", agentId: "a2" }).error?.code).toBe("conflict");
    expect(h.run({ type: "arrive", interaction: { id: "x", tenantId: TENANT, queueId: "nope", channel: "voice" } }).error?.code).toBe("not_found");
    expect(h.run({ type: "arrive", interaction: { id: "x", tenantId: OTHER, queueId: "q", channel: "voice" } }).error?.code).toBe("invalid");
  });
});

describe("capacity per channel", () => {
  it("gives an agent up to three chats, and no call while chatting", () => {
    const h = center();
    h.agent("a1");
    for (const id of ["ch1", "ch2", "ch3", "ch4"]) h.arrive(id, "q", { channel: "chat" });
    expect(["ch1", "ch2", "ch3", "ch4"].map((id) => h.offeredTo(id))).toEqual(["a1", "a1", "a1", null]);
    h.arrive("call", "q", { channel: "voice" });
    expect(h.offeredTo("call")).toBeNull();
  });

  it("a call blocks new chats but not e-mail", () => {
    const h = center();
    h.agent("a1");
    h.arrive("call");
    h.arrive("chat", "q", { channel: "chat" });
    h.arrive("mail", "q", { channel: "email" });
    expect([h.offeredTo("call"), h.offeredTo("chat"), h.offeredTo("mail")]).toEqual(["a1", null, "a1"]);
  });
});

describe("routing steps", () => {
  it("widens from proficient Russian speakers to any after 30 s, then overflows to another queue after 2 min", () => {
    const h = new Harness().tenant();
    h.queue(queue("overflow"));
    h.queue(
      queue("q", {
        steps: [
          { target: { kind: "skills", minProficiency: 3 }, waitSeconds: 30 },
          { target: { kind: "skills" }, waitSeconds: 90 },
          { target: { kind: "queue", queueId: "overflow" } },
        ],
      }),
    );
    h.agent("weak-ru", { "lang:ru": 1 }, {}, false);
    h.arrive("c1", "q", { requiredSkills: [{ skill: "lang:ru" }] });
    h.ok({ type: "agent_state", agentId: "weak-ru", state: "available" }); // ready, but below the first step's proficiency
    expect(h.offeredTo("c1")).toBeNull();
    h.advance(30 * S);
    expect(h.offeredTo("c1")).toBe("weak-ru");
    h.ok({ type: "reject", interactionId: "c1", agentId: "weak-ru" });
    h.advance(90 * S);
    const moved = h.of("interaction.requeued", "c1");
    expect(moved).toMatchObject([{ fromQueueId: "q", queueId: "overflow", reason: "overflow", at: T0 + 2 * MIN }]);
    expect(h.engine.contact("c1")).toMatchObject({ queueId: "overflow", arrivedAt: T0 });
  });

  it("offers a waiting caller a message or call-back at the last step, and never moves the call without a choice", () => {
    const h = center(queue("q", { steps: [{ target: { kind: "skills" }, waitSeconds: 60 }, { target: { kind: "overflow", to: "message" } }] }));
    h.arrive("c1", "q", { topic: "fault" });
    h.advance(60 * S);
    expect(h.of("interaction.choice_offered", "c1")).toHaveLength(1);
    expect(h.engine.contact("c1")!.status).toBe("waiting");
    h.ok({ type: "customer_choice", interactionId: "c1", choice: "leave_message" });
    expect(h.of("interaction.message_left", "c1")).toHaveLength(1);
    expect(h.engine.contact("c1")).toBeNull();
  });

  it("moves an e-mail to the message center at the last step without asking", () => {
    const h = center(queue("q", { steps: [{ target: { kind: "skills" }, waitSeconds: 60 }, { target: { kind: "overflow", to: "message" } }] }));
    h.arrive("m1", "q", { channel: "email" });
    h.advance(60 * S);
    expect(h.of("interaction.overflowed", "m1")).toMatchObject([{ to: "message" }]);
  });

  it("offers a line's contacts only to agents who serve that line", () => {
    const h = center();
    h.agent("other-line", {}, { tenantIds: [OTHER] });
    h.arrive("c1");
    expect(h.offeredTo("c1")).toBeNull();
    h.agent("this-line", {}, { tenantIds: [TENANT, OTHER] });
    expect(h.offeredTo("c1")).toBe("this-line");
  });

  it("sends a contact to a team, or to named agents", () => {
    const h = center(queue("q", { steps: [{ target: { kind: "team", teamId: "vip" } }] }));
    h.agent("outsider");
    h.agent("insider", {}, { teamIds: ["vip"] });
    h.arrive("c1");
    expect(h.offeredTo("c1")).toBe("insider");
  });
});

describe("wrap-up", () => {
  it("holds the agent for the queue's wrap-up time, or until the agent files a code", () => {
    const h = center(queue("q", { wrapUpSeconds: 30 }));
    h.agent("a1");
    h.arrive("c1");
    h.ok({ type: "accept", interactionId: "c1", agentId: "a1" });
    h.now += 2 * MIN;
    h.ok({ type: "hangup", interactionId: "c1" });
    expect(h.of("interaction.completed", "c1")).toMatchObject([{ endedBy: "customer", handleMs: 2 * MIN }]);
    expect(h.engine.agent("a1")!.activity).toBe("wrap_up");
    h.arrive("c2");
    expect(h.offeredTo("c2")).toBeNull();
    h.advance(30 * S);
    expect(h.of("interaction.wrapped_up", "c1")).toMatchObject([{ automatic: true }]);
    expect(h.offeredTo("c2")).toBe("a1");
    h.ok({ type: "accept", interactionId: "c2", agentId: "a1" });
    h.ok({ type: "wrap_up", interactionId: "c2", agentId: "a1", code: "resolved" });
    expect(h.of("interaction.wrapped_up", "c2")).toMatchObject([{ code: "resolved", automatic: false }]);
    expect(h.engine.agent("a1")!.activity).toBe("available");
  });
});

describe("hold and outbound outcomes", () => {
  it("records hold and resume of a connected contact once each, and ends a hold with the contact", () => {
    const h = center();
    h.agent("a1");
    h.arrive("c1");
    expect(h.run({ type: "hold", interactionId: "c1", agentId: "a1", held: true }).error).toMatchObject({ code: "conflict" }); // only offered yet
    h.ok({ type: "accept", interactionId: "c1", agentId: "a1" });
    h.now += 10 * S;
    expect(h.ok({ type: "hold", interactionId: "c1", agentId: "a1", held: true })).toMatchObject([{ type: "interaction.held", agentId: "a1", at: T0 + 10 * S }]);
    expect(h.ok({ type: "hold", interactionId: "c1", agentId: "a1", held: true })).toEqual([]); // already on hold
    expect(h.run({ type: "hold", interactionId: "c1", agentId: "a2", held: false }).error).toMatchObject({ code: "conflict" });
    h.now += 30 * S;
    expect(h.ok({ type: "hold", interactionId: "c1", agentId: "a1", held: false })).toMatchObject([{ type: "interaction.resumed", at: T0 + 40 * S }]);
    h.ok({ type: "hold", interactionId: "c1", agentId: "a1", held: true });
    h.ok({ type: "complete", interactionId: "c1", agentId: "a1" });
    expect(h.engine.contact("c1")).toBeNull();
  });

  it("ends an outbound call-back as not reached, and refuses that on an inbound contact", () => {
    const h = center();
    h.agent("a1");
    h.arrive("in");
    h.ok({ type: "accept", interactionId: "in", agentId: "a1" });
    expect(h.run({ type: "complete", interactionId: "in", agentId: "a1", reached: false }).error).toMatchObject({ code: "invalid" });
    h.ok({ type: "wrap_up", interactionId: "in", agentId: "a1", code: "done" });
    h.arrive("out", "q", { channel: "callback" });
    h.ok({ type: "accept", interactionId: "out", agentId: "a1" });
    h.ok({ type: "complete", interactionId: "out", agentId: "a1", reached: false });
    expect(h.of("interaction.completed", "out")).toMatchObject([{ reached: false }]);
  });
});

describe("abandons", () => {
  it("tells short abandons apart and counts them", () => {
    const h = center(queue("q", { shortAbandonSeconds: 5 }));
    h.arrive("quick");
    h.arrive("slow");
    h.now += 3 * S;
    h.ok({ type: "hangup", interactionId: "quick" });
    h.now += 40 * S;
    h.ok({ type: "hangup", interactionId: "slow" });
    expect(h.of("interaction.abandoned").map((e) => [e.interactionId, e.short, e.waitMs])).toEqual([
      ["quick", true, 3 * S],
      ["slow", false, 43 * S],
    ]);
    expect(h.engine.queueStats("q")!.today).toMatchObject({ offered: 2, abandoned: 2, shortAbandoned: 1 });
  });
});

describe("the statutory answer time", () => {
  it("on a 3-minute topic offers the choice within 2 minutes, warns, then records the breach at 3 minutes", () => {
    const h = center();
    h.arrive("c1", "q", { topic: "general" });
    h.advance(10 * MIN);
    expect(h.of("interaction.choice_offered", "c1")).toMatchObject([{ at: T0 + 90 * S, reason: "answer_time_rule" }]);
    expect(h.of("interaction.deadline_at_risk", "c1")[0]!.at).toBe(T0 + 135 * S);
    expect(h.of("interaction.deadline_breached", "c1")).toMatchObject([{ at: T0 + 3 * MIN, deadlineAt: T0 + 3 * MIN }]);
  });

  it("gives fault, billing and termination calls 6 minutes, counted from arrival at the gateway", () => {
    const h = center();
    h.arrive("c1", "q", { topic: "billing", arrivedAt: T0 - 40 * S });
    expect(h.engine.contact("c1")!.deadlineAt).toBe(T0 - 40 * S + 6 * MIN);
    h.advance(6 * MIN);
    expect(h.of("interaction.deadline_breached", "c1")[0]!.at).toBe(T0 + 320 * S);
    expect(h.of("interaction.choice_offered", "c1")).toHaveLength(0);
  });

  it("records no breach when a human answers in time", () => {
    const h = center();
    h.arrive("c1", "q", { topic: "fault" });
    h.now += 5 * MIN;
    h.agent("a1");
    h.ok({ type: "accept", interactionId: "c1", agentId: "a1" });
    h.advance(10 * MIN);
    expect(h.of("interaction.deadline_breached")).toHaveLength(0);
    expect(h.of("interaction.answered")[0]).toMatchObject({ deadlineMet: true });
  });

  it("a contact that ended leaves no timers behind, even for a new contact under the same id", () => {
    const h = center();
    h.arrive("c1", "q", { topic: "general" });
    h.agent("a1");
    h.ok({ type: "accept", interactionId: "c1", agentId: "a1" });
    h.ok({ type: "wrap_up", interactionId: "c1", agentId: "a1", code: "done" });
    h.ok({ type: "agent_state", agentId: "a1", state: "not_ready", reason: "break" });
    h.now += 30 * S;
    h.arrive("c1", "q", { topic: "general" });
    h.advance(10 * MIN);
    // The first call's clock (at risk at 135 s, breach at 180 s) stopped at its answer; the second's runs from its own arrival.
    expect(h.of("interaction.deadline_at_risk", "c1").map((e) => e.at)).toEqual([T0 + 165 * S]);
    expect(h.of("interaction.deadline_breached", "c1").map((e) => e.at)).toEqual([T0 + 210 * S]);
  });

  it("does not run a statutory clock on chat or e-mail", () => {
    const h = center();
    h.arrive("ch", "q", { channel: "chat" });
    h.advance(20 * MIN);
    expect(h.log.filter((e) => e.type.startsWith("interaction.deadline"))).toHaveLength(0);
  });
});

describe("keeping one's place and call-backs", () => {
  it("a caller who keeps their place may hang up, and is offered to an agent as a call-back when their turn comes", () => {
    const h = center();
    h.arrive("c1");
    h.ok({ type: "customer_choice", interactionId: "c1", choice: "keep_place_callback" });
    h.ok({ type: "hangup", interactionId: "c1" });
    expect(h.of("interaction.abandoned")).toHaveLength(0);
    h.advance(10 * MIN);
    expect(h.of("interaction.deadline_breached")).toHaveLength(0);
    h.agent("a1");
    expect(h.of("interaction.offered", "c1")).toMatchObject([{ agentId: "a1", callback: true }]);
  });

  it("a scheduled call-back ends the call as a callback request", () => {
    const h = center();
    h.arrive("c1");
    h.ok({ type: "customer_choice", interactionId: "c1", choice: "scheduled_callback" });
    expect(h.of("interaction.callback_requested", "c1")).toHaveLength(1);
  });
});

describe("business hours", () => {
  const officeHours = {
    ...ALWAYS,
    calendar: { alwaysOpen: false, weekly: { "0": [["08:00", "17:00"]], "1": [["08:00", "17:00"]], "2": [["08:00", "17:00"]], "3": [["08:00", "17:00"]], "4": [["08:00", "17:00"]] }, closedOnShabbatAndHolidays: true, exceptions: {} },
  } as typeof ALWAYS;

  it("sends contacts to the 24/7 queue when the line is closed", () => {
    const h = new Harness().tenant({ ...officeHours, afterHours: { kind: "queue", queueId: "night" } });
    h.queue(queue("night")).queue(queue("q"));
    h.now = Date.UTC(2026, 10, 24, 18, 0); // 20:00 in Jerusalem
    h.arrive("c1");
    expect(h.of("interaction.after_hours", "c1")).toHaveLength(1);
    expect(h.engine.contact("c1")!.queueId).toBe("night");
    h.now = Date.UTC(2026, 10, 24, 9, 0); // clock never goes back; a new harness for the day case
    const day = new Harness().tenant({ ...officeHours, afterHours: { kind: "queue", queueId: "night" } }).queue(queue("night")).queue(queue("q"));
    day.arrive("c2");
    expect(day.engine.contact("c2")!.queueId).toBe("q");
  });

  it("sets a message's call-back deadline 3 hours after the next opening when left near closing", () => {
    const h = new Harness().tenant(officeHours).queue(queue("q"));
    h.now = Date.UTC(2026, 10, 26, 13, 30); // Thursday 15:30, closing at 17:00
    h.arrive("c1");
    h.ok({ type: "customer_choice", interactionId: "c1", choice: "leave_message" });
    // Next opening: Sunday 29 Nov 08:00 (Friday and Shabbat closed) = 06:00 UTC; due 3 hours later.
    expect(h.of("interaction.message_left", "c1")[0]!.callbackDueAt).toBe(Date.UTC(2026, 10, 29, 9, 0));
  });
});

describe("transfers", () => {
  it("transfers a connected call to another queue, keeping its arrival time and first answer", () => {
    const h = center().queue(queue("claims"));
    h.agent("a1");
    h.arrive("c1");
    h.ok({ type: "accept", interactionId: "c1", agentId: "a1" });
    h.now += MIN;
    h.ok({ type: "transfer", interactionId: "c1", to: { queueId: "claims" }, by: "a1", reason: "asks about a claim" });
    expect(h.engine.contact("c1")).toMatchObject({ queueId: "claims", arrivedAt: T0, answeredAt: T0 });
    // The note for whoever takes it next travels on the event.
    expect(h.of("interaction.transferred", "c1")).toEqual([expect.objectContaining({ fromAgentId: "a1", by: "a1", queueId: "claims", reason: "asks about a claim" })]);
    // a1 is free again and is the only agent: it gets the call back from the other queue.
    expect(h.offeredTo("c1")).toBe("a1");
  });

  it("a supervisor moves a waiting contact to a named agent; an external transfer ends it as transferred", () => {
    const h = center();
    h.agent("busy");
    h.arrive("c0");
    h.agent("named", {}, {}, false);
    h.arrive("c1");
    h.ok({ type: "transfer", interactionId: "c1", to: { agentId: "named" } });
    expect(h.of("interaction.transferred", "c1")[0]).not.toHaveProperty("reason");
    h.agent("other");
    expect(h.offeredTo("c1")).toBeNull();
    h.ok({ type: "agent_state", agentId: "named", state: "available" });
    expect(h.offeredTo("c1")).toBe("named");
    h.ok({ type: "accept", interactionId: "c1", agentId: "named" });
    h.ok({ type: "transfer", interactionId: "c1", to: { external: "partner-center" }, by: "named", reason: "their account is with the partner" });
    expect(h.of("interaction.transferred_out", "c1")).toEqual([expect.objectContaining({ target: "partner-center", reason: "their account is with the partner" })]);
  });
});

describe("strategies", () => {
  it("best proficiency picks the strongest speaker", () => {
    const h = center(queue("q", { strategy: "best_proficiency" }));
    h.agent("ok", { "lang:ar": 2 });
    h.agent("best", { "lang:ar": 5 });
    h.arrive("c1", "q", { requiredSkills: [{ skill: "lang:ar" }] });
    expect(h.offeredTo("c1")).toBe("best");
  });

  it("least occupied spreads chats", () => {
    const h = center(queue("q", { strategy: "least_occupied" }));
    h.agent("a1");
    h.agent("a2");
    h.arrive("x1", "q", { channel: "chat" });
    h.arrive("x2", "q", { channel: "chat" });
    expect(new Set([h.offeredTo("x1"), h.offeredTo("x2")])).toEqual(new Set(["a1", "a2"]));
  });

  it("round robin takes agents in turn", () => {
    const h = center(queue("q", { strategy: "round_robin" }));
    h.agent("a1").agent("a2").agent("a3");
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      h.arrive(`c${i}`, "q", { channel: "email" });
      got.push(h.offeredTo(`c${i}`)!);
    }
    expect(got).toEqual(["a1", "a2", "a3", "a1"]);
  });
});

describe("position and expected wait", () => {
  it("reports each waiting contact's place and an estimate from the staffed agents and handling time", () => {
    const h = center(queue("q", { defaultHandleSeconds: 120 }));
    h.agent("a1");
    h.arrive("c0");
    h.ok({ type: "accept", interactionId: "c0", agentId: "a1" });
    for (const id of ["c1", "c2", "c3"]) h.arrive(id);
    expect(h.engine.contact("c3")).toMatchObject({ position: 3, expectedWaitMs: 3 * 120 * S });
  });
});

describe("reading the figures", () => {
  it("changes nothing: after midnight, reading the queue, its waiting list and a contact leaves yesterday's counters and the state as they were", () => {
    const h = center();
    h.agent("a1");
    h.arrive("c0");
    h.ok({ type: "accept", interactionId: "c0", agentId: "a1" });
    h.arrive("c1");
    // Past local midnight; the tick alone touches no counter.
    h.advance(14 * 60 * MIN);
    const before = JSON.stringify(h.engine.exportState());
    const stats = h.engine.queueStats("q")!;
    expect(stats.today).toMatchObject({ offered: 0, answered: 0 });
    expect(stats.waiting).toBe(1);
    expect(h.engine.listWaiting("q").map((c) => [c.interactionId, c.position])).toEqual([
      ["c0", null],
      ["c1", 1],
    ]);
    expect(h.engine.listWaiting()).toHaveLength(2);
    expect(h.engine.contact("c1")).toMatchObject({ position: 1 });
    expect(JSON.stringify(h.engine.exportState())).toBe(before);
    // Yesterday's figures are still there until a command counts something today.
    expect(h.engine.exportState().counters[0]![1]).toMatchObject({ offered: 2, answered: 1 });
    h.arrive("c2");
    expect(h.engine.queueStats("q")!.today).toMatchObject({ offered: 1, answered: 0 });
  });
});

describe("restart", () => {
  it("continues after export and restore exactly as it would have", () => {
    const a = center(queue("q", { offerTimeoutSeconds: 10, wrapUpSeconds: 5 }));
    a.agent("a1").agent("a2");
    for (let i = 0; i < 5; i++) a.arrive(`c${i}`);
    a.ok({ type: "accept", interactionId: "c0", agentId: "a1" });
    const b = new Harness();
    b.engine = RoutingEngine.fromState(JSON.parse(JSON.stringify(a.engine.exportState())));
    b.now = a.now;
    const script = (h: Harness) => {
      h.advance(12 * S);
      h.ok({ type: "agent_state", agentId: "a2", state: "available" });
      h.ok({ type: "hangup", interactionId: "c0" });
      h.advance(6 * S);
      return h.log.slice(-20);
    };
    const before = a.log.length;
    script(a);
    script(b);
    expect(b.log).toEqual(a.log.slice(before));
    expect(b.log.length).toBeGreaterThan(3);
  });
});

describe("reconfiguring a queue", () => {
  it("with fewer steps, a contact out on an offer comes back at the queue's last step instead of failing", () => {
    const h = center(queue("q", { offerTimeoutSeconds: 10, steps: [{ target: { kind: "skills" }, waitSeconds: 5 }, { target: { kind: "skills" }, waitSeconds: 5 }, { target: { kind: "skills" } }] }));
    h.arrive("c1");
    h.advance(11 * S);
    expect(h.engine.contact("c1")!.step).toBe(2);
    h.agent("a1");
    expect(h.offeredTo("c1")).toBe("a1");
    h.ok({ type: "configure_queue", queue: queue("q", { offerTimeoutSeconds: 10 }) });
    const events = h.advance(10 * S);
    expect(events.map((e) => e.type)).toContain("offer.timed_out");
    expect(h.engine.contact("c1")).toMatchObject({ status: "waiting", step: 0 });
    h.agent("a2");
    expect(h.offeredTo("c1")).toBe("a2");
  });
});

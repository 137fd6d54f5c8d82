import { isOpen, localDay } from "./calendar";
import { bestInOrder, headOf, reorder, servesBucket, unorder } from "./bucket-order";
import { KeyedHeap } from "./heap";
import { AT_RISK, BREACH, CHOICE, MAX_WAIT, OFFER, STEP, TIMER_KINDS, WRAP_UP, clearTokens, contactRecord, kindIndex, liveContact, pushContact, setToken, tokenOf, type Bucket, type BucketGroup, type Contact, type WaitClass } from "./live";
import { TimerQueue } from "./timers";
import { IdleOrder } from "./idle-order";
import {
  CHANNEL_BIT,
  CHANNEL_INDEX,
  DEFAULT_CAPACITY,
  canTake,
  contactBefore,
  dropWork,
  liveAgent,
  proficiencyFor,
  putWork,
  routable,
  skillsKeyOf,
  stepsOf,
  takeMask,
  totalCapacity,
  workCount,
  workTable,
  type Agent as AgentRecord,
  type Contact as ContactRecord,
  type LiveAgent,
  type Timer,
} from "./model";
import { AT_RISK_SHARE, CHOICE_OFFER_MS, answerDeadlineMs, messageCallbackDue } from "./rules";
import type {
  AgentConfig,
  Channel,
  Command,
  CustomerChoice,
  EngineError,
  EngineEvent,
  HandleResult,
  NewInteraction,
  QueueConfig,
  SkillRequirement,
  StepTarget,
  TenantConfig,
  TransferTarget,
} from "./types";
import { CHANNELS } from "./types";
import { agentView, contactView, emptyCounters, queueStatsOf, type AgentView, type ContactView, type QueueCounters, type QueueStats } from "./views";

type Agent = LiveAgent;

/** The exported record: the live agent's fields in their order, its work list as the table it stands for. */
function agentRecord(a: Agent): AgentRecord {
  const { load: _load, ...fields } = a;
  // Overwriting a key keeps its place among the others.
  return Object.assign(fields as unknown as AgentRecord, { work: workTable(a.work) });
}

class Refusal extends Error {
  constructor(readonly error: EngineError) {
    super(error.message);
  }
}
const refuse = (code: EngineError["code"], message: string): never => {
  throw new Refusal({ code, message });
};

const MAX_HOPS = 8;

interface Requirements {
  requiredSkills: SkillRequirement[];
  skillsKey: string;
}

/** Everything that must survive a restart; the rest (buckets, indexes) is rebuilt from it. */
export interface EngineState {
  version: 1;
  seq: number;
  now: number;
  tenants: TenantConfig[];
  queues: QueueConfig[];
  agents: AgentRecord[];
  contacts: ContactRecord[];
  timers: Timer[];
  counters: Array<[string, QueueCounters]>;
  roundRobin: Array<[string, string]>;
}

/**
 * The automatic call distributor: a deterministic state machine. `handle(command, now)` lets time pass to
 * `now` (firing due timers), applies the command and returns the events it caused. It reads no clock and
 * draws no random numbers, so the same commands at the same times always give the same events: the server
 * journals commands to survive a crash, and the simulator drives it on a virtual clock.
 *
 * Invariant kept after every command: no available agent with free capacity is eligible for any waiting
 * contact. Matching is then a local decision (the new contact or the freed agent), which keeps it fast.
 */
export class RoutingEngine {
  private now = 0;
  private seq = 0;
  private events: EngineEvent[] = [];
  private readonly tenants = new Map<string, TenantConfig>();
  private readonly queues = new Map<string, QueueConfig>();
  private readonly agents = new Map<string, Agent>();
  private readonly contacts = new Map<string, Contact>();
  /** Pending timers; each holds its contact, so firing it needs no lookup (exported as `Timer`s, by contact id). */
  private readonly timers = new TimerQueue<Contact>();
  private readonly buckets = new Map<string, Bucket>();
  /** The same buckets by queue, then required skills, then step and channel (`bucketFor`). */
  private readonly bucketIndex = new Map<string, Map<string, Bucket[]>>();
  /** Non-empty buckets by group, each by recorded head, best first: a freed agent scans only the fronts. */
  private readonly groups = new Map<string, BucketGroup>();
  /** The same groups in the order they were made (never removed): walked as an array, with no iterator per scan. */
  private readonly groupList: BucketGroup[] = [];
  private readonly pinned = new Map<string, KeyedHeap<Contact>>();
  /** Free agents per channel in longest-idle order: the default strategy's answer is the first eligible. */
  private readonly idle: Record<Channel, IdleOrder> = { voice: new IdleOrder(0), chat: new IdleOrder(1), email: new IdleOrder(2), callback: new IdleOrder(3), message: new IdleOrder(4) };
  private readonly idleByIndex = CHANNELS.map((ch) => this.idle[ch]);
  /** The contacts waiting in each queue's buckets, in no order (each knows its slot, so leaving is O(1)). */
  private readonly waitingByQueue = new Map<string, Contact[]>();
  /** The same contacts counted by queue, then channel (CHANNEL_INDEX), then priority (`WaitClass`). */
  private readonly waitClasses = new Map<string, WaitClass[][]>();
  /** Bumped whenever a queue's buckets are rebuilt, making the rows contacts hold stale. */
  private rowGeneration = 0;
  /**
   * The agents eligible for each queue (serving any of its buckets), for its staffing figures. Worked out
   * when first asked for and forgotten whenever eligibility may change: an agent's or the queue's
   * configuration, or a new bucket of the queue.
   */
  private readonly eligibleByQueue = new Map<string, Agent[]>();
  private readonly counters = new Map<string, QueueCounters>();
  private readonly roundRobin = new Map<string, string>();
  /** Agents and contacts to match, each flagged (`load.dirty`, `dirty`) so it is listed once. */
  private dirtyAgents: Agent[] = [];
  /** The UTC day agents' handled counts are for, kept so the date string is built once a day. */
  private handledDayNumber = NaN;
  private handledDayName = "";
  private dirtyContacts: Contact[] = [];
  /** Shared required-skill lists of one skill, by skill and floor (`requirementsOf`). */
  private readonly singleRequirements = new Map<string, Map<number, Requirements>>();
  /** Scratch list of buckets whose recorded head was found stale during one `bestInOrder`. */
  private readonly staleBuckets: Bucket[] = [];

  static fromState(state: EngineState): RoutingEngine {
    const engine = new RoutingEngine();
    engine.restore(state);
    return engine;
  }

  handle(command: Command, now: number): HandleResult {
    this.events = [];
    const target = Math.max(this.now, now);
    try {
      this.settle(target);
      this.apply(command);
      this.settle(target);
      return { events: this.events };
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      // Commands validate before they change anything, so a refusal changes nothing but the passing of
      // time: timers that fell due still fired, and their events are returned with the error.
      return { events: this.events, error: err.error };
    }
  }

  /** When the engine next needs a `tick`, or null if no timer is pending. */
  nextWakeAt(): number | null {
    const timers = this.timers;
    for (;;) {
      if (!timers.peek()) return null;
      if (tokenOf(timers.contact!, timers.kind) === timers.token) return timers.at;
      timers.pop();
    }
  }

  // ── queries ───────────────────────────────────────────────────────────────────────────────────────

  contact(id: string): ContactView | null {
    const c = this.contacts.get(id);
    if (!c) return null;
    const { position, expectedWaitMs } = c.status === "waiting" ? this.positionOf(c) : { position: null, expectedWaitMs: null };
    return contactView(c, position, expectedWaitMs);
  }

  agent(id: string): AgentView | null {
    const a = this.agents.get(id);
    return a ? agentView(agentRecord(a)) : null;
  }

  listAgents(): AgentView[] {
    return [...this.agents.values()].map((a) => agentView(agentRecord(a))).sort((a, b) => (a.agentId < b.agentId ? -1 : 1));
  }

  /** Every contact in routing (of one queue, if given), with positions worked out per queue in one pass. */
  listWaiting(queueId?: string): ContactView[] {
    const groups = new Map<string, Contact[]>();
    const out: ContactView[] = [];
    for (const c of this.contacts.values()) {
      if (queueId && c.queueId !== queueId) continue;
      if (c.status !== "waiting") {
        out.push(contactView(c, null, null));
        continue;
      }
      const key = `${c.queueId}|${c.channel}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(c);
    }
    for (const group of groups.values()) {
      group.sort((a, b) => (contactBefore(a, b) ? -1 : 1));
      const perPosition = this.expectedWaitPerPosition(this.queues.get(group[0]!.queueId)!);
      group.forEach((c, i) => out.push(contactView(c, i + 1, Math.round((i + 1) * perPosition))));
    }
    return out.sort((a, b) => a.arrivedAt - b.arrivedAt || (a.interactionId < b.interactionId ? -1 : 1));
  }

  queueStats(queueId: string): QueueStats | null {
    const q = this.queues.get(queueId);
    if (!q) return null;
    const waiting = this.waitingByQueue.get(queueId) ?? [];
    const staffed = this.staffedFor(q);
    return queueStatsOf(q, this.now, waiting, this.countersToday(q), staffed);
  }

  listQueues(): QueueConfig[] {
    return [...this.queues.values()];
  }

  exportState(): EngineState {
    return structuredClone({
      version: 1 as const,
      seq: this.seq,
      now: this.now,
      tenants: [...this.tenants.values()],
      queues: [...this.queues.values()],
      agents: [...this.agents.values()].map(agentRecord),
      contacts: [...this.contacts.values()].map(contactRecord),
      timers: this.timers
        .toArray()
        .filter((t) => tokenOf(t.contact, t.kind) === t.token)
        .map((t): Timer => ({ at: t.at, seq: t.seq, kind: TIMER_KINDS[t.kind]!, contactId: t.contact.id, token: t.token })),
      counters: [...this.counters.entries()],
      roundRobin: [...this.roundRobin.entries()],
    });
  }

  // ── commands ──────────────────────────────────────────────────────────────────────────────────────

  private apply(command: Command): void {
    switch (command.type) {
      case "tick":
        return;
      case "configure_tenant":
        this.tenants.set(command.tenant.tenantId, structuredClone(command.tenant));
        return;
      case "configure_queue":
        return this.configureQueue(command.queue);
      case "remove_queue":
        return this.removeQueue(command.queueId);
      case "configure_agent":
        return this.configureAgent(command.agent);
      case "agent_state":
        return this.agentState(command.agentId, command.state, command.reason ?? null);
      case "arrive":
        return this.arrive(command.interaction);
      case "accept":
        return this.accept(command.interactionId, command.agentId);
      case "reject":
        return this.reject(command.interactionId, command.agentId, command.reason);
      case "hangup":
        return this.hangup(command.interactionId);
      case "complete":
        return this.complete(command.interactionId, command.agentId, command.reached);
      case "hold":
        return this.hold(command.interactionId, command.agentId, command.held);
      case "wrap_up":
        return this.wrapUp(command.interactionId, command.agentId, command.code ?? null);
      case "customer_choice":
        return this.customerChoice(command.interactionId, command.choice);
      case "transfer":
        return this.transfer(command.interactionId, command.to, command.by ?? null, command.reason ?? null);
      default:
        refuse("invalid", `unknown command ${(command as { type: string }).type}`);
    }
  }

  private configureQueue(queue: QueueConfig): void {
    if (!queue.id || !queue.tenantId) refuse("invalid", "a queue needs an id and a client business");
    this.queues.set(queue.id, structuredClone(queue));
    // New steps or targets: put every waiting contact of the queue back through its buckets.
    for (const [key, bucket] of this.buckets) {
      if (bucket.queueId !== queue.id) continue;
      this.buckets.delete(key);
      unorder(bucket);
    }
    this.bucketIndex.delete(queue.id);
    this.rowGeneration++;
    this.eligibleByQueue.delete(queue.id);
    // A contact with an agent keeps its step number too, within the new steps: one that comes back from its
    // offer re-enters the queue at it.
    const last = stepsOf(queue).length - 1;
    for (const c of this.contacts.values()) if (c.queueId === queue.id && c.step > last) c.step = last;
    for (const c of [...(this.waitingByQueue.get(queue.id) ?? [])]) this.enqueue(c);
  }

  private removeQueue(queueId: string): void {
    if (!this.queues.has(queueId)) refuse("not_found", "no such queue");
    for (const c of this.contacts.values()) if (c.queueId === queueId) refuse("conflict", "the queue still has contacts; move them first");
    this.queues.delete(queueId);
    this.eligibleByQueue.delete(queueId);
  }

  private configureAgent(config: AgentConfig): void {
    if (!config.agentId) refuse("invalid", "an agent needs an id");
    const existing = this.agents.get(config.agentId);
    const agent: Agent = existing ?? {
      id: config.agentId,
      skills: {},
      capacity: { ...DEFAULT_CAPACITY },
      teamIds: [],
      tenantIds: null,
      presence: "offline",
      reason: null,
      presenceSince: this.now,
      idleSince: this.now,
      work: [],
      handled: 0,
      handledDay: "",
      load: { perChannel: [0, 0, 0, 0, 0], active: 0, filed: [NaN, NaN, NaN, NaN, NaN], dirty: false },
    };
    agent.skills = Object.fromEntries(config.skills.map((s) => [s.skill, s.proficiency]));
    agent.capacity = { ...DEFAULT_CAPACITY, ...config.capacity };
    agent.teamIds = [...(config.teamIds ?? [])].sort();
    agent.tenantIds = config.tenantIds ? [...config.tenantIds].sort() : null;
    this.agents.set(agent.id, agent);
    this.eligibleByQueue.clear();
    // Eligibility is read from the profile whenever it is needed, so the new one counts at once; the agent
    // looks for work it may now serve.
    this.markAgent(agent);
    this.refreshFree(agent);
  }

  private agentState(agentId: string, presence: Agent["presence"], reason: string | null): void {
    const agent = this.agents.get(agentId) ?? refuse("not_found", "no such agent");
    if (presence === "not_ready" && !reason) refuse("invalid", "a not-ready state needs a reason");
    if (presence === "offline") {
      const work = workTable(agent.work);
      for (const id in work) if (work[id]!.status !== "offered") refuse("conflict", "the agent is still handling a contact");
      for (const id of Object.keys(work)) this.withdrawOffer(this.contacts.get(id)!, "agent_logged_out");
    }
    this.setPresence(agent, presence, presence === "not_ready" ? reason : null);
  }

  private arrive(input: NewInteraction): void {
    if (this.contacts.has(input.id)) refuse("conflict", "an interaction with this id is already being routed");
    const queue = this.queues.get(input.queueId) ?? refuse("not_found", "no such queue");
    if (queue.tenantId !== input.tenantId) refuse("invalid", "the queue belongs to another client business");
    const arrivedAt = Math.min(input.arrivedAt ?? this.now, this.now);
    const { requiredSkills, skillsKey } = this.requirementsOf(input.requiredSkills);
    const priority = (input.priority ?? 0) + (input.protectedCustomer ? (queue.protectedPriorityBoost ?? 10) : 0);
    const voice = input.channel === "voice";
    const c: Contact = liveContact({
      id: input.id,
      tenantId: input.tenantId,
      queueId: queue.id,
      channel: input.channel,
      priority,
      requiredSkills,
      skillsKey,
      topic: input.topic ?? null,
      customerRef: input.customerRef ?? null,
      arrivedAt,
      seq: ++this.seq,
      status: "waiting",
      step: 0,
      stepStartedAt: this.now,
      agentId: null,
      pinnedAgentId: null,
      virtualHold: false,
      answeredAt: null,
      deadlineAt: voice ? arrivedAt + answerDeadlineMs(input.topic) : null,
      version: 0,
      tokens: {},
      hops: 0,
      choiceOffered: false,
    });
    this.contacts.set(c.id, c);
    this.countersFor(queue).offered++;
    // The busiest events are built as one literal each (see `emit`), in the same key order.
    this.events.push({
      type: "interaction.arrived",
      at: this.now,
      tenantId: c.tenantId,
      interactionId: c.id,
      queueId: c.queueId,
      channel: c.channel,
      priority: c.priority,
      topic: c.topic,
      requiredSkills,
      customerRef: c.customerRef,
      arrivedAt,
      deadlineAt: c.deadlineAt,
    });
    if (c.deadlineAt !== null) {
      const span = c.deadlineAt - arrivedAt;
      this.arm(c, AT_RISK, arrivedAt + span * AT_RISK_SHARE);
      this.arm(c, BREACH, c.deadlineAt);
      if (span <= 3 * 60_000) this.arm(c, CHOICE, arrivedAt + CHOICE_OFFER_MS);
    }

    const tenant = this.tenants.get(c.tenantId);
    const after = queue.afterHours ?? tenant?.afterHours;
    if (tenant && after && after.kind !== "none" && !isOpen(tenant.calendar, tenant.timeZone, this.now)) {
      this.emit("interaction.after_hours", c, { target: after.kind });
      if (after.kind === "queue" && this.queues.has(after.queueId)) return this.moveToQueue(c, after.queueId, "after_hours");
      if (after.kind === "on_call") return this.finish(c, "interaction.overflowed", { to: "on_call" });
      if (after.kind === "message") return this.overflow(c, { kind: "overflow", to: "message" }, "after_hours");
    }
    this.enterQueue(c, queue);
  }

  /**
   * A new contact's required skills with their floors filled in, and their key. The usual single requirement
   * (the caller's language) is made once per skill and floor and shared, frozen, by every contact and event
   * that asks for it: an arrival then builds no array, no object and no key string that would live as long as
   * the contact.
   */
  private requirementsOf(input: SkillRequirement[] | undefined): Requirements {
    if (input?.length === 1) {
      const { skill, minProficiency = 1 } = input[0]!;
      if (typeof skill === "string" && typeof minProficiency === "number") {
        let byFloor = this.singleRequirements.get(skill);
        if (!byFloor) this.singleRequirements.set(skill, (byFloor = new Map()));
        let shared = byFloor.get(minProficiency);
        if (!shared) {
          const requiredSkills = Object.freeze([Object.freeze({ skill, minProficiency })]) as SkillRequirement[];
          byFloor.set(minProficiency, (shared = { requiredSkills, skillsKey: skillsKeyOf(requiredSkills) }));
        }
        return shared;
      }
    }
    const requiredSkills = (input ?? []).map((s) => ({ skill: s.skill, minProficiency: s.minProficiency ?? 1 }));
    return { requiredSkills, skillsKey: skillsKeyOf(requiredSkills) };
  }

  private accept(contactId: string, agentId: string): void {
    const c = this.contacts.get(contactId) ?? refuse("not_found", "no such interaction in routing");
    if (c.status !== "offered" || c.agentId !== agentId) refuse("conflict", "this interaction is not offered to this agent");
    const agent = this.agents.get(agentId)!;
    c.status = "connected";
    c.offerToken++;
    putWork(agent, c.id, c.channel, "connected");
    const first = c.answeredAt === null;
    const waitMs = this.now - c.arrivedAt;
    const queue = this.queues.get(c.queueId);
    const sl = queue?.serviceLevel ?? { percent: 80, thresholdSeconds: 20 };
    if (first) {
      c.answeredAt = this.now;
      const counters = this.countersFor(queue);
      counters.answered++;
      counters.waitMsTotal += waitMs;
      if (waitMs <= sl.thresholdSeconds * 1000) counters.answeredInSl++;
      // The statutory clock stops at the human answer.
      c.atRiskToken++;
      c.breachToken++;
      c.choiceToken++;
      c.maxWaitToken++;
    }
    this.events.push({
      type: "interaction.answered",
      at: this.now,
      tenantId: c.tenantId,
      interactionId: c.id,
      agentId,
      queueId: c.queueId,
      waitMs,
      firstAnswer: first,
      withinServiceLevel: waitMs <= sl.thresholdSeconds * 1000,
      deadlineMet: c.deadlineAt === null ? null : this.now <= c.deadlineAt,
      callback: c.virtualHold,
    });
    this.refreshFree(agent);
  }

  private reject(contactId: string, agentId: string, reason: string | undefined): void {
    const c = this.contacts.get(contactId) ?? refuse("not_found", "no such interaction in routing");
    if (c.status !== "offered" || c.agentId !== agentId) refuse("conflict", "this interaction is not offered to this agent");
    this.emit("offer.rejected", c, { agentId, reason: reason ?? null });
    this.returnOffer(c);
    this.setPresence(this.agents.get(agentId)!, "not_ready", "missed_offer");
  }

  private hangup(contactId: string): void {
    const c = this.contacts.get(contactId) ?? refuse("not_found", "no such interaction in routing");
    if (c.status === "connected") return this.endConnected(c, "customer");
    if (c.status === "wrap_up") refuse("conflict", "the interaction has already ended");
    if (c.virtualHold) {
      // The caller chose to keep their place and hang up: not an abandon, the call-back still comes.
      this.emit("interaction.caller_disconnected", c, { keepingPlace: true });
      return;
    }
    const waitMs = this.now - c.arrivedAt;
    const queue = this.queues.get(c.queueId);
    const short = waitMs < (queue?.shortAbandonSeconds ?? 5) * 1000;
    const counters = this.countersFor(queue);
    counters.abandoned++;
    if (short) counters.shortAbandoned++;
    if (c.status === "offered") this.releaseOffer(c);
    this.finish(c, "interaction.abandoned", { waitMs, short, queueId: c.queueId, deadlineMissed: c.deadlineAt !== null && this.now > c.deadlineAt });
  }

  private complete(contactId: string, agentId: string, reached?: boolean): void {
    const c = this.contacts.get(contactId) ?? refuse("not_found", "no such interaction in routing");
    if (c.status !== "connected" || c.agentId !== agentId) refuse("conflict", "this agent is not connected to this interaction");
    if (reached === false && c.channel !== "callback") refuse("invalid", "only an outbound call-back can end with the customer not reached");
    this.endConnected(c, "agent", undefined, reached);
  }

  /** Hold and resume: events for the reports' hold time; a repeated hold (or resume) changes nothing. */
  private hold(contactId: string, agentId: string, held: boolean): void {
    const c = this.contacts.get(contactId) ?? refuse("not_found", "no such interaction in routing");
    if (c.status !== "connected" || c.agentId !== agentId) refuse("conflict", "this agent is not connected to this interaction");
    if ((c.held ?? false) === held) return;
    c.held = held;
    this.emit(held ? "interaction.held" : "interaction.resumed", c, { agentId, queueId: c.queueId });
  }

  /** `code` given: the agent wrapped up in the same breath as ending, so no automatic wrap-up time. */
  private endConnected(c: Contact, endedBy: "agent" | "customer", code?: string | null, reached?: boolean): void {
    const agent = this.agents.get(c.agentId!)!;
    c.held = undefined;
    const handleMs = this.now - (c.answeredAt ?? this.now);
    const counters = this.countersFor(this.queues.get(c.queueId));
    counters.handled++;
    counters.handleMsTotal += handleMs;
    this.countHandled(agent);
    if (reached === false) this.emit("interaction.completed", c, { agentId: agent.id, endedBy, handleMs, queueId: c.queueId, reached: false });
    else this.events.push({ type: "interaction.completed", at: this.now, tenantId: c.tenantId, interactionId: c.id, agentId: agent.id, endedBy, handleMs, queueId: c.queueId });
    this.startWrapUp(c, agent, code);
  }

  private startWrapUp(c: Contact, agent: Agent, code?: string | null): void {
    c.status = "wrap_up";
    putWork(agent, c.id, c.channel, "wrap_up");
    const seconds = this.queues.get(c.queueId)?.wrapUpSeconds ?? 0;
    if (code !== undefined) this.endWrapUp(c, code, false);
    else if (seconds > 0) {
      this.arm(c, WRAP_UP, this.now + seconds * 1000);
      this.refreshFree(agent);
    } else this.endWrapUp(c, null, true);
  }

  private wrapUp(contactId: string, agentId: string, code: string | null): void {
    const c = this.contacts.get(contactId) ?? refuse("not_found", "no such interaction in routing");
    if (c.agentId !== agentId || (c.status !== "connected" && c.status !== "wrap_up")) refuse("conflict", "this agent has no such interaction to wrap up");
    if (c.status === "connected") return this.endConnected(c, "agent", code);
    this.endWrapUp(c, code, false);
  }

  private endWrapUp(c: Contact, code: string | null, automatic: boolean): void {
    const agent = this.agents.get(c.agentId!)!;
    dropWork(agent, c.id);
    this.forget(c);
    this.events.push({ type: "interaction.wrapped_up", at: this.now, tenantId: c.tenantId, interactionId: c.id, agentId: agent.id, code, automatic });
    this.becameFree(agent);
  }

  private customerChoice(contactId: string, choice: CustomerChoice): void {
    const c = this.contacts.get(contactId) ?? refuse("not_found", "no such interaction in routing");
    if (c.status !== "waiting" && c.status !== "offered") refuse("conflict", "only a waiting customer can choose");
    if (choice === "keep_place_callback" && c.channel !== "voice") refuse("invalid", "keeping one's place for a call-back is for phone calls");
    this.emit("interaction.customer_chose", c, { choice });
    if (choice === "hold") return;
    if (choice === "keep_place_callback") {
      c.virtualHold = true;
      this.stopStatutoryClock(c);
      return;
    }
    if (c.status === "offered") this.releaseOffer(c);
    if (choice === "leave_message") {
      const tenant = this.tenants.get(c.tenantId);
      const due = tenant ? messageCallbackDue(tenant.calendar, tenant.timeZone, this.now) : this.now + 3 * 3_600_000;
      this.countersFor(this.queues.get(c.queueId)).messages++;
      return this.finish(c, "interaction.message_left", { callbackDueAt: due, queueId: c.queueId });
    }
    this.finish(c, "interaction.callback_requested", { queueId: c.queueId });
  }

  private transfer(contactId: string, to: TransferTarget, by: string | null, reason: string | null): void {
    const c = this.contacts.get(contactId) ?? refuse("not_found", "no such interaction in routing");
    if (c.status === "wrap_up") refuse("conflict", "the interaction has already ended");
    if (by && c.status !== "waiting" && c.agentId !== by) refuse("conflict", "only the agent handling it can transfer this interaction");
    if ("queueId" in to && !this.queues.has(to.queueId)) refuse("not_found", "no such queue");
    if ("agentId" in to && !this.agents.has(to.agentId)) refuse("not_found", "no such agent");
    const fromAgent = c.agentId;
    if (c.status === "offered") this.releaseOffer(c);
    c.held = undefined;
    if (c.status === "connected") {
      if ("external" in to) {
        const agent = this.agents.get(fromAgent!)!;
        this.countHandled(agent);
        this.emit("interaction.transferred_out", c, { agentId: agent.id, target: to.external, queueId: c.queueId, ...(reason ? { reason } : {}) });
        return this.startWrapUp(c, agent);
      }
      const agent = this.agents.get(fromAgent!)!;
      dropWork(agent, c.id);
      this.countHandled(agent);
      c.status = "waiting";
      c.agentId = null;
      this.becameFree(agent);
    }
    if ("external" in to) return this.finish(c, "interaction.transferred_out", { target: to.external, queueId: c.queueId, by, ...(reason ? { reason } : {}) });
    this.emit("interaction.transferred", c, { fromAgentId: fromAgent, by, ...to, ...(reason ? { reason } : {}) });
    if ("agentId" in to) {
      this.leaveBucket(c);
      c.pinnedAgentId = to.agentId;
      return this.enqueue(c);
    }
    c.pinnedAgentId = null;
    this.moveToQueue(c, to.queueId, "transfer");
  }

  // ── queue mechanics ───────────────────────────────────────────────────────────────────────────────

  private enterQueue(c: Contact, queue: QueueConfig): void {
    c.queueId = queue.id;
    c.row = null;
    c.step = 0;
    if (queue.maxWaitSeconds) this.arm(c, MAX_WAIT, this.now + queue.maxWaitSeconds * 1000);
    this.enterStep(c, 0);
  }

  private enterStep(c: Contact, step: number): void {
    const queue = this.queues.get(c.queueId)!;
    const steps = stepsOf(queue);
    const s = steps[step]!;
    c.step = step;
    c.stepStartedAt = this.now;
    if (s.target.kind === "queue") {
      if (c.hops < MAX_HOPS && this.queues.has(s.target.queueId)) return this.moveToQueue(c, s.target.queueId, "overflow");
    } else if (s.target.kind === "overflow") {
      return this.overflow(c, s.target, "step");
    }
    if (step > 0) this.events.push({ type: "interaction.step_changed", at: this.now, tenantId: c.tenantId, interactionId: c.id, queueId: c.queueId, step });
    if (step < steps.length - 1 && s.waitSeconds !== undefined) this.arm(c, STEP, this.now + s.waitSeconds * 1000);
    this.enqueue(c);
  }

  private moveToQueue(c: Contact, queueId: string, reason: string): void {
    const from = c.queueId;
    this.leaveBucket(c);
    c.hops++;
    c.stepToken++;
    c.maxWaitToken++;
    this.emit("interaction.requeued", c, { fromQueueId: from, queueId, reason });
    this.enterQueue(c, this.queues.get(queueId)!);
  }

  /**
   * Leaving the ACD. On voice and chat the customer is asked, never moved: the law and good service both
   * say a caller goes to a message or a call-back only by choice. Other channels move without asking.
   */
  private overflow(c: Contact, target: Extract<StepTarget, { kind: "overflow" }>, reason: string): void {
    if (c.channel === "voice" || c.channel === "chat") {
      if (!c.choiceOffered || reason !== "choice") {
        c.choiceOffered = true;
        const options = c.channel === "voice" ? ["hold", "leave_message", "keep_place_callback", "scheduled_callback"] : ["hold", "leave_message", "scheduled_callback"];
        this.emit("interaction.choice_offered", c, { reason, suggested: target.to, options });
      }
      // The contact keeps waiting where it is (at the previous routable step, if this one is not).
      if (c.status === "waiting" && !this.inBucket(c)) {
        const steps = stepsOf(this.queues.get(c.queueId)!);
        let step = Math.min(c.step, steps.length - 1);
        while (step > 0 && !routable(steps[step]!.target)) step--;
        c.step = step;
        this.enqueue(c);
      }
      return;
    }
    if (c.status === "offered") this.releaseOffer(c);
    if (target.to === "callback") return this.finish(c, "interaction.callback_requested", { queueId: c.queueId, reason });
    this.countersFor(this.queues.get(c.queueId)).overflowed++;
    this.finish(c, "interaction.overflowed", { to: target.to, queueId: c.queueId, reason });
  }

  /** The bucket of a contact's queue, step, channel and required skills, found without building its key. */
  private bucketFor(c: Contact): Bucket {
    let row = c.rowGeneration === this.rowGeneration ? c.row : null;
    if (!row) {
      let byQueue = this.bucketIndex.get(c.queueId);
      if (!byQueue) this.bucketIndex.set(c.queueId, (byQueue = new Map()));
      row = byQueue.get(c.skillsKey) ?? null;
      if (!row) byQueue.set(c.skillsKey, (row = []));
      c.row = row;
      c.rowGeneration = this.rowGeneration;
    }
    const slot = c.step * CHANNELS.length + CHANNEL_INDEX[c.channel];
    return (row[slot] ??= this.resolveBucket(c));
  }

  private resolveBucket(c: Contact): Bucket {
    const queue = this.queues.get(c.queueId)!;
    const steps = stepsOf(queue);
    let step = c.step;
    while (step > 0 && !routable(steps[step]!.target)) step--;
    const target = routable(steps[step]!.target) ? steps[step]!.target : { kind: "skills" as const };
    const key = `${c.queueId}|${step}|${c.channel}|${c.skillsKey}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      // Named-agent steps do not ask for the skills, so they form groups of their own.
      const groupKey = target.kind === "agents" ? `${c.channel}|*` : `${c.channel}|${c.skillsKey}`;
      let group = this.groups.get(groupKey);
      if (!group) {
        group = { channel: c.channel, skills: target.kind === "agents" ? [] : c.requiredSkills.map((r) => r.skill), order: [] };
        this.groups.set(groupKey, group);
        this.groupList.push(group);
      }
      bucket = { key, queueId: c.queueId, tenantId: queue.tenantId, step, channel: c.channel, target, required: c.requiredSkills, heap: new KeyedHeap<Contact>(), group, recorded: null, waitClasses: this.waitClassesOf(c.queueId, c.channel) };
      this.buckets.set(key, bucket);
      this.eligibleByQueue.delete(c.queueId);
    }
    return bucket;
  }

  /** Puts a waiting contact where agents look for work, and marks it for matching. */
  private enqueue(c: Contact): void {
    c.status = "waiting";
    c.version++;
    let classes: WaitClass[];
    if (c.pinnedAgentId) {
      classes = this.waitClassesOf(c.queueId, c.channel);
      let heap = this.pinned.get(c.pinnedAgentId);
      if (!heap) this.pinned.set(c.pinnedAgentId, (heap = new KeyedHeap<Contact>()));
      pushContact(heap, c);
    } else {
      const bucket = this.bucketFor(c);
      c.bucket = bucket;
      classes = bucket.waitClasses;
      pushContact(bucket.heap, c);
      if (!bucket.recorded || contactBefore(c, bucket.recorded)) reorder(bucket, c);
    }
    if (!c.waitingIn) {
      let waiting = this.waitingByQueue.get(c.queueId);
      if (!waiting) this.waitingByQueue.set(c.queueId, (waiting = []));
      c.waitingIn = waiting;
      c.waitingSlot = waiting.length;
      waiting.push(c);
      this.countWaiting(c, classes);
    }
    if (!c.dirty) {
      c.dirty = true;
      this.dirtyContacts.push(c);
    }
  }

  /** The waiting classes of a queue's contacts of one channel (each bucket keeps its own queue's and channel's). */
  private waitClassesOf(queueId: string, channel: Channel): WaitClass[] {
    let byChannel = this.waitClasses.get(queueId);
    if (!byChannel) this.waitClasses.set(queueId, (byChannel = CHANNELS.map(() => [])));
    return byChannel[CHANNEL_INDEX[channel]]!;
  }

  /** Counts a contact that joins its queue's waiting list in its class (`WaitClass`) among `siblings`. */
  private countWaiting(c: Contact, siblings: WaitClass[]): void {
    let cls: WaitClass | undefined;
    for (let i = 0; i < siblings.length; i++) {
      if (siblings[i]!.priority === c.priority) {
        cls = siblings[i]!;
        break;
      }
    }
    if (!cls) siblings.push((cls = { priority: c.priority, count: 0, lastArrivedAt: -Infinity, lastSeq: -Infinity, siblings }));
    cls.count++;
    if (c.arrivedAt > cls.lastArrivedAt || (c.arrivedAt === cls.lastArrivedAt && c.seq > cls.lastSeq)) {
      cls.lastArrivedAt = c.arrivedAt;
      cls.lastSeq = c.seq;
    }
    c.waitClass = cls;
  }

  private inBucket(c: Contact): boolean {
    return c.waitingIn !== null;
  }

  private leaveBucket(c: Contact): void {
    c.version++;
    const waiting = c.waitingIn;
    if (!waiting) return;
    // The last contact of the list takes the leaver's slot.
    const last = waiting.pop()!;
    if (last !== c) {
      waiting[c.waitingSlot] = last;
      last.waitingSlot = c.waitingSlot;
    }
    c.waitingIn = null;
    c.waitingSlot = -1;
    c.waitClass!.count--;
    c.waitClass = null;
  }

  private offer(c: Contact, agent: Agent): void {
    this.leaveBucket(c);
    c.status = "offered";
    c.agentId = agent.id;
    putWork(agent, c.id, c.channel, "offered");
    const timeout = (this.queues.get(c.queueId)?.offerTimeoutSeconds ?? 20) * 1000;
    this.arm(c, OFFER, this.now + timeout);
    this.events.push({
      type: "interaction.offered",
      at: this.now,
      tenantId: c.tenantId,
      interactionId: c.id,
      agentId: agent.id,
      queueId: c.queueId,
      step: c.step,
      expiresAt: this.now + timeout,
      callback: c.virtualHold,
      waitMs: this.now - c.arrivedAt,
    });
    this.refreshFree(agent);
  }

  /** The agent did not take it: back to its place in the queue (order is by arrival, so its place is kept). */
  private returnOffer(c: Contact): void {
    this.releaseOffer(c);
    if (c.stepPending) this.nextStep(c);
    else this.enqueue(c);
  }

  private nextStep(c: Contact): void {
    c.stepPending = 0;
    this.leaveBucket(c);
    c.status = "waiting";
    this.enterStep(c, Math.min(c.step + 1, stepsOf(this.queues.get(c.queueId)!).length - 1));
  }

  private releaseOffer(c: Contact): void {
    const agent = this.agents.get(c.agentId!)!;
    dropWork(agent, c.id);
    c.offerToken++;
    c.agentId = null;
    c.status = "waiting";
    this.becameFree(agent);
  }

  private withdrawOffer(c: Contact, reason: string): void {
    this.emit("offer.withdrawn", c, { agentId: c.agentId, reason });
    this.returnOffer(c);
  }

  /** Ends a contact that never reached (or no longer needs) an agent, with its one final event. */
  private finish(c: Contact, type: string, data: Record<string, unknown>): void {
    this.leaveBucket(c);
    this.forget(c);
    this.emit(type, c, data);
  }

  /**
   * The contact leaves the engine. Its pending timers hold it, so it drops its tokens: none of them matches
   * any more, even if a new contact later arrives under the same id.
   */
  private forget(c: Contact): void {
    this.contacts.delete(c.id);
    c.bucket = null;
    c.live = false;
    clearTokens(c);
  }

  private stopStatutoryClock(c: Contact): void {
    c.atRiskToken++;
    c.breachToken++;
    c.choiceToken++;
  }

  // ── matching ──────────────────────────────────────────────────────────────────────────────────────

  /** Lets time pass to `target`: each due timer fires at its own instant, and matching follows it. */
  private settle(target: number): void {
    this.dispatch();
    const timers = this.timers;
    while (timers.peek() && timers.at <= target) {
      timers.pop();
      const c = timers.contact!;
      const kind = timers.kind;
      const token = timers.token;
      // A timer counts while its contact is in the engine and has not re-armed or cancelled that kind since.
      if (tokenOf(c, kind) !== token) continue;
      this.now = Math.max(this.now, timers.at);
      setToken(c, kind, token + 1);
      this.fire(kind, c);
      this.dispatch();
    }
    this.now = target;
    this.dispatch();
  }

  private dispatch(): void {
    while (this.dirtyAgents.length > 0 || this.dirtyContacts.length > 0) {
      // Freed agents first, each taking the best contact it can serve; then new or widened contacts look
      // for a free agent, in queue order. Sorting keeps the outcome independent of the order they were marked.
      // One of each (a timer or a command's usual share) needs no sorting.
      if (this.dirtyAgents.length === 1) {
        const agent = this.dirtyAgents.pop()!;
        agent.load.dirty = false;
        this.fillAgent(agent);
      } else if (this.dirtyAgents.length > 1) {
        const agents = this.dirtyAgents;
        this.dirtyAgents = [];
        for (const agent of agents) agent.load.dirty = false;
        agents.sort((a, b) => (a.id < b.id ? -1 : 1));
        for (const agent of agents) this.fillAgent(agent);
      }
      if (this.dirtyContacts.length === 1) {
        const c = this.dirtyContacts.pop()!;
        c.dirty = false;
        if (c.live && c.status === "waiting") this.placeContact(c);
      } else if (this.dirtyContacts.length > 1) {
        const marked = this.dirtyContacts;
        this.dirtyContacts = [];
        for (const c of marked) c.dirty = false;
        const contacts = marked.filter((c) => c.live && c.status === "waiting");
        contacts.sort((a, b) => (contactBefore(a, b) ? -1 : 1));
        for (const c of contacts) if (c.status === "waiting") this.placeContact(c);
      }
    }
  }

  /** Offers a freed agent the best waiting contacts it can serve, until it is full or nothing fits. */
  private fillAgent(agent: Agent): void {
    for (;;) {
      // Which channels the agent can take now, worked out once rather than per bucket.
      const open = takeMask(agent);
      if (open === 0) break;
      const pinned = this.pinned.size > 0 ? this.pinned.get(agent.id) : undefined;
      const head = pinned && headOf(pinned);
      const heap = head && open & CHANNEL_BIT[head.channel] ? pinned : (bestInOrder(this.groupList, agent, open, this.staleBuckets)?.heap ?? null);
      if (!heap) break;
      // The heap's head is live: headOf just dropped the stale entries before it.
      this.offer(heap.pop()!, agent);
    }
    this.refreshFree(agent);
  }

  /** Finds a free agent for one waiting contact, by the queue's strategy. */
  private placeContact(c: Contact): void {
    if (c.pinnedAgentId) {
      const agent = this.agents.get(c.pinnedAgentId);
      if (agent && canTake(agent, c.channel) && headOf(this.pinned.get(agent.id)!) === c) {
        this.pinned.get(agent.id)!.pop();
        this.offer(c, agent);
      }
      return;
    }
    const bucket = c.bucket ?? this.bucketFor(c);
    const queue = this.queues.get(c.queueId)!;
    let best: Agent | null = null;
    if ((queue.strategy ?? "longest_idle") === "longest_idle") {
      // Free agents are kept in idle order: the first eligible one is the longest idle, no full scan.
      for (const agent of this.idle[c.channel].slots) {
        if (agent && canTake(agent, c.channel) && servesBucket(agent, bucket)) {
          best = agent;
          break;
        }
      }
    } else for (const agent of this.idle[c.channel].slots) {
      if (!agent || !canTake(agent, c.channel) || !servesBucket(agent, bucket)) continue;
      if (!best || this.preferred(queue, c, agent, best)) best = agent;
    }
    if (!best) return;
    // The contact must be the head of its bucket for this agent; by the invariant nothing earlier fits it.
    this.leaveBucket(c);
    c.status = "waiting";
    this.offer(c, best);
    if (queue.strategy === "round_robin") this.roundRobin.set(queue.id, best.id);
  }

  private preferred(queue: QueueConfig, c: Contact, a: Agent, b: Agent): boolean {
    switch (queue.strategy ?? "longest_idle") {
      case "least_occupied": {
        const oa = workCount(a) / totalCapacity(a);
        const ob = workCount(b) / totalCapacity(b);
        if (oa !== ob) return oa < ob;
        break;
      }
      case "best_proficiency": {
        const pa = proficiencyFor(a, c.requiredSkills);
        const pb = proficiencyFor(b, c.requiredSkills);
        if (pa !== pb) return pa > pb;
        break;
      }
      case "round_robin": {
        // Next agent id after the last one served, wrapping around.
        const last = this.roundRobin.get(queue.id) ?? "";
        const ra = a.id > last ? 0 : 1;
        const rb = b.id > last ? 0 : 1;
        if (ra !== rb) return ra < rb;
        return a.id < b.id;
      }
      default:
        break;
    }
    if (a.idleSince !== b.idleSince) return a.idleSince < b.idleSince;
    return a.id < b.id;
  }

  // ── agents ────────────────────────────────────────────────────────────────────────────────────────

  private setPresence(agent: Agent, presence: Agent["presence"], reason: string | null): void {
    const previous = agent.presence;
    const previousReason = agent.reason;
    if (previous === presence && previousReason === reason) return;
    this.events.push({
      type: "agent.state_changed",
      at: this.now,
      tenantId: null,
      agentId: agent.id,
      state: presence,
      reason,
      previousState: previous,
      previousReason,
      previousMs: this.now - agent.presenceSince,
    });
    agent.presence = presence;
    agent.reason = reason;
    agent.presenceSince = this.now;
    if (presence === "available" && previous !== "available" && workCount(agent) === 0) agent.idleSince = this.now;
    this.refreshFree(agent);
    if (presence === "available") this.markAgent(agent);
  }

  private becameFree(agent: Agent): void {
    const n = agent.load.perChannel;
    if (n[0] === 0 && n[1] === 0 && n[2] === 0 && n[3] === 0 && n[4] === 0) agent.idleSince = this.now;
    // Filed among the free agents only once `fillAgent` has offered it what it can take (usually the next
    // contact at once): nothing reads the idle orders before a dirty agent is filled, and filing it now would
    // mean filing it and taking it out again on most commands.
    this.markAgent(agent);
  }

  private markAgent(agent: Agent): void {
    if (agent.load.dirty) return;
    agent.load.dirty = true;
    this.dirtyAgents.push(agent);
  }

  /** Files the agent in (or out of) each channel's idle order by what it can take now and its idle time. */
  private refreshFree(agent: Agent): void {
    const open = takeMask(agent);
    const filed = agent.load.filed;
    // Channel bits and indexes agree (CHANNEL_BIT[ch] === 1 << CHANNEL_INDEX[ch]).
    for (let i = 0; i < 5; i++) {
      const key = filed[i]!;
      const can = (open & (1 << i)) !== 0;
      if (can ? key === agent.idleSince : Number.isNaN(key)) continue;
      const order = this.idleByIndex[i]!;
      if (!Number.isNaN(key)) order.remove(agent);
      if (can) order.insert(agent);
    }
  }

  private countHandled(agent: Agent): void {
    const dayNumber = Math.floor(this.now / 86_400_000);
    if (dayNumber !== this.handledDayNumber) {
      this.handledDayNumber = dayNumber;
      this.handledDayName = new Date(this.now).toISOString().slice(0, 10);
    }
    const day = this.handledDayName;
    if (agent.handledDay !== day) {
      agent.handledDay = day;
      agent.handled = 0;
    }
    agent.handled++;
  }

  private staffedFor(queue: QueueConfig): { available: number; busy: number; eligible: number } {
    const eligible = this.eligibleFor(queue.id);
    let available = 0;
    let busy = 0;
    for (const a of eligible) {
      if (a.presence !== "available") continue;
      if (workCount(a) > 0) busy++;
      else available++;
    }
    return { available, busy, eligible: eligible.length };
  }

  private eligibleFor(queueId: string): Agent[] {
    let eligible = this.eligibleByQueue.get(queueId);
    if (eligible) return eligible;
    const buckets = [...this.buckets.values()].filter((b) => b.queueId === queueId);
    eligible = [...this.agents.values()].filter((a) => buckets.some((b) => servesBucket(a, b)));
    this.eligibleByQueue.set(queueId, eligible);
    return eligible;
  }

  private positionOf(c: Contact): { position: number; expectedWaitMs: number } {
    let position = 1;
    const cls = c.waitClass;
    if (cls && cls.lastSeq === c.seq && cls.lastArrivedAt === c.arrivedAt) {
      // Behind every other contact of its class (the usual new arrival): count, do not walk.
      position = cls.count;
      for (const other of cls.siblings) if (other.priority > c.priority) position += other.count;
    } else {
      for (const other of this.waitingByQueue.get(c.queueId) ?? []) {
        if (other !== c && other.status === "waiting" && other.channel === c.channel && contactBefore(other, c)) position++;
      }
    }
    return { position, expectedWaitMs: Math.round(position * this.expectedWaitPerPosition(this.queues.get(c.queueId)!)) };
  }

  /** Expected wait per place in line: the queue's average handling time shared among its staffed agents. */
  private expectedWaitPerPosition(queue: QueueConfig): number {
    const counters = this.countersToday(queue);
    // Today's handling time, steadied by the queue's default as if it were ten contacts' worth: the first
    // few calls of the morning should not swing announcements from seconds to an hour.
    const PRIOR = 10;
    const prior = (queue.defaultHandleSeconds ?? 180) * 1000;
    const aht = (counters.handleMsTotal + prior * PRIOR) / (counters.handled + PRIOR);
    const { available, busy } = this.staffedFor(queue);
    return aht / Math.max(1, available + busy);
  }

  /**
   * Today's counters of a queue for reading: a day that has not counted anything yet reads as zeros, and
   * yesterday's counters stay as they are, so queries never change the engine's state.
   */
  private countersToday(queue: QueueConfig): QueueCounters {
    const tenant = this.tenants.get(queue.tenantId);
    const day = localDay(this.now, tenant?.timeZone ?? "Asia/Jerusalem");
    const counters = this.counters.get(queue.id);
    return counters?.day === day ? counters : emptyCounters(day);
  }

  /** Today's counters of a queue for counting: a new day starts them afresh. */
  private countersFor(queue: QueueConfig | undefined): QueueCounters {
    if (!queue) return emptyCounters("");
    const tenant = this.tenants.get(queue.tenantId);
    const day = localDay(this.now, tenant?.timeZone ?? "Asia/Jerusalem");
    let counters = this.counters.get(queue.id);
    if (!counters || counters.day !== day) this.counters.set(queue.id, (counters = emptyCounters(day)));
    return counters;
  }

  // ── timers ────────────────────────────────────────────────────────────────────────────────────────

  /** `kind`: an index into TIMER_KINDS. */
  private arm(c: Contact, kind: number, at: number): void {
    const token = tokenOf(c, kind) + 1;
    setToken(c, kind, token);
    this.timers.push(at, ++this.seq, kind, token, c, this.now);
  }

  private fire(kind: number, c: Contact): void {
    switch (kind) {
      case STEP:
        if (c.status === "waiting" || c.status === "offered") {
          // An offer in flight keeps its agent; the contact moves on only if it comes back.
          if (c.status === "offered") c.stepPending = 1;
          else this.nextStep(c);
        }
        return;
      case OFFER:
        if (c.status === "offered") {
          const agentId = c.agentId!;
          this.emit("offer.timed_out", c, { agentId });
          this.returnOffer(c);
          this.setPresence(this.agents.get(agentId)!, "not_ready", "missed_offer");
        }
        return;
      case WRAP_UP:
        if (c.status === "wrap_up") this.endWrapUp(c, null, true);
        return;
      case AT_RISK:
        this.events.push({ type: "interaction.deadline_at_risk", at: this.now, tenantId: c.tenantId, interactionId: c.id, deadlineAt: c.deadlineAt, queueId: c.queueId });
        return;
      case BREACH:
        this.countersFor(this.queues.get(c.queueId)).breaches++;
        this.events.push({ type: "interaction.deadline_breached", at: this.now, tenantId: c.tenantId, interactionId: c.id, deadlineAt: c.deadlineAt, queueId: c.queueId, topic: c.topic });
        return;
      case CHOICE:
        if (!c.choiceOffered && (c.status === "waiting" || c.status === "offered")) {
          c.choiceOffered = true;
          this.events.push({
            type: "interaction.choice_offered",
            at: this.now,
            tenantId: c.tenantId,
            interactionId: c.id,
            reason: "answer_time_rule",
            suggested: "message",
            options: ["hold", "leave_message", "keep_place_callback", "scheduled_callback"],
          });
        }
        return;
      case MAX_WAIT: {
        const queue = this.queues.get(c.queueId);
        if (!queue || (c.status !== "waiting" && c.status !== "offered")) return;
        const target = queue.overflow ?? { kind: "overflow", to: "message" };
        if (target.kind === "queue" && this.queues.has(target.queueId) && c.hops < MAX_HOPS) {
          if (c.status === "offered") this.releaseOffer(c);
          return this.moveToQueue(c, target.queueId, "max_wait");
        }
        if (target.kind === "overflow") return this.overflow(c, target, "max_wait");
        return;
      }
    }
  }

  /** An event about a contact. The busiest ones are pushed as one literal instead, saving the spread's second object. */
  private emit(type: string, c: Contact, data: Record<string, unknown>): void {
    this.events.push({ type, at: this.now, tenantId: c.tenantId, interactionId: c.id, ...data });
  }

  // ── restore ───────────────────────────────────────────────────────────────────────────────────────

  private restore(state: EngineState): void {
    const s = structuredClone(state);
    this.seq = s.seq;
    this.now = s.now;
    for (const t of s.tenants) this.tenants.set(t.tenantId, t);
    for (const q of s.queues) this.queues.set(q.id, q);
    for (const a of s.agents) this.agents.set(a.id, liveAgent(a));
    for (const [k, v] of s.counters) this.counters.set(k, v);
    for (const [k, v] of s.roundRobin) this.roundRobin.set(k, v);
    for (const c of s.contacts) this.contacts.set(c.id, liveContact(c));
    for (const t of s.timers) {
      const contact = this.contacts.get(t.contactId);
      const kind = kindIndex(t.kind);
      if (contact && kind !== undefined) this.timers.push(t.at, t.seq, kind, t.token, contact, this.now);
    }
    for (const a of this.agents.values()) this.refreshFree(a);
    // Waiting contacts go back into their buckets in queue order; offered/connected ones stay with agents.
    const waiting = s.contacts.filter((c) => c.status === "waiting").sort((a, b) => (contactBefore(a, b) ? -1 : 1));
    for (const c of waiting) this.enqueue(this.contacts.get(c.id)!);
    // Nothing is dispatched here: the state was settled when exported.
    for (const a of this.dirtyAgents) a.load.dirty = false;
    for (const c of this.dirtyContacts) c.dirty = false;
    this.dirtyAgents = [];
    this.dirtyContacts = [];
  }
}

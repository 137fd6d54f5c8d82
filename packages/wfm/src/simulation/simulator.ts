/**
 * The contact center's digital twin: a discrete-event simulation that drives the real routing engine on a
 * virtual clock. Routing decisions (who gets which contact, in what order, statutory deadlines) are never
 * re-implemented here: the simulator only supplies what the outside world would — arrivals, agents who
 * accept offers and end calls, callers who lose patience, shifts starting and ending — and reads the
 * engine's events back.
 *
 * Randomness comes from three independent seeded streams (arrivals, handling, patience). Each contact
 * draws its handling time and patience when it arrives, so two scenarios with the same seed and traffic see
 * the same callers, whatever the staffing: comparisons then measure the staffing, not the luck of the draw.
 */
import { RoutingEngine, type Command, type EngineEvent } from "@moked/routing";
import { seededRng, type Rng } from "../random";
import { EventHeap } from "./heap";
import { addSums, emptySums, summarise } from "./metrics";
import { draw } from "./fit";
import type { Duration, DurationSampler, IntervalSums, SimulationResult, SimulationScenario } from "./types";

const TENANT = "sim";
const QUEUE = "q";

type SimEvent =
  | { at: number; seq: number; kind: "arrival"; stream?: number }
  | { at: number; seq: number; kind: "complete"; contact: number; agentId: string }
  | { at: number; seq: number; kind: "patience"; contact: number }
  | { at: number; seq: number; kind: "shift_start" | "shift_end"; agentId: string };

const WAITING = 0;
const ANSWERED = 1;
const ENDED = 2;

function sampler(value: Duration): DurationSampler {
  if (typeof value === "function") return value;
  if (typeof value === "object") return (rng) => draw(value, rng);
  if (!(value > 0 && Number.isFinite(value))) throw new RangeError("a mean duration must be positive and finite");
  return (rng) => -Math.log(1 - rng()) * value;
}

/** Runs one scenario to the end: every contact answered or abandoned, or no agent left to serve it. */
export function simulate(scenario: SimulationScenario): SimulationResult {
  return new Simulation(scenario).run();
}

/** Two scenarios run side by side (same seed: same callers), with the change in each headline figure. */
export function compareScenarios(a: SimulationScenario, b: SimulationScenario): { a: SimulationResult; b: SimulationResult; delta: Record<string, number | null> } {
  const ra = simulate(a);
  const rb = simulate(b);
  const keys = ["serviceLevel", "serviceLevelExcludingAbandons", "asaSeconds", "abandonRate", "occupancy", "deadlineBreaches", "answered", "abandoned"] as const;
  const delta: Record<string, number | null> = {};
  for (const k of keys) {
    const x = ra.total[k];
    const y = rb.total[k];
    delta[k] = x === null || y === null ? null : y - x;
  }
  return { a: ra, b: rb, delta };
}

class Simulation {
  private readonly engine = new RoutingEngine();
  private readonly heap = new EventHeap<SimEvent>();
  private seq = 0;
  private now: number;
  private commands = 0;
  private events = 0;

  private readonly arrivalRng: Rng;
  private readonly handleRng: Rng;
  private readonly patienceRng: Rng;
  private readonly kindRng: Rng;
  private readonly handleTime: DurationSampler;
  private readonly patience: DurationSampler | null;
  /** Mixed traffic: per stream its samplers and the running total of shares used to draw one. */
  private readonly streams: Array<{ handle: DurationSampler; patience: DurationSampler | null; upTo: number; sums: IntervalSums[] }>;
  /** Sorted by start; arrivals walk through them with a cursor. */
  private readonly intervals: SimulationScenario["intervals"];
  private readonly sums: IntervalSums[];
  private arrivalInterval = 0;
  private arrivalClock = 0;
  /** Replayed arrivals, sorted, with their stream's index (-2: draw one), and the next one's place. */
  private readonly replay: Array<{ at: number; stream: number }> | null;
  private replayCursor = 0;

  // Per contact, indexed by its number (ids are `c<number>`).
  private readonly contactInterval: number[] = [];
  private readonly contactHandleMs: number[] = [];
  private readonly contactState: number[] = [];
  private readonly contactStream: number[] = [];

  private readonly loggedIn = new Set<string>();
  private readonly busy = new Map<string, number>();
  private readonly leaving = new Set<string>();
  private busyCount = 0;
  private staffedCount = 0;
  private lastIntegrated: number;
  private integrateCursor = 0;
  private readonly pending: Command[] = [];

  constructor(private readonly scenario: SimulationScenario) {
    const base = scenario.seed >>> 0;
    this.arrivalRng = seededRng(base);
    // Odd multipliers of the golden ratio keep the streams' starting states far apart.
    this.handleRng = seededRng((base + 0x9e3779b9) >>> 0);
    this.patienceRng = seededRng((base + 2 * 0x9e3779b9) >>> 0);
    this.handleTime = sampler(scenario.ahtSeconds);
    this.kindRng = seededRng((base + 3 * 0x9e3779b9) >>> 0);
    this.patience = scenario.patienceSeconds === undefined ? null : sampler(scenario.patienceSeconds);
    let upTo = 0;
    this.streams = (scenario.streams ?? []).map((st) => {
      if (!(st.share >= 0 && Number.isFinite(st.share))) throw new RangeError("a stream's share must be finite and ≥ 0");
      upTo += st.share;
      const patience = st.patienceSeconds ?? scenario.patienceSeconds;
      return { handle: st.ahtSeconds === undefined ? this.handleTime : sampler(st.ahtSeconds), patience: patience === undefined ? null : sampler(patience), upTo, sums: [] };
    });
    if (this.streams.length > 0 && !(upTo > 0)) throw new RangeError("the streams' shares add up to nothing");
    this.intervals = [...scenario.intervals].sort((x, y) => x.startOffsetSeconds - y.startOffsetSeconds);
    for (const i of this.intervals) {
      if (!(i.lengthSeconds > 0) || !(i.volume >= 0) || !Number.isFinite(i.volume)) throw new RangeError("intervals need a positive length and a finite volume ≥ 0");
    }
    this.sums = this.intervals.map(() => emptySums());
    for (const st of this.streams) st.sums = this.intervals.map(() => emptySums());
    this.now = scenario.start;
    this.lastIntegrated = scenario.start;
    this.arrivalClock = this.intervals[0]?.startOffsetSeconds ?? 0;
    this.replay = scenario.arrivals ? this.replayList(scenario.arrivals) : null;
  }

  private replayList(arrivals: NonNullable<SimulationScenario["arrivals"]>): Array<{ at: number; stream: number }> {
    const first = this.intervals[0]?.startOffsetSeconds ?? 0;
    const last = this.intervals.reduce((m, i) => Math.max(m, i.startOffsetSeconds + i.lengthSeconds), first);
    const ids = (this.scenario.streams ?? []).map((st) => st.id);
    return arrivals
      .map((a) => {
        if (!(a.atSeconds >= first && a.atSeconds < last)) throw new RangeError(`a replayed arrival at ${a.atSeconds} s lies outside the intervals`);
        const stream = a.stream === undefined ? -2 : ids.indexOf(a.stream);
        if (stream === -1) throw new RangeError(`a replayed arrival names the unknown stream ${a.stream}`);
        return { at: a.atSeconds, stream };
      })
      .sort((x, y) => x.at - y.at);
  }

  run(): SimulationResult {
    this.configure();
    this.scheduleNextArrival();
    for (;;) {
      const wake = this.engine.nextWakeAt();
      const top = this.heap.peek();
      if (top === undefined && wake === null) break;
      if (wake !== null && (top === undefined || wake <= top.at)) {
        this.advance(wake);
        this.send({ type: "tick" });
        continue;
      }
      const ev = this.heap.pop()!;
      this.advance(ev.at);
      this.fire(ev);
    }
    for (let i = 0; i < this.contactState.length; i++) if (this.contactState[i] === WAITING) this.tally(i, (s) => s.unresolved++);
    const intervals = this.intervals.map((iv, k) => summarise(this.sums[k]!, iv.startOffsetSeconds, iv.lengthSeconds));
    const total = emptySums();
    for (const s of this.sums) addSums(total, s);
    const first = this.intervals[0];
    const last = this.intervals[this.intervals.length - 1];
    const span = first && last ? last.startOffsetSeconds + last.lengthSeconds - first.startOffsetSeconds : 0;
    const streams = (this.scenario.streams ?? []).map((st, k) => {
      const sums = this.streams[k]!.sums;
      return { id: st.id, intervals: this.intervals.map((iv, j) => summarise(sums[j]!, iv.startOffsetSeconds, iv.lengthSeconds)), total: summarise(sums.reduce(addSums, emptySums()), first?.startOffsetSeconds ?? 0, span) };
    });
    return {
      intervals,
      total: summarise(total, first?.startOffsetSeconds ?? 0, span),
      ...(streams.length > 0 ? { streams } : {}),
      engine: { commands: this.commands, events: this.events },
      endedAt: this.now,
    };
  }

  private configure(): void {
    const s = this.scenario;
    const q = s.queue ?? {};
    this.send({ type: "configure_tenant", tenant: { tenantId: TENANT, timeZone: "Asia/Jerusalem", calendar: { alwaysOpen: true, weekly: {}, closedOnShabbatAndHolidays: false, exceptions: {} } } });
    this.send({
      type: "configure_queue",
      queue: {
        id: QUEUE,
        tenantId: TENANT,
        name: "simulated",
        strategy: q.strategy ?? "longest_idle",
        serviceLevel: q.serviceLevel ?? { percent: 80, thresholdSeconds: 20 },
        wrapUpSeconds: q.wrapUpSeconds ?? 0,
        shortAbandonSeconds: q.shortAbandonSeconds ?? 5,
        steps: q.steps ?? [{ target: { kind: "skills" } }],
      },
    });
    for (const a of s.agents) {
      this.send({ type: "configure_agent", agent: { agentId: a.id, skills: a.skills ?? [] } });
      const shifts = a.shifts ?? [{ fromSeconds: 0, toSeconds: Infinity }];
      for (const sh of shifts) {
        if (!(sh.toSeconds > sh.fromSeconds)) continue;
        this.push({ at: s.start + sh.fromSeconds * 1000, seq: 0, kind: "shift_start", agentId: a.id });
        if (Number.isFinite(sh.toSeconds)) this.push({ at: s.start + sh.toSeconds * 1000, seq: 0, kind: "shift_end", agentId: a.id });
      }
    }
  }

  /** Counts into the contact's interval, and its stream's too in a mixed traffic. */
  private tally(contact: number, count: (s: IntervalSums) => void): void {
    const iv = this.contactInterval[contact]!;
    count(this.sums[iv]!);
    const k = this.contactStream[contact]!;
    if (k >= 0) count(this.streams[k]!.sums[iv]!);
  }

  /** The kind of the next arrival, by share; -1 when the traffic is not mixed. */
  private drawStream(): number {
    const n = this.streams.length;
    if (n === 0) return -1;
    const x = this.kindRng() * this.streams[n - 1]!.upTo;
    let k = 0;
    while (k < n - 1 && x >= this.streams[k]!.upTo) k++;
    return k;
  }

  private push(ev: SimEvent): void {
    ev.seq = ++this.seq;
    this.heap.push(ev);
  }

  /** The next Poisson arrival: exponential gaps at the current interval's rate, restarting at each boundary (memorylessness makes that exact). */
  private scheduleNextArrival(): void {
    if (this.replay) {
      const next = this.replay[this.replayCursor++];
      if (!next) return;
      // The interval it counts in: intervals are sorted and replayed arrivals come in time order.
      while (this.arrivalInterval < this.intervals.length - 1 && next.at >= this.intervals[this.arrivalInterval]!.startOffsetSeconds + this.intervals[this.arrivalInterval]!.lengthSeconds) this.arrivalInterval++;
      this.push({ at: this.scenario.start + next.at * 1000, seq: 0, kind: "arrival", ...(next.stream >= 0 ? { stream: next.stream } : {}) });
      return;
    }
    while (this.arrivalInterval < this.intervals.length) {
      const iv = this.intervals[this.arrivalInterval]!;
      const end = iv.startOffsetSeconds + iv.lengthSeconds;
      const from = Math.max(this.arrivalClock, iv.startOffsetSeconds);
      const rate = iv.volume / iv.lengthSeconds;
      const next = rate > 0 ? from - Math.log(1 - this.arrivalRng()) / rate : Infinity;
      if (next < end) {
        this.arrivalClock = next;
        this.push({ at: this.scenario.start + next * 1000, seq: 0, kind: "arrival" });
        return;
      }
      this.arrivalClock = end;
      this.arrivalInterval++;
    }
  }

  private fire(ev: SimEvent): void {
    switch (ev.kind) {
      case "arrival": {
        const n = this.contactState.length;
        const k = ev.stream ?? this.drawStream();
        const stream = k >= 0 ? this.streams[k]! : null;
        this.contactInterval.push(this.arrivalInterval);
        this.contactStream.push(k);
        this.contactHandleMs.push((stream?.handle ?? this.handleTime)(this.handleRng) * 1000);
        this.contactState.push(WAITING);
        this.tally(n, (s) => s.offered++);
        const patience = stream ? stream.patience : this.patience;
        if (patience) {
          const wait = patience(this.patienceRng);
          if (Number.isFinite(wait)) this.push({ at: this.now + wait * 1000, seq: 0, kind: "patience", contact: n });
        }
        this.scheduleNextArrival();
        const s = this.scenario;
        const requiredSkills = (k >= 0 ? s.streams![k]!.requiredSkills : undefined) ?? s.requiredSkills ?? [];
        this.send({ type: "arrive", interaction: { id: `c${n}`, tenantId: TENANT, queueId: QUEUE, channel: "voice", topic: s.topic ?? "billing", requiredSkills } });
        return;
      }
      case "complete":
        this.send({ type: "complete", interactionId: `c${ev.contact}`, agentId: ev.agentId });
        return;
      case "patience":
        if (this.contactState[ev.contact] === WAITING) this.send({ type: "hangup", interactionId: `c${ev.contact}` });
        return;
      case "shift_start":
        this.leaving.delete(ev.agentId);
        if (!this.loggedIn.has(ev.agentId)) {
          this.loggedIn.add(ev.agentId);
          this.staffedCount++;
        }
        this.send({ type: "agent_state", agentId: ev.agentId, state: "available" });
        return;
      case "shift_end":
        if (!this.loggedIn.has(ev.agentId)) return;
        if (this.busy.has(ev.agentId)) {
          // A call is not cut off at the end of a shift: the agent takes no more and logs out after it.
          this.leaving.add(ev.agentId);
          this.send({ type: "agent_state", agentId: ev.agentId, state: "not_ready", reason: "end_of_shift" });
        } else this.logOut(ev.agentId);
        return;
    }
  }

  private logOut(agentId: string): void {
    this.leaving.delete(agentId);
    this.loggedIn.delete(agentId);
    this.staffedCount--;
    this.send({ type: "agent_state", agentId, state: "offline" });
  }

  /** Issues a command at the virtual now and reacts to what the engine says; offers are accepted at once. */
  private send(command: Command): void {
    const result = this.engine.handle(command, this.now);
    this.commands++;
    this.events += result.events.length;
    // The simulator only sends commands the engine's own events made valid: a refusal is a bug in one of them.
    if (result.error) throw new Error(`routing engine refused ${command.type}: ${result.error.message}`);
    for (const e of result.events) this.observe(e);
    while (this.pending.length > 0) this.send(this.pending.shift()!);
  }

  private observe(e: EngineEvent): void {
    const n = e.interactionId === undefined ? -1 : Number(e.interactionId.slice(1));
    switch (e.type) {
      case "interaction.offered":
        this.pending.push({ type: "accept", interactionId: e.interactionId!, agentId: e.agentId as string });
        return;
      case "interaction.answered": {
        const waitMs = e.waitMs as number;
        this.contactState[n] = ANSWERED;
        this.tally(n, (s) => {
          s.answered++;
          s.answeredWaitSeconds += waitMs / 1000;
          if (waitMs > 0) s.waited++;
          if (e.withinServiceLevel === true) s.answeredWithinThreshold++;
        });
        const agentId = e.agentId as string;
        this.busy.set(agentId, (this.busy.get(agentId) ?? 0) + 1);
        this.busyCount++;
        this.push({ at: this.now + this.contactHandleMs[n]!, seq: 0, kind: "complete", contact: n, agentId });
        return;
      }
      case "interaction.wrapped_up": {
        this.contactState[n] = ENDED;
        const agentId = e.agentId as string;
        const left = (this.busy.get(agentId) ?? 1) - 1;
        if (left > 0) this.busy.set(agentId, left);
        else this.busy.delete(agentId);
        this.busyCount--;
        if (left <= 0 && this.leaving.has(agentId)) {
          this.leaving.delete(agentId);
          this.loggedIn.delete(agentId);
          this.staffedCount--;
          this.pending.push({ type: "agent_state", agentId, state: "offline" });
        }
        return;
      }
      case "interaction.abandoned": {
        const waitMs = e.waitMs as number;
        this.contactState[n] = ENDED;
        this.tally(n, (s) => {
          s.abandoned++;
          s.abandonedWaitSeconds += waitMs / 1000;
          if (waitMs > 0) s.waited++;
          if (e.short === true) s.shortAbandoned++;
        });
        return;
      }
      case "interaction.deadline_breached":
        this.tally(n, (s) => s.deadlineBreaches++);
        return;
    }
  }

  /** Accrues busy and logged-in agent-seconds up to `t`, split across the intervals the span covers. */
  private advance(t: number): void {
    const start = this.scenario.start;
    while (this.lastIntegrated < t && this.integrateCursor < this.intervals.length) {
      const iv = this.intervals[this.integrateCursor]!;
      const ivStart = start + iv.startOffsetSeconds * 1000;
      const ivEnd = ivStart + iv.lengthSeconds * 1000;
      if (this.lastIntegrated >= ivEnd) {
        this.integrateCursor++;
        continue;
      }
      const from = Math.max(this.lastIntegrated, ivStart);
      const to = Math.min(t, ivEnd);
      if (to > from) {
        const s = this.sums[this.integrateCursor]!;
        s.busySeconds += (this.busyCount * (to - from)) / 1000;
        s.staffedSeconds += (this.staffedCount * (to - from)) / 1000;
      }
      // Before the interval starts (a gap in the scenario), `to` is t itself and the loop ends.
      this.lastIntegrated = Math.max(this.lastIntegrated, to);
      if (to >= ivEnd) this.integrateCursor++;
    }
    this.lastIntegrated = Math.max(this.lastIntegrated, t);
    this.now = Math.max(this.now, t);
  }
}

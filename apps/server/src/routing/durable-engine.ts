import type { FastifyBaseLogger } from "fastify";
import type { Db } from "@moked/db";
import type { JournaledEngine, RoutingJournal } from "./journal";

export interface Outcome<Event> {
  seq: number;
  events: Event[];
  error?: { code: string; message: string } | undefined;
}

export interface DurableEngineOptions<Command, Event> {
  db: Db;
  journal: RoutingJournal<Command>;
  /** Builds a fresh engine, or restores one from a snapshot's state. */
  createEngine(state: unknown | null): JournaledEngine<Command, Event>;
  /** Which client business a command belongs to (null for center-level commands such as agent state). */
  tenantOf(command: Command): string | null;
  /**
   * Commits one batch atomically: its commands to the journal and its events and read models (interactions),
   * all or nothing. Nobody hears back before it resolves.
   */
  commit(db: Db, batch: Array<{ seq: number; atMs: number; tenantId: string | null; command: Command; events: Event[] }>): Promise<void>;
  /** Events the server states beside the engine's (an outbound call's attempt), carried by the command itself. */
  annotations?(command: Command, atMs: number): Event[];
  /** Called after the batch has committed: publish live events, arm timers. */
  afterCommit(batch: Array<{ seq: number; events: Event[] }>): void;
  clock?: () => number;
  snapshotEvery?: number;
  log: FastifyBaseLogger;
}

interface Pending<Command, Event> {
  command: Command;
  resolve(outcome: Outcome<Event>): void;
  reject(err: unknown): void;
}

/**
 * Wraps the pure engine so nothing is lost: commands are applied in arrival order and a batch of them,
 * with their events, is committed atomically before any caller hears back (group commit). If the
 * commit fails, the in-memory engine is ahead of the database, so it is thrown away and rebuilt from it.
 */
export class DurableEngine<Command, Event> {
  private engine!: JournaledEngine<Command, Event>;
  private seq = 0;
  private lastNow = 0;
  private sinceSnapshot = 0;
  private queue: Array<Pending<Command, Event>> = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: DurableEngineOptions<Command, Event>) {}

  get current(): JournaledEngine<Command, Event> {
    return this.engine;
  }

  /** Rebuilds the engine: latest snapshot, then every later command replayed at its recorded time. */
  async recover(): Promise<{ replayed: number; fromSnapshot: number }> {
    const { journal } = this.options;
    const snapshot = await journal.latestSnapshot();
    const engine = this.options.createEngine(snapshot?.state ?? null);
    let seq = snapshot?.seq ?? 0;
    let lastNow = 0;
    let replayed = 0;
    for await (const entry of journal.commandsAfter(seq)) {
      engine.handle(entry.command, entry.atMs);
      seq = entry.seq;
      lastNow = entry.atMs;
      replayed++;
    }
    this.engine = engine;
    this.seq = seq;
    this.lastNow = Math.max(this.lastNow, lastNow);
    this.sinceSnapshot = replayed;
    return { replayed, fromSnapshot: snapshot?.seq ?? 0 };
  }

  /** Applies a command durably; resolves once it (and its events) are committed. */
  submit(command: Command): Promise<Outcome<Event>> {
    if (this.closed) return Promise.reject(new Error("routing is shutting down"));
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Waits for queued commands, then takes a final snapshot so the next start replays nothing. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    if (this.sinceSnapshot > 0) await this.snapshot();
  }

  async snapshot(): Promise<void> {
    await this.options.journal.saveSnapshot(this.seq, this.engine.exportState());
    this.sinceSnapshot = 0;
  }

  now(): number {
    // Never backwards: the engine's timers assume a monotonic clock, wall clocks do get adjusted.
    this.lastNow = Math.max(this.lastNow, (this.options.clock ?? Date.now)());
    return this.lastNow;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // Let requests that have arrived meanwhile reach the queue first. The embedded database answers in
        // microtasks, never yielding to I/O, so without this pause every batch would hold one command.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, 500);
        await this.flushBatch(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async flushBatch(batch: Array<Pending<Command, Event>>): Promise<void> {
    const { db, tenantOf, commit } = this.options;
    const applied: Array<{ seq: number; atMs: number; command: Command; events: Event[] }> = [];
    const outcomes: Array<Outcome<Event>> = [];
    for (const item of batch) {
      const atMs = this.now();
      const result = this.engine.handle(item.command, atMs);
      if (result.error) {
        // A refused command changed nothing but time: timers that fell due before it did fire. Those are
        // journaled as a tick at the same moment, so replay fires them too; the refusal itself is not.
        if (result.events.length > 0) {
          const seq = ++this.seq;
          applied.push({ seq, atMs, command: { type: "tick" } as Command, events: result.events });
        }
        outcomes.push({ seq: this.seq, events: [], error: result.error });
        continue;
      }
      const seq = ++this.seq;
      const stated = this.options.annotations?.(item.command, atMs) ?? [];
      const events = stated.length > 0 ? [...result.events, ...stated] : result.events;
      applied.push({ seq, atMs, command: item.command, events });
      outcomes.push({ seq, events });
    }
    try {
      if (applied.length > 0) await commit(db, applied.map((a) => ({ ...a, tenantId: tenantOf(a.command) })));
    } catch (err) {
      this.options.log.error({ err }, "routing batch failed to commit; rebuilding the engine from the database");
      for (const item of batch) item.reject(err);
      await this.recover();
      return;
    }
    batch.forEach((item, i) => item.resolve(outcomes[i]!));
    this.options.afterCommit(applied);
    this.sinceSnapshot += applied.length;
    if (this.sinceSnapshot >= (this.options.snapshotEvery ?? 10_000)) {
      await this.snapshot().catch((err: unknown) => this.options.log.warn({ err }, "routing snapshot failed; will retry"));
    }
  }
}

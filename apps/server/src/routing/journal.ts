import { and, desc, eq, gt, asc } from "drizzle-orm";
import { routingCommands, routingSnapshots, type Db } from "@moked/db";

/** What the journal needs of an engine: deterministic, serialisable, commands in and events out. */
export interface JournaledEngine<Command, Event> {
  handle(command: Command, now: number): { events: Event[]; error?: { code: string; message: string } | undefined };
  exportState(): unknown;
}

export interface JournalEntry<Command> {
  seq: number;
  atMs: number;
  tenantId: string | null;
  command: Command;
}

/**
 * The routing engine's durability: snapshots plus a write-ahead log of commands, in PostgreSQL (appended with
 * each batch's events by `commitBatch`, in one statement).
 * Recovery = latest snapshot + every command after it, replayed through the same deterministic engine.
 */
export class RoutingJournal<Command> {
  constructor(
    private readonly db: Db,
    private readonly organisationId: string,
  ) {}

  async latestSnapshot(): Promise<{ seq: number; state: unknown } | null> {
    const [row] = await this.db
      .select({ seq: routingSnapshots.seq, state: routingSnapshots.state })
      .from(routingSnapshots)
      .where(eq(routingSnapshots.organisationId, this.organisationId))
      .orderBy(desc(routingSnapshots.seq))
      .limit(1);
    return row ?? null;
  }

  /** Commands after `seq`, in order, read in pages so a long log does not sit in memory twice. */
  async *commandsAfter(seq: number, pageSize = 5_000): AsyncGenerator<JournalEntry<Command>> {
    let cursor = seq;
    for (;;) {
      const page = await this.db
        .select()
        .from(routingCommands)
        .where(and(eq(routingCommands.organisationId, this.organisationId), gt(routingCommands.seq, cursor)))
        .orderBy(asc(routingCommands.seq))
        .limit(pageSize);
      for (const row of page) yield { seq: row.seq, atMs: row.atMs, tenantId: row.tenantId, command: row.command as Command };
      if (page.length < pageSize) return;
      cursor = page[page.length - 1]!.seq;
    }
  }

  async lastSeq(): Promise<number> {
    const [row] = await this.db
      .select({ seq: routingCommands.seq })
      .from(routingCommands)
      .where(eq(routingCommands.organisationId, this.organisationId))
      .orderBy(desc(routingCommands.seq))
      .limit(1);
    const snapshot = await this.latestSnapshot();
    return Math.max(row?.seq ?? 0, snapshot?.seq ?? 0);
  }

  async saveSnapshot(seq: number, state: unknown): Promise<void> {
    await this.db.insert(routingSnapshots).values({ organisationId: this.organisationId, seq, state });
    // Keep the last few; older ones (and the commands before them) are no longer needed for recovery, but
    // commands stay: they are the audit trail of routing. Pruning them is an operations decision.
    const old = await this.db
      .select({ id: routingSnapshots.id })
      .from(routingSnapshots)
      .where(eq(routingSnapshots.organisationId, this.organisationId))
      .orderBy(desc(routingSnapshots.seq))
      .offset(3);
    for (const row of old) await this.db.delete(routingSnapshots).where(eq(routingSnapshots.id, row.id));
  }
}

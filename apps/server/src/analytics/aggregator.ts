import type { FastifyBaseLogger } from "fastify";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { QueueSettings } from "@moked/contracts";
import { interactionEvents, interactions, NO_ID, queues, type Db } from "@moked/db";
import { Poller } from "../core/poller";
import { foldContacts, type ContactFacts, type ReportEvent, type ReportInteraction } from "./contacts";
import { groupSlices, slicesOfContacts, type Slice } from "./metrics";
import { predecessors, repeatSlices } from "./repeats";
import { SUM_FIELDS } from "./tally";
import { aggregateAgentTime } from "./agent-aggregator";

/** The service-level target of every queue, in seconds (20 for a queue without one). */
export async function queueTargets(db: Db, tenantId?: string): Promise<(queueId: string | null) => number> {
  const rows = await db.select({ id: queues.id, config: queues.config }).from(queues).where(tenantId ? eq(queues.tenantId, tenantId) : undefined);
  const targets = new Map(rows.map((q) => [q.id, QueueSettings.safeParse(q.config).data?.serviceLevel.thresholdSeconds ?? 20]));
  return (id) => (id ? (targets.get(id) ?? 20) : 20);
}

/** Reads contacts and their events and folds them (events in their order of commitment). */
export async function loadFacts(db: Db, rows: Array<typeof interactions.$inferSelect>): Promise<ContactFacts[]> {
  const ids = rows.map((r) => r.id);
  const events: ReportEvent[] = [];
  for (let i = 0; i < ids.length; i += 5_000) {
    const part = await db
      .select({ interactionId: interactionEvents.interactionId, type: interactionEvents.type, at: interactionEvents.at, agentId: interactionEvents.agentId, data: interactionEvents.data })
      .from(interactionEvents)
      .where(sql`${interactionEvents.interactionId} = any(${`{${ids.slice(i, i + 5_000).join(",")}}`}::uuid[])`)
      .orderBy(asc(interactionEvents.id));
    for (const e of part) events.push({ interactionId: e.interactionId!, type: e.type, at: e.at.getTime(), agentId: e.agentId, data: e.data });
  }
  const contacts: ReportInteraction[] = rows.map((r) => ({ id: r.id, tenantId: r.tenantId, queueId: r.queueId, channel: r.channel, topic: r.topic, arrivedAt: r.arrivedAt.getTime(), customerRef: r.customerRef }));
  return foldContacts(contacts, events);
}

const column = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A wait histogram as report_intervals keeps it: the seconds that occur, ascending, and their counts. */
export function waitArrays(hist: Record<string, number>): { wait_seconds: number[]; wait_counts: number[] } {
  const seconds = Object.keys(hist)
    .map(Number)
    .sort((a, b) => a - b);
  return { wait_seconds: seconds, wait_counts: seconds.map((s) => hist[String(s)]!) };
}

/**
 * Adds closed contacts to `report_intervals`, once each. A pass claims a batch of closed, unreported
 * contacts (`FOR UPDATE SKIP LOCKED`, so several nodes share the work), adds their tallies to the rows of
 * their arrival intervals and marks them reported, all in one transaction: a crash leaves either both or
 * neither, so a restart never counts a contact twice nor drops one.
 */
export async function aggregateBatch(db: Db, limit = 500, now = Date.now()): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .select()
      .from(interactions)
      .where(and(isNull(interactions.reportedAt), eq(interactions.status, "ended")))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (claimed.length === 0) return 0;
    const targets = await queueTargets(tx as unknown as Db);
    const facts = await loadFacts(tx as unknown as Db, claimed);
    // Each contact of a known customer marks the customer's previous contact on the line as repeated.
    const marks = await repeatSlices(tx as unknown as Db, await predecessors(tx as unknown as Db, claimed.filter((c) => c.customerRef !== null).map((c) => c.id)));
    await addToAggregates(tx as unknown as Db, [...slicesOfContacts(facts, targets, now), ...marks]);
    await tx
      .update(interactions)
      .set({ reportedAt: new Date(now) })
      .where(sql`${interactions.id} = any(${`{${claimed.map((c) => c.id).join(",")}}`}::uuid[])`);
    return claimed.length;
  });
}

/** Adds slices to the rows of their keys in report_intervals (inside the caller's transaction). */
export async function addToAggregates(tx: Db, slices: Slice[]): Promise<void> {
  const groups = groupSlices(slices, (s) => `${s.tenantId}|${s.bucketStart}|${s.queueId ?? NO_ID}|${s.channel}|${s.agentId ?? NO_ID}`);
  const rows = [...groups].map(([key, t]) => {
    const [tenantId, bucket, queueId, channel, agentId] = key.split("|") as [string, string, string, string, string];
    const row: Record<string, unknown> = { tenant_id: tenantId, bucket_start: new Date(Number(bucket)).toISOString(), queue_id: queueId, channel, agent_id: agentId, ...waitArrays(t.waitHist), longest_wait_ms: t.longestWaitMs };
    for (const f of SUM_FIELDS) row[column(f)] = t[f];
    return row;
  });
  // One parameter per statement (the rows as JSON): far cheaper to send and plan than 40 per row.
  for (let i = 0; i < rows.length; i += 2_000) await tx.execute(UPSERT(JSON.stringify(rows.slice(i, i + 2_000))));
}

const KEY = ["tenant_id", "bucket_start", "queue_id", "channel", "agent_id"];
const SUMS = SUM_FIELDS.map(column);
const RECORD = [
  "tenant_id uuid",
  "bucket_start timestamptz",
  "queue_id uuid",
  "channel text",
  "agent_id uuid",
  "wait_seconds integer[]",
  "wait_counts integer[]",
  "longest_wait_ms bigint",
  ...SUMS.map((c) => `${c} bigint`),
].join(", ");
const COLUMNS = [...KEY, "wait_seconds", "wait_counts", "longest_wait_ms", ...SUMS].join(", ");
const SET = [
  "(wait_seconds, wait_counts) = (select seconds, counts from moked_wait_add(report_intervals.wait_seconds, report_intervals.wait_counts, excluded.wait_seconds, excluded.wait_counts))",
  "longest_wait_ms = greatest(report_intervals.longest_wait_ms, excluded.longest_wait_ms)",
  ...SUMS.map((c) => `${c} = report_intervals.${c} + excluded.${c}`),
].join(", ");
/** Adds rows (a JSON array) to report_intervals: new keys inserted, existing ones summed. */
const UPSERT = (json: string) =>
  sql`insert into report_intervals (${sql.raw(COLUMNS)}) select ${sql.raw(COLUMNS)} from jsonb_to_recordset(${json}::jsonb) as x(${sql.raw(RECORD)})
      on conflict (${sql.raw(KEY.join(", "))}) do update set ${sql.raw(SET)}`;

/** The background worker: adds closed contacts to the aggregates every poll, until none is left, then the agents' state time. */
export class ReportAggregator {
  private readonly poller: Poller;

  constructor(private readonly options: { db: Db; log: FastifyBaseLogger; pollMs?: number; batch?: number }) {
    this.poller = new Poller("report aggregation", () => this.drain(), options.log, options.pollMs);
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** Aggregates every closed contact not yet reported, then the agents' state time up to now; returns how many contacts. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await aggregateBatch(this.options.db, this.options.batch ?? 500);
      total += n;
      if (n < (this.options.batch ?? 500)) break;
    }
    const now = Date.now();
    while ((await aggregateAgentTime(this.options.db, 100, now)) === 100);
    return total;
  }
}

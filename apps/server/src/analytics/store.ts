import { and, eq, gte, isNull, lt, or, sql } from "drizzle-orm";
import { interactions, NO_ID, reportIntervals, type Db } from "@moked/db";
import { loadFacts } from "./aggregator";
import { breachOf, complianceOutcome, type Breach } from "./compliance";
import type { ContactFacts } from "./contacts";
import { BUCKET_MS, slicesOfContacts, type Slice } from "./metrics";
import { SUM_FIELDS, tallyContact, type Tally } from "./tally";

export interface PeriodSlices {
  slices: Slice[];
  /** The contacts folded on the spot: still open, not yet aggregated, or at the period's ragged edges. */
  live: ContactFacts[];
}

/**
 * A line's figures for a period: the stored 15-minute aggregates of the whole intervals inside it, plus
 * the contacts folded on the spot that the aggregates do not hold (still open or not yet aggregated, and
 * those in a partial interval at either end). Read in one snapshot, so a contact being aggregated
 * meanwhile counts once.
 */
export async function periodSlices(tx: Db, tenantId: string, from: Date, to: Date, targetSeconds: (queueId: string | null) => number, now: number): Promise<PeriodSlices> {
  const aFrom = new Date(Math.ceil(from.getTime() / BUCKET_MS) * BUCKET_MS);
  const aTo = new Date(Math.max(aFrom.getTime(), Math.floor(to.getTime() / BUCKET_MS) * BUCKET_MS));
  const stored = await tx
    .select()
    .from(reportIntervals)
    .where(and(eq(reportIntervals.tenantId, tenantId), gte(reportIntervals.bucketStart, aFrom), lt(reportIntervals.bucketStart, aTo)));
  const slices: Slice[] = stored.map((r) => {
    const tally = { waitHist: r.waitHist, longestWaitMs: Number(r.longestWaitMs) } as Tally;
    for (const f of SUM_FIELDS) tally[f] = Number(r[f]);
    return { tenantId, bucketStart: r.bucketStart.getTime(), queueId: r.queueId === NO_ID ? null : r.queueId, channel: r.channel, agentId: r.agentId === NO_ID ? null : r.agentId, tally };
  });
  const rows = await tx
    .select()
    .from(interactions)
    .where(
      and(
        eq(interactions.tenantId, tenantId),
        gte(interactions.arrivedAt, from),
        lt(interactions.arrivedAt, to),
        or(isNull(interactions.reportedAt), lt(interactions.arrivedAt, aFrom), gte(interactions.arrivedAt, aTo)),
      ),
    );
  const live = await loadFacts(tx, rows);
  slices.push(...slicesOfContacts(live, targetSeconds, now));
  return { slices, live };
}

/**
 * The breaches of the answer-time rule in a period, as evidence. Only a voice call answered after 3
 * minutes, or unanswered and not ended within 3 minutes, can be one: those few are folded and judged.
 */
export async function periodBreaches(tx: Db, tenantId: string, from: Date, to: Date, now: number): Promise<Breach[]> {
  const rows = await tx
    .select()
    .from(interactions)
    .where(
      and(
        eq(interactions.tenantId, tenantId),
        eq(interactions.channel, "voice"),
        gte(interactions.arrivedAt, from),
        lt(interactions.arrivedAt, to),
        sql`(case when ${interactions.answeredAt} is not null then ${interactions.answeredAt} > ${interactions.arrivedAt} + interval '3 minutes'
              else ${interactions.endedAt} is null or ${interactions.endedAt} > ${interactions.arrivedAt} + interval '3 minutes' end)`,
      ),
    );
  const breaches: Breach[] = [];
  for (const c of await loadFacts(tx, rows)) {
    const o = complianceOutcome(c, now);
    if (o?.status === "breach") breaches.push(breachOf(c, o));
  }
  return breaches.sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt));
}

/** The measures a report number can be opened on, and which contacts make it up. */
export const MEASURES = {
  offered: (t: Tally) => t.offered > 0,
  answered: (t: Tally) => t.answered > 0,
  answeredWithinTarget: (t: Tally) => t.answeredInSl > 0,
  answeredOutsideTarget: (t: Tally) => t.answered > 0 && t.answeredInSl === 0,
  abandoned: (t: Tally) => t.abandoned > 0,
  shortAbandoned: (t: Tally) => t.shortAbandoned > 0,
  transfers: (t: Tally) => t.transfers > 0,
  callbacksRequested: (t: Tally) => t.callbacksRequested > 0,
  callbacksCompleted: (t: Tally) => t.callbacksCompleted > 0,
  messagesTaken: (t: Tally) => t.messagesTaken > 0,
  overflowed: (t: Tally) => t.overflowed > 0,
  obligated: (t: Tally) => t.obligated > 0,
  breached: (t: Tally) => t.obligated > 0 && t.answeredInTime === 0,
} as const;
export type Measure = keyof typeof MEASURES;

/** A cheap first cut in SQL, so only contacts that can count are read with their events. */
function prefilter(measure: Measure) {
  switch (measure) {
    case "abandoned":
    case "shortAbandoned":
      return eq(interactions.finalState, "abandoned");
    case "messagesTaken":
      return eq(interactions.finalState, "message");
    case "callbacksRequested":
      return eq(interactions.finalState, "callback");
    case "overflowed":
      return eq(interactions.finalState, "overflowed");
    case "answered":
    case "answeredWithinTarget":
    case "answeredOutsideTarget":
    case "callbacksCompleted":
      return sql`${interactions.answeredAt} is not null`;
    case "obligated":
    case "breached":
      return eq(interactions.channel, "voice");
    default:
      return undefined;
  }
}

export interface ContactRow {
  id: string;
  arrivedAt: string;
  channel: string;
  topic: string | null;
  queueId: string | null;
  agentId: string | null;
  final: string | null;
  waitSeconds: number | null;
  handleSeconds: number | null;
  transfers: number;
}

/**
 * The contacts behind one number of a report: those of the period (and filters) whose own tally counts
 * in `measure`, in order of arrival, at most `limit` of them after `offset`.
 */
export async function periodContacts(
  tx: Db,
  q: { tenantId: string; from: Date; to: Date; filter: { queueId?: string | undefined; channel?: string | undefined; agentId?: string | undefined }; measure: Measure; limit: number; offset: number },
  targetSeconds: (queueId: string | null) => number,
  now: number,
): Promise<{ items: ContactRow[]; more: boolean }> {
  const items: ContactRow[] = [];
  let skipped = 0;
  const page = 1_000;
  for (let start = 0; ; start += page) {
    const rows = await tx
      .select()
      .from(interactions)
      .where(
        and(
          eq(interactions.tenantId, q.tenantId),
          gte(interactions.arrivedAt, q.from),
          lt(interactions.arrivedAt, q.to),
          q.filter.channel ? eq(interactions.channel, q.filter.channel) : undefined,
          prefilter(q.measure),
        ),
      )
      .orderBy(interactions.arrivedAt, interactions.id)
      .limit(page)
      .offset(start);
    for (const c of await loadFacts(tx, rows)) {
      if (q.filter.queueId && c.firstQueueId !== q.filter.queueId) continue;
      if (q.filter.agentId && c.answeredBy !== q.filter.agentId) continue;
      if (!MEASURES[q.measure](tallyContact(c, targetSeconds(c.firstQueueId), now))) continue;
      if (skipped++ < q.offset) continue;
      if (items.length === q.limit) return { items, more: true };
      const handleEnd = c.wrappedAt ?? c.completedAt;
      items.push({
        id: c.id,
        arrivedAt: new Date(c.arrivedAt).toISOString(),
        channel: c.channel,
        topic: c.topic,
        queueId: c.firstQueueId,
        agentId: c.answeredBy,
        final: c.final,
        waitSeconds: c.answeredAt !== null ? Math.round((c.answeredAt - c.arrivedAt) / 100) / 10 : c.endedAt !== null ? Math.round((c.endedAt - c.arrivedAt) / 100) / 10 : null,
        handleSeconds: c.answeredAt !== null && handleEnd !== null ? Math.round((handleEnd - c.answeredAt) / 100) / 10 : null,
        transfers: c.transfers,
      });
    }
    if (rows.length < page) return { items, more: false };
  }
}

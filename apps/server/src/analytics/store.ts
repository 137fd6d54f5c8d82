import { and, eq, gte, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Breach, ContactRow } from "@moked/contracts";
import { interactions, type Db } from "@moked/db";
import { loadFacts } from "./aggregator";
import { breachOf, complianceOutcome } from "./compliance";
import { addLineTime, occupancyGroups } from "./occupancy";
import { addSlices, storedGroups, type GroupQuery, type Groups } from "./grouped";
import { BUCKET_MS, slicesOfContacts } from "./metrics";
import { filterSlices } from "./summary";
import { nextGaps, predecessors, repeatSlices } from "./repeats";
import { tallyContact, type Tally } from "./tally";

/**
 * A line's figures for a period, grouped as asked: the stored 15-minute aggregates of the whole intervals
 * inside it, added up in the database (storedGroups), plus the contacts folded on the spot that the
 * aggregates do not hold (still open or not yet aggregated, and those in a partial interval at either
 * end). Read in one snapshot, so a contact being aggregated meanwhile counts once. With the line's share
 * of its agents' time for occupancy and utilisation (see occupancy.ts).
 */
export async function periodGroups<G extends string>(tx: Db, q: GroupQuery<G>, from: Date, to: Date, targetSeconds: (queueId: string | null) => number, now: number, withAgentTime = true): Promise<Groups<G>> {
  const aFrom = new Date(Math.ceil(from.getTime() / BUCKET_MS) * BUCKET_MS);
  const aTo = new Date(Math.max(aFrom.getTime(), Math.floor(to.getTime() / BUCKET_MS) * BUCKET_MS));
  const groups = await storedGroups(tx, q, aFrom, aTo);
  const { unreported, edges } = await liveRows(tx, q.tenantId, from, to, aFrom, aTo);
  const live = await loadFacts(tx, [...unreported, ...edges]);
  // First-contact resolution: a contact at an edge is not in the stored rows, nor its repeat mark.
  const gaps = await nextGaps(tx, edges.filter((r) => r.customerRef !== null).map((r) => r.id));
  for (const c of live) if (gaps.has(c.id)) c.nextContactGapMs = gaps.get(c.id)!;
  const marks = (await repeatSlices(tx, await unstoredRepeats(tx, q.tenantId, aFrom, aTo))).filter((s) => s.bucketStart >= aFrom.getTime() && s.bucketStart < aTo.getTime());
  addSlices(groups, filterSlices([...slicesOfContacts(live, targetSeconds, now), ...marks], q.filter ?? {}), q);
  // The agents' time: whole quarter hours only, as far as the aggregator has folded it (decision 0016).
  return withAgentTime ? addLineTime(groups, await occupancyGroups(tx, q, aFrom, aTo)) : groups;
}

/**
 * The repeats of the stored range's contacts that the stored rows do not hold yet: those made by a
 * customer's next contact not yet aggregated (it may come up to 30 days after the range).
 */
async function unstoredRepeats(tx: Db, tenantId: string, aFrom: Date, aTo: Date) {
  if (!(aFrom < aTo)) return [];
  const later = await tx
    .select({ id: interactions.id })
    .from(interactions)
    .where(and(eq(interactions.tenantId, tenantId), gte(interactions.arrivedAt, aFrom), lt(interactions.arrivedAt, new Date(aTo.getTime() + 30 * 86_400_000)), isNull(interactions.reportedAt), isNotNull(interactions.customerRef)));
  return predecessors(tx, later.map((r) => r.id));
}

/**
 * The contacts of [from, to) the aggregates of [aFrom, aTo) do not hold: the unreported ones (a partial
 * index finds them) and those at the ragged edges, read apart so the month's reported contacts are not.
 */
async function liveRows(tx: Db, tenantId: string, from: Date, to: Date, aFrom: Date, aTo: Date) {
  const range = (a: Date, b: Date) => and(eq(interactions.tenantId, tenantId), gte(interactions.arrivedAt, a), lt(interactions.arrivedAt, b));
  const unreported = await tx.select().from(interactions).where(and(range(aFrom, aTo), isNull(interactions.reportedAt)));
  const head = new Date(Math.min(aFrom.getTime(), to.getTime()));
  const tail = new Date(Math.max(aTo.getTime(), from.getTime()));
  const edges = from < head || tail < to ? await tx.select().from(interactions).where(or(range(from, head), range(tail, to))) : [];
  return { unreported, edges };
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
  outboundAttempts: (t: Tally) => t.outboundAttempts > 0,
  outboundReached: (t: Tally) => t.outboundReached > 0,
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
    case "outboundAttempts":
    case "outboundReached":
      return eq(interactions.channel, "callback");
    default:
      return undefined;
  }
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

import { inArray, sql } from "drizzle-orm";
import { interactions, type Db } from "@moked/db";
import { loadFacts } from "./aggregator";
import { BUCKET_MS, type Slice } from "./metrics";
import { emptyTally, repeatTally } from "./tally";

/** The longest first-contact-resolution window: a later contact is no repeat in any window. */
const MAX_GAP = "30 days";

/** A contact and the one it follows up: the same customer's previous contact on the line, `gapMs` before. */
export interface Repeat {
  id: string;
  previousId: string;
  gapMs: number;
}

const idArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/**
 * For each contact (of a known customer), the same customer's previous contact on the same line, when it
 * arrived less than 30 days before (ties in arrival broken by id, so "previous" is one contact).
 */
export async function predecessors(tx: Db, ids: string[]): Promise<Repeat[]> {
  if (ids.length === 0) return [];
  const rows = await tx.execute(sql`
    select c.id, p.id as previous_id, (extract(epoch from c.arrived_at - p.arrived_at) * 1000)::float8 as gap_ms
    from interactions c cross join lateral (
      select p.id, p.arrived_at from interactions p
      where p.tenant_id = c.tenant_id and p.customer_ref = c.customer_ref and (p.arrived_at, p.id) < (c.arrived_at, c.id)
      order by p.arrived_at desc, p.id desc limit 1) p
    where c.id = any(${idArray(ids)}) and c.customer_ref is not null and c.arrived_at - p.arrived_at < interval '${sql.raw(MAX_GAP)}'`);
  return (rows as unknown as { rows: Array<{ id: string; previous_id: string; gap_ms: number }> }).rows.map((r) => ({ id: r.id, previousId: r.previous_id, gapMs: Number(r.gap_ms) }));
}

/** For each contact, how long after its arrival the same customer's next contact on the line arrived (absent: none yet). */
export async function nextGaps(tx: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.execute(sql`
    select c.id, (extract(epoch from n.arrived_at - c.arrived_at) * 1000)::float8 as gap_ms
    from interactions c cross join lateral (
      select n.arrived_at from interactions n
      where n.tenant_id = c.tenant_id and n.customer_ref = c.customer_ref and (n.arrived_at, n.id) > (c.arrived_at, c.id)
      order by n.arrived_at, n.id limit 1) n
    where c.id = any(${idArray(ids)}) and c.customer_ref is not null`);
  return new Map((rows as unknown as { rows: Array<{ id: string; gap_ms: number }> }).rows.map((r) => [r.id, Number(r.gap_ms)]));
}

/**
 * The repeat marks of the previous contacts, as slices keyed like those contacts (their arrival interval,
 * first queue, channel and answering agent): only an answered contact of a known customer counts.
 */
export async function repeatSlices(tx: Db, repeats: Repeat[]): Promise<Slice[]> {
  if (repeats.length === 0) return [];
  const rows = await tx.select().from(interactions).where(inArray(interactions.id, [...new Set(repeats.map((r) => r.previousId))]));
  const facts = new Map((await loadFacts(tx, rows)).map((f) => [f.id, f]));
  const slices: Slice[] = [];
  for (const r of repeats) {
    const p = facts.get(r.previousId);
    if (!p || p.answeredAt === null || !p.customerRef) continue;
    slices.push({
      tenantId: p.tenantId,
      bucketStart: Math.floor(p.arrivedAt / BUCKET_MS) * BUCKET_MS,
      queueId: p.firstQueueId,
      channel: p.channel,
      agentId: p.answeredBy,
      tally: Object.assign(emptyTally(), repeatTally(r.gapMs)),
    });
  }
  return slices;
}

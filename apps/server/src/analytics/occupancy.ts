import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@moked/db";
import { keySql, TOTAL_KEY, type GroupQuery, type Groups } from "./grouped";
import { emptyTally } from "./tally";

/** An agent's time apportioned to a line, in milliseconds: what occupancy and utilisation are taken from. */
export interface LineTime {
  staffedMs: number;
  occupiedMs: number;
  idleMs: number;
}

type Row = Record<string, unknown> & { g: number };

/**
 * The line's share of its agents' time in the whole quarter hours [from, to), grouped as asked (decision
 * 0016). In each quarter hour an agent's staffed, handling and idle time goes to the lines it handled
 * contacts of in proportion to that handling time (per queue and channel); a quarter hour without handling
 * goes by the agent's handling per line over the whole period. Agents who handled nothing of this line in
 * the period add nothing. Only this line's rows of agent_line_intervals are read (the tenant wall holds);
 * the agent's total handling comes from agent_intervals, which is center-level.
 */
export async function occupancyGroups<G extends string>(tx: Db, q: GroupQuery<G>, from: Date, to: Date): Promise<Record<G, Map<string, LineTime>>> {
  const names = Object.keys(q.groupings) as G[];
  const out = Object.fromEntries(names.map((n) => [n, new Map<string, LineTime>()])) as Record<G, Map<string, LineTime>>;
  if (!(from < to)) return out;
  const dims = [...new Set(names.flatMap((n) => q.groupings[n]))];
  const keyCols = dims.map((_, i) => `k${i}`);
  const setOf = (n: G) => q.groupings[n].map((d) => `k${dims.indexOf(d)}`);
  const sets = [...new Set(names.map((n) => `(${setOf(n).join(", ")})`))];
  const maskOf = (n: G) => keyCols.reduce((m, k, i) => (setOf(n).includes(k) ? m : m | (1 << (keyCols.length - 1 - i))), 0);
  const grouping = keyCols.length ? `grouping(${keyCols.join(", ")})` : "0";
  const f = q.filter ?? {};
  const range = sql`bucket_start >= ${from.toISOString()}::timestamptz and bucket_start < ${to.toISOString()}::timestamptz`;
  const where: SQL[] = [sql`tenant_id = ${q.tenantId}`, range];
  if (f.queueId) where.push(sql`queue_id = ${f.queueId}`);
  if (f.channel) where.push(sql`channel = ${f.channel}`);
  if (f.agentId) where.push(sql`agent_id = ${f.agentId}`);
  const keys = dims.map((d, i) => `${keySql(d, q.intervalMinutes ?? 30)} as k${i}`);
  const cols = keyCols.length ? `${keyCols.join(", ")}, ` : "";
  const result = await tx.execute(sql`
    with l as (select agent_id, bucket_start, queue_id, channel, handle_ms from agent_line_intervals where ${sql.join(where, sql` and `)}),
    a as (select * from agent_intervals where agent_id in (select distinct agent_id from l) and ${range}),
    pt as (select agent_id, sum(handle_ms) as total from a group by agent_id),
    pl as (select agent_id, queue_id, channel, sum(handle_ms) as h from l group by agent_id, queue_id, channel),
    shares as (
      select l.agent_id, l.bucket_start, l.queue_id, l.channel, l.handle_ms::float8 / a.handle_ms as share
        from l join a on a.agent_id = l.agent_id and a.bucket_start = l.bucket_start where a.handle_ms > 0
      union all
      select a.agent_id, a.bucket_start, pl.queue_id, pl.channel, pl.h::float8 / pt.total
        from a join pt on pt.agent_id = a.agent_id join pl on pl.agent_id = a.agent_id where a.handle_ms = 0 and pt.total > 0),
    o as (select s.agent_id, s.bucket_start, s.queue_id, s.channel, a.staffed_ms * s.share as staffed, (a.busy_ms + a.wrap_ms) * s.share as occupied, a.available_ms * s.share as idle
      from shares s join a on a.agent_id = s.agent_id and a.bucket_start = s.bucket_start)
    select ${sql.raw(`${grouping} as g, ${cols}`)}sum(staffed)::float8 as staffed, sum(occupied)::float8 as occupied, sum(idle)::float8 as idle
    from (select ${sql.raw([...keys, "x.*"].join(", "))} from (
      select o.*, lt, (extract(epoch from lt - (o.bucket_start at time zone 'UTC')) / 60)::int as om
      from o, lateral (select o.bucket_start at time zone ${q.timeZone} as lt) z) x) y
    group by grouping sets (${sql.raw(sets.join(", "))})`);
  const rows = (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
  for (const r of rows) {
    for (const n of names) {
      if (maskOf(n) !== Number(r.g)) continue;
      const key = setOf(n).length ? setOf(n).map((k) => String(r[k])).join("|") : TOTAL_KEY;
      out[n].set(key, { staffedMs: Number(r.staffed), occupiedMs: Number(r.occupied), idleMs: Number(r.idle) });
    }
  }
  return out;
}

/** Puts the line's agent time into the groups' tallies (a group with time but no contacts gets one). */
export function addLineTime<G extends string>(groups: Groups<G>, time: Record<G, Map<string, LineTime>>): Groups<G> {
  for (const n of Object.keys(time) as G[]) {
    for (const [key, t] of time[n]) {
      let tally = groups[n].get(key);
      if (!tally) groups[n].set(key, (tally = emptyTally()));
      tally.staffedMs += t.staffedMs;
      tally.occupiedMs += t.occupiedMs;
      tally.idleMs += t.idleMs;
    }
  }
  return groups;
}

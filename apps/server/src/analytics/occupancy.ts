import { sql, type SQL } from "drizzle-orm";
import { NOT_READY_REASONS } from "@moked/contracts";
import type { Db } from "@moked/db";
import { keySql, TIME_DIMENSIONS as TIME, TOTAL_KEY, type GroupQuery, type Groups } from "./grouped";
import { emptyTally } from "./tally";

/** An agent's time apportioned to a line, in milliseconds: what occupancy and utilisation are taken from. */
export interface LineTime {
  staffedMs: number;
  occupiedMs: number;
  idleMs: number;
  notReadyMs: number;
  /** Not-ready time by reason; a reason outside NOT_READY_REASONS is counted as "other". */
  notReadyReasons: Record<string, number>;
}

/** The reasons read out of agent_intervals.not_ready_reasons by name; "other" is the rest of the not-ready time. */
const NAMED_REASONS = NOT_READY_REASONS.filter((r) => r !== "other");

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
  // Time keys are taken once per quarter hour (a month: about 3,000), not once per agent and share.
  const timeKeys = dims.flatMap((d, i) => (TIME.has(d) ? [`${keySql(d, q.intervalMinutes ?? 30)} as k${i}`] : []));
  const outerKeys = dims.map((d, i) => (TIME.has(d) ? `bk.k${i}` : `${keySql(d, q.intervalMinutes ?? 30)} as k${i}`));
  const cols = keyCols.length ? `${keyCols.join(", ")}, ` : "";
  // Each named reason is taken out of the jsonb once per agent row, then shared like the other times.
  const reasonCols = NAMED_REASONS.map((r, i) => `, coalesce((not_ready_reasons->>'${r}')::float8, 0) as nr${i}`).join("");
  const reasonPass = NAMED_REASONS.map((_, i) => `, a.nr${i}`).join("");
  const reasonSums = NAMED_REASONS.map((_, i) => `, sum(nr${i} * share)::float8 as nr${i}`).join("");
  const result = await tx.execute(sql`
    with l as (select agent_id, bucket_start, queue_id, channel, handle_ms from agent_line_intervals where ${sql.join(where, sql` and `)}),
    a as (select agent_id, bucket_start, handle_ms, staffed_ms, busy_ms + wrap_ms as occupied_ms, available_ms, not_ready_ms${sql.raw(reasonCols)} from agent_intervals
      where agent_id in (select distinct agent_id from l) and ${range}),
    w as (select pl.agent_id, pl.queue_id, pl.channel, pl.h::float8 / pt.total as share
      from (select agent_id, queue_id, channel, sum(handle_ms) as h from l group by agent_id, queue_id, channel) pl
      join (select agent_id, sum(handle_ms) as total from a group by agent_id) pt on pt.agent_id = pl.agent_id where pt.total > 0),
    o as (
      select l.agent_id, l.bucket_start, l.queue_id, l.channel, l.handle_ms::float8 / a.handle_ms as share, a.staffed_ms, a.occupied_ms, a.available_ms, a.not_ready_ms${sql.raw(reasonPass)}
        from l join a on a.agent_id = l.agent_id and a.bucket_start = l.bucket_start where a.handle_ms > 0
      union all
      select a.agent_id, a.bucket_start, w.queue_id, w.channel, w.share, a.staffed_ms, a.occupied_ms, a.available_ms, a.not_ready_ms${sql.raw(reasonPass)}
        from a join w on w.agent_id = a.agent_id where a.handle_ms = 0),
    bk as (select bucket_start${sql.raw(timeKeys.map((k) => `, ${k}`).join(""))} from (
      select b.bucket_start, lt, (extract(epoch from lt - (b.bucket_start at time zone 'UTC')) / 60)::int as om
      from (select distinct bucket_start from a) b, lateral (select b.bucket_start at time zone ${q.timeZone} as lt) z) x)
    select ${sql.raw(`${grouping} as g, ${cols}`)}sum(staffed_ms * share)::float8 as staffed, sum(occupied_ms * share)::float8 as occupied, sum(available_ms * share)::float8 as idle,
      sum(not_ready_ms * share)::float8 as not_ready${sql.raw(reasonSums)}
    from (select ${sql.raw([...outerKeys, "o.*"].join(", "))} from o join bk on bk.bucket_start = o.bucket_start) y
    group by grouping sets (${sql.raw(sets.join(", "))})`);
  const rows = (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
  for (const r of rows) {
    for (const n of names) {
      if (maskOf(n) !== Number(r.g)) continue;
      const key = setOf(n).length ? setOf(n).map((k) => String(r[k])).join("|") : TOTAL_KEY;
      const notReadyMs = Number(r.not_ready);
      const notReadyReasons: Record<string, number> = Object.fromEntries(NAMED_REASONS.map((reason, i) => [reason, Number(r[`nr${i}`])]));
      notReadyReasons.other = Math.max(0, notReadyMs - NAMED_REASONS.reduce((sum, reason) => sum + notReadyReasons[reason]!, 0));
      out[n].set(key, { staffedMs: Number(r.staffed), occupiedMs: Number(r.occupied), idleMs: Number(r.idle), notReadyMs, notReadyReasons });
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
      tally.notReadyMs += t.notReadyMs;
      for (const [reason, ms] of Object.entries(t.notReadyReasons)) tally.notReadyReasons[reason] = (tally.notReadyReasons[reason] ?? 0) + ms;
    }
  }
  return groups;
}

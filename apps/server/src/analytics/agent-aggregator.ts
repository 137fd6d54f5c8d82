import { sql } from "drizzle-orm";
import type { Db } from "@moked/db";
import { AGENT_TIME_EVENTS, foldAgentTime, offline, type AgentInterval, type AgentLineInterval, type AgentTimeEvent, type AgentTimeState } from "./agent-time";

/**
 * Events are folded up to this long before now: a routing batch commits within milliseconds of its clock,
 * so an event never lands behind a cursor that has already passed its time.
 */
export const AGENT_TIME_MARGIN_MS = 5_000;
/** An agent folded less than this long ago waits for a later pass: a fast poll need not fold every agent each time. */
export const AGENT_TIME_STEP_MS = 1_000;

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

/**
 * Adds agents' state time up to `now` (less the margin) to agent_intervals and agent_line_intervals, in the
 * same manner as the contacts' aggregates (decision 0016): a pass claims a batch of agents' cursors
 * (`FOR UPDATE SKIP LOCKED`, so several nodes share the work), folds each one's events since its cursor,
 * adds the rows and moves the cursor, all in one transaction: a crash leaves both or neither. An agent gets
 * a cursor at its first event. Returns how many agents were folded.
 */
export async function aggregateAgentTime(db: Db, limit = 100, now = Date.now()): Promise<number> {
  const until = now - AGENT_TIME_MARGIN_MS;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.execute(sql`insert into agent_time_cursors (agent_id, folded_until)
      select u.id, f.at from users u cross join lateral (select min(e.at) as at from interaction_events e where e.agent_id = u.id) f
      where f.at is not null and f.at < ${new Date(until).toISOString()}::timestamptz and not exists (select 1 from agent_time_cursors c where c.agent_id = u.id)
      on conflict do nothing`);
    const claimed = rowsOf<{ agent_id: string; folded_until: string | Date; state: Partial<AgentTimeState> }>(
      await tx.execute(sql`select agent_id, folded_until, state from agent_time_cursors where folded_until < ${new Date(until - AGENT_TIME_STEP_MS).toISOString()}::timestamptz
        order by folded_until limit ${limit} for update skip locked`),
    );
    const intervals: Array<AgentInterval & { agentId: string }> = [];
    const lines: Array<AgentLineInterval & { agentId: string }> = [];
    for (const c of claimed) {
      const from = new Date(c.folded_until).getTime();
      const start: AgentTimeState = { ...offline(), ...c.state };
      const folded = foldAgentTime(c.agent_id, start, from, until, await agentEvents(tx, c.agent_id, start, from, until));
      for (const i of folded.intervals) intervals.push({ ...i, agentId: c.agent_id });
      for (const l of folded.lines) lines.push({ ...l, agentId: c.agent_id });
      await tx.execute(sql`update agent_time_cursors set folded_until = ${new Date(until).toISOString()}::timestamptz, state = ${JSON.stringify(folded.state)}::jsonb where agent_id = ${c.agent_id}`);
    }
    await addAgentIntervals(tx, intervals, lines);
    return claimed.length;
  });
}

/** One agent's events of [from, until): its own, and the transfers that took a contact out of its hands. */
async function agentEvents(tx: Db, agentId: string, start: AgentTimeState, from: number, until: number): Promise<AgentTimeEvent[]> {
  const range = sql`e.at >= ${new Date(from).toISOString()}::timestamptz and e.at < ${new Date(until).toISOString()}::timestamptz`;
  const types = `{${AGENT_TIME_EVENTS.join(",")}}`;
  type Row = { type: string; at: string | Date; interaction_id: string | null; tenant_id: string | null; data: Record<string, unknown>; queue_id: string | null; channel: string | null };
  const own = rowsOf<Row>(
    await tx.execute(sql`select e.type, e.at, e.interaction_id, e.tenant_id, e.data, i.queue_id, i.channel from interaction_events e left join interactions i on i.id = e.interaction_id
      where e.agent_id = ${agentId} and ${range} and e.type = any(${types}::text[]) order by e.at, e.id`),
  );
  const held = [...new Set([...Object.keys(start.work), ...own.filter((r) => r.type === "interaction.answered" && r.interaction_id).map((r) => r.interaction_id!)])];
  const transfers = held.length
    ? rowsOf<Row>(
        await tx.execute(sql`select e.type, e.at, e.interaction_id, e.tenant_id, e.data, null as queue_id, null as channel from interaction_events e
          where e.interaction_id = any(${`{${held.join(",")}}`}::uuid[]) and e.type = 'interaction.transferred' and ${range} and e.data->>'fromAgentId' = ${agentId}`),
      )
    : [];
  return [...own, ...transfers].map((r) => ({
    type: r.type,
    at: new Date(r.at).getTime(),
    interactionId: r.interaction_id,
    tenantId: r.tenant_id,
    queueId: typeof r.data.queueId === "string" ? r.data.queueId : r.queue_id,
    channel: r.channel,
    data: r.data,
  }));
}

/** Adds folded rows to agent_intervals and agent_line_intervals (inside the caller's transaction). */
export async function addAgentIntervals(tx: Db, intervals: Array<AgentInterval & { agentId: string }>, lines: Array<AgentLineInterval & { agentId: string }>): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < intervals.length; i += 2_000) {
    const json = JSON.stringify(
      intervals.slice(i, i + 2_000).map((r) => ({
        agent_id: r.agentId,
        bucket_start: iso(r.bucketStart),
        staffed_ms: r.staffedMs,
        busy_ms: r.busyMs,
        wrap_ms: r.wrapMs,
        available_ms: r.availableMs,
        not_ready_ms: r.notReadyMs,
        not_ready_reasons: r.notReadyReasons,
        handle_ms: r.handleMs,
      })),
    );
    await tx.execute(sql`insert into agent_intervals (agent_id, bucket_start, staffed_ms, busy_ms, wrap_ms, available_ms, not_ready_ms, not_ready_reasons, handle_ms)
      select * from jsonb_to_recordset(${json}::jsonb) as x(agent_id uuid, bucket_start timestamptz, staffed_ms bigint, busy_ms bigint, wrap_ms bigint, available_ms bigint, not_ready_ms bigint, not_ready_reasons jsonb, handle_ms bigint)
      on conflict (agent_id, bucket_start) do update set
        staffed_ms = agent_intervals.staffed_ms + excluded.staffed_ms, busy_ms = agent_intervals.busy_ms + excluded.busy_ms,
        wrap_ms = agent_intervals.wrap_ms + excluded.wrap_ms, available_ms = agent_intervals.available_ms + excluded.available_ms,
        not_ready_ms = agent_intervals.not_ready_ms + excluded.not_ready_ms, handle_ms = agent_intervals.handle_ms + excluded.handle_ms,
        not_ready_reasons = moked_hist_add(agent_intervals.not_ready_reasons, excluded.not_ready_reasons)`);
  }
  for (let i = 0; i < lines.length; i += 2_000) {
    const json = JSON.stringify(lines.slice(i, i + 2_000).map((r) => ({ tenant_id: r.tenantId, agent_id: r.agentId, bucket_start: iso(r.bucketStart), queue_id: r.queueId, channel: r.channel, handle_ms: r.handleMs })));
    await tx.execute(sql`insert into agent_line_intervals (tenant_id, agent_id, bucket_start, queue_id, channel, handle_ms)
      select * from jsonb_to_recordset(${json}::jsonb) as x(tenant_id uuid, agent_id uuid, bucket_start timestamptz, queue_id uuid, channel text, handle_ms bigint)
      on conflict (tenant_id, bucket_start, agent_id, queue_id, channel) do update set handle_ms = agent_line_intervals.handle_ms + excluded.handle_ms`);
  }
}

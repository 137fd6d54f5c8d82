// A large, deterministic history for the reports bench, written in set-based SQL: contacts with their
// events, and (for speed at 10 million events) their 15-minute aggregates computed in SQL by the same rules
// as the aggregator's tallyContact, checked against the aggregator itself on a sample (see agreement()).
import { sql } from "drizzle-orm";
import { NO_ID, type DatabaseHandle } from "@moked/db";

/**
 * Events per contact on average in the generated mix (see the LATERAL list below): 4.45 for arrivals,
 * answers and ends, 0.36 for holds (30% of answered calls: held and resumed), 0.2 for satisfaction scores.
 */
export const EVENTS_PER_CONTACT = 5.01;
export const FROM = "2026-08-01T00:00:00+03:00";
export const DAYS = 92;
const CHUNK = 250_000;

/**
 * Contacts spread over 92 days and the demo's client lines, in whole seconds: 80% offered and answered by
 * one of the demo agents after 0–120 s (talk 1–9 min, wrap-up 0–60 s), 15% abandoned after 0–180 s (under
 * 5 s a short abandon), 5% leaving a message after a minute. 75% calls, 20% chats, 5% e-mails; 30% faults.
 * 60% come from a known customer (customers in blocks of 50 consecutive n, so a sample n < 20,000 holds each
 * of its customers' every contact); 30% of answered calls are put on hold 10 s in, for 1–40 s; 25% of
 * answered contacts get a satisfaction score 1–5. Every agent works 05:50–22:30 each day with a break
 * 12:00–12:30 (agent.state_changed), so the agent-time aggregator has a day to fold.
 * Kept in the table bench_c (unlogged: the bench's database is dropped after) for the aggregates; written to interactions and interaction_events.
 */
export async function generateContacts(handle: DatabaseHandle, contacts: number): Promise<void> {
  const u = (salt: string) => `((hashtext(n::text || '${salt}') & 2147483647)::float8 / 2147483648)`;
  await handle.exec(`
    CREATE UNLOGGED TABLE bench_lines AS SELECT row_number() OVER (ORDER BY t.slug) - 1 AS i, t.id AS tenant_id, (SELECT q.id FROM queues q WHERE q.tenant_id = t.id ORDER BY q.id LIMIT 1) AS queue_id FROM tenants t;
    CREATE UNLOGGED TABLE bench_agents AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM users WHERE role = 'agent';
    CREATE UNLOGGED TABLE bench_c (n int, id uuid, tenant_id uuid, queue_id uuid, agent_id uuid, channel text, topic text, arrived timestamptz, outcome float8, ws int, talk int, wrap int, left_after int,
      customer text, hold int, csat int);`);
  for (let start = 0; start < contacts; start += CHUNK) {
    const end = Math.min(contacts, start + CHUNK);
    await handle.exec(`
      INSERT INTO bench_c
      SELECT n, md5('bench' || n)::uuid, l.tenant_id, l.queue_id, a.id,
        CASE WHEN c < 0.75 THEN 'voice' WHEN c < 0.95 THEN 'chat' ELSE 'email' END,
        CASE WHEN t < 0.3 THEN 'fault' ELSE 'general' END,
        timestamptz '${FROM}' + floor(${u("d")} * ${DAYS}) * interval '1 day' + floor((6 + ${u("h")} * 16) * 3600) * interval '1 second',
        outcome, floor(w * 121)::int, 60 + floor(t * 481)::int, floor(${u("x")} * 61)::int, floor(w * 181)::int,
        CASE WHEN ${u("k")} < 0.6 THEN 'K' || (n / 50) END,
        CASE WHEN c < 0.75 AND ${u("hd")} < 0.3 THEN 1 + floor(${u("hl")} * 40)::int ELSE 0 END,
        CASE WHEN ${u("s")} < 0.25 THEN 1 + floor(${u("sc")} * 5)::int END
      FROM (SELECT n, ${u("o")} AS outcome, ${u("w")} AS w, ${u("t")} AS t, ${u("c")} AS c FROM generate_series(${start}, ${end - 1}) n) g
      JOIN bench_lines l ON l.i = n % (SELECT count(*) FROM bench_lines)
      JOIN bench_agents a ON a.i = (n / 7) % (SELECT count(*) FROM bench_agents);
      INSERT INTO interactions (id, tenant_id, queue_id, channel, topic, customer_ref, status, final_state, agent_id, arrived_at, answered_at, ended_at)
      SELECT id, tenant_id, queue_id, channel, topic, customer, 'ended',
        CASE WHEN outcome < 0.8 THEN 'answered' WHEN outcome < 0.95 THEN 'abandoned' ELSE 'message' END,
        CASE WHEN outcome < 0.8 THEN agent_id END, arrived,
        CASE WHEN outcome < 0.8 THEN arrived + ws * interval '1 second' END,
        arrived + CASE WHEN outcome < 0.8 THEN ws + talk WHEN outcome < 0.95 THEN left_after ELSE 60 END * interval '1 second'
      FROM bench_c WHERE n >= ${start} AND n < ${end};
      INSERT INTO interaction_events (command_seq, ordinal, tenant_id, interaction_id, agent_id, type, at, data)
      SELECT 1000000000 + n, e.ordinal, tenant_id, id, e.agent, e.type, arrived + e.after * interval '1 second', e.data
      FROM bench_c, LATERAL (VALUES
        (0, 'interaction.arrived', 0, NULL::uuid, jsonb_build_object('queueId', queue_id), true),
        (1, 'interaction.offered', ws, agent_id, '{}'::jsonb, outcome < 0.8),
        (2, 'interaction.answered', ws, agent_id, '{}'::jsonb, outcome < 0.8),
        (3, 'interaction.completed', ws + talk, agent_id, '{}'::jsonb, outcome < 0.8),
        (4, 'interaction.wrapped_up', ws + talk + wrap, agent_id, '{}'::jsonb, outcome < 0.8),
        (1, 'interaction.abandoned', left_after, NULL, jsonb_build_object('short', left_after < 5), outcome >= 0.8 AND outcome < 0.95),
        (1, 'interaction.customer_chose', 60, NULL, '{"choice":"leave_message"}'::jsonb, outcome >= 0.95),
        (2, 'interaction.message_left', 60, NULL, '{}'::jsonb, outcome >= 0.95),
        (5, 'interaction.held', ws + 10, agent_id, '{}'::jsonb, outcome < 0.8 AND hold > 0),
        (6, 'interaction.resumed', ws + 10 + hold, agent_id, '{}'::jsonb, outcome < 0.8 AND hold > 0),
        (7, 'interaction.csat_recorded', ws + talk + wrap + 30, NULL, jsonb_build_object('score', csat, 'source', 'sms'), outcome < 0.8 AND csat IS NOT NULL)
      ) AS e(ordinal, type, after, agent, data, keep)
      WHERE bench_c.n >= ${start} AND bench_c.n < ${end} AND e.keep;`);
  }
  await handle.exec(`
    INSERT INTO interaction_events (command_seq, ordinal, tenant_id, interaction_id, agent_id, type, at, data)
    SELECT 2000000000 + a.i * 1000 + d, s.ordinal, NULL, NULL, a.id, 'agent.state_changed', timestamptz '${FROM}' + d * interval '1 day' + s.after * interval '1 second',
      jsonb_build_object('state', s.state, 'reason', s.reason)
    FROM bench_agents a, generate_series(0, ${DAYS - 1}) d,
      (VALUES (0, 21000, 'available', NULL), (1, 43200, 'not_ready', 'break'), (2, 45000, 'available', NULL), (3, 81000, 'offline', NULL)) AS s(ordinal, after, state, reason);
    CREATE UNLOGGED TABLE bench_next AS SELECT n, lead(arrived) OVER (PARTITION BY tenant_id, customer ORDER BY arrived, id) - arrived AS gap FROM bench_c WHERE customer IS NOT NULL;
    CREATE INDEX ON bench_next (n);`);
}

/**
 * The report_intervals rows of the contacts `where` picks out of bench_c, by tallyContact's rules for this
 * mix: answered waits are at most 120 s and abandons at most 180 s, so every answered call is answered in
 * time and every other call ended before its limit.
 */
const aggregateSql = (where: string) => `
  WITH c AS (
    SELECT b.*, x.gap, to_timestamp(floor(extract(epoch FROM arrived) / 900) * 900) AS bucket,
      coalesce((q.config -> 'serviceLevel' ->> 'thresholdSeconds')::int, 20) AS target,
      outcome < 0.8 AS ans, outcome >= 0.8 AND outcome < 0.95 AS ab, outcome >= 0.95 AS msg, channel = 'voice' AS voice,
      CASE WHEN outcome < 0.8 THEN agent_id ELSE '${NO_ID}' END AS agent
    FROM bench_c b JOIN queues q ON q.id = b.queue_id LEFT JOIN bench_next x USING (n) WHERE ${where}),
  h AS (SELECT tenant_id, bucket, queue_id, channel, agent, array_agg(ws ORDER BY ws) AS seconds, array_agg(n::int ORDER BY ws) AS counts
        FROM (SELECT tenant_id, bucket, queue_id, channel, agent, ws, count(*) AS n FROM c WHERE ans GROUP BY 1, 2, 3, 4, 5, 6) x GROUP BY 1, 2, 3, 4, 5)
  SELECT s.tenant_id, s.bucket, s.queue_id, s.channel, s.agent, s.offered, s.answered, s.abandoned, s.short_abandoned, s.answered_in_sl, s.wait_ms_sum,
    coalesce(h.seconds, '{}'::int[]), coalesce(h.counts, '{}'::int[]), s.longest_wait_ms, s.talk_ms_sum, s.talk_count, s.hold_ms_sum, s.wrap_ms_sum, s.wrap_count, s.handle_ms_sum, s.handle_count, 0, 0, 0,
    s.messages_taken, 0, s.voice_contacts, s.obligated, s.obligated, s.six, s.six, s.ended_before,
    s.csat_count, s.csat_sum, s.csat_satisfied, s.fcr_eligible, s.repeat_d1, s.repeat_d3, s.repeat_d7, s.repeat_d14, s.repeat_d30
  FROM (SELECT tenant_id, bucket, queue_id, channel, agent, count(*) AS offered, count(*) FILTER (WHERE ans) AS answered,
      count(*) FILTER (WHERE ab) AS abandoned, count(*) FILTER (WHERE ab AND left_after < 5) AS short_abandoned,
      count(*) FILTER (WHERE ans AND ws <= target) AS answered_in_sl, coalesce(sum(ws * 1000) FILTER (WHERE ans), 0) AS wait_ms_sum,
      coalesce(max(CASE WHEN ans THEN ws WHEN ab THEN left_after END) * 1000, 0) AS longest_wait_ms,
      coalesce(sum((talk - hold) * 1000) FILTER (WHERE ans), 0) AS talk_ms_sum, count(*) FILTER (WHERE ans) AS talk_count,
      coalesce(sum(hold * 1000) FILTER (WHERE ans), 0) AS hold_ms_sum,
      count(*) FILTER (WHERE ans AND csat IS NOT NULL) AS csat_count, coalesce(sum(csat) FILTER (WHERE ans), 0) AS csat_sum,
      count(*) FILTER (WHERE ans AND csat >= 4) AS csat_satisfied, count(*) FILTER (WHERE ans AND customer IS NOT NULL) AS fcr_eligible,
      count(*) FILTER (WHERE ans AND gap < interval '1 day') AS repeat_d1, count(*) FILTER (WHERE ans AND gap < interval '3 days') AS repeat_d3,
      count(*) FILTER (WHERE ans AND gap < interval '7 days') AS repeat_d7, count(*) FILTER (WHERE ans AND gap < interval '14 days') AS repeat_d14,
      count(*) FILTER (WHERE ans AND gap < interval '30 days') AS repeat_d30,
      coalesce(sum(wrap * 1000) FILTER (WHERE ans), 0) AS wrap_ms_sum, count(*) FILTER (WHERE ans) AS wrap_count,
      coalesce(sum((talk + wrap) * 1000) FILTER (WHERE ans), 0) AS handle_ms_sum, count(*) FILTER (WHERE ans) AS handle_count,
      count(*) FILTER (WHERE msg) AS messages_taken, count(*) FILTER (WHERE voice) AS voice_contacts,
      count(*) FILTER (WHERE voice AND ans) AS obligated, count(*) FILTER (WHERE voice AND ans AND topic = 'fault') AS six,
      count(*) FILTER (WHERE voice AND NOT ans) AS ended_before
    FROM c GROUP BY 1, 2, 3, 4, 5) s
  LEFT JOIN h USING (tenant_id, bucket, queue_id, channel, agent)`;

const COLUMNS = `tenant_id, bucket_start, queue_id, channel, agent_id, offered, answered, abandoned, short_abandoned, answered_in_sl, wait_ms_sum, wait_seconds,
  wait_counts, longest_wait_ms, talk_ms_sum, talk_count, hold_ms_sum, wrap_ms_sum, wrap_count, handle_ms_sum, handle_count, transfers, callbacks_requested,
  callbacks_completed, messages_taken, overflowed, voice_contacts, obligated, answered_in_time, six_obligated, six_in_time, ended_before_limit,
  csat_count, csat_sum, csat_satisfied, fcr_eligible, repeat_d1, repeat_d3, repeat_d7, repeat_d14, repeat_d30`;
const SUMS = COLUMNS.split(",").map((c) => c.trim()).slice(5).filter((c) => !["wait_seconds", "wait_counts", "longest_wait_ms"].includes(c));

/**
 * Compares the SQL aggregates of the contacts n < `sample` with the rows the aggregator wrote for them
 * (report_intervals must hold those alone): the number of rows that differ either way, 0 when they agree.
 */
export async function agreement(handle: DatabaseHandle, sample: number): Promise<number> {
  const r = (await handle.db.execute(sql.raw(`WITH s (${COLUMNS}) AS (${aggregateSql(`n < ${sample}`)}), w AS (SELECT ${COLUMNS} FROM report_intervals)
    SELECT (SELECT count(*) FROM (SELECT * FROM s EXCEPT SELECT * FROM w) a)::int + (SELECT count(*) FROM (SELECT * FROM w EXCEPT SELECT * FROM s) b)::int AS n`))) as unknown as { rows: Array<{ n: number }> };
  return r.rows[0]!.n;
}

/** Marks the contacts n >= `from` reported, so the aggregator leaves them to seedAggregates. */
export async function markSeeded(handle: DatabaseHandle, from: number): Promise<void> {
  await handle.exec(`UPDATE interactions SET reported_at = now() WHERE reported_at IS NULL AND id IN (SELECT id FROM bench_c WHERE n >= ${from})`);
}

/**
 * Adds the SQL aggregates of the contacts n >= `from` to report_intervals, in time order (quarter hour,
 * then line) as the aggregator writes them while contacts close: the six lines' rows of the same hours share
 * pages. (In hash order, as before, one line's month at 10 million events lay on 30,000 of 39,500 pages.)
 */
export async function seedAggregates(handle: DatabaseHandle, from: number): Promise<void> {
  await handle.exec(`
    INSERT INTO report_intervals (${COLUMNS}) ${aggregateSql(`n >= ${from}`)} ORDER BY s.bucket, s.tenant_id
    ON CONFLICT (tenant_id, bucket_start, queue_id, channel, agent_id) DO UPDATE SET
      (wait_seconds, wait_counts) = (SELECT seconds, counts FROM moked_wait_add(report_intervals.wait_seconds, report_intervals.wait_counts, excluded.wait_seconds, excluded.wait_counts)),
      longest_wait_ms = greatest(report_intervals.longest_wait_ms, excluded.longest_wait_ms),
      ${SUMS.map((c) => `${c} = report_intervals.${c} + excluded.${c}`).join(", ")};
    ANALYZE interactions; ANALYZE interaction_events; ANALYZE report_intervals; ANALYZE agent_intervals; ANALYZE agent_line_intervals;`);
}

// Reports on a large history: N interaction events are generated straight into PostgreSQL (the server at
// PG_SERVER_URL when it answers, else embedded PGlite), the aggregator folds them into report_intervals,
// then a month's service-level report for one client line and its whole dashboard are timed through the
// HTTP API. Goals from the analytics issue: the SL report under 1 s, the dashboard under 2 s.
//   BENCH_REPORT_EVENTS   events to generate (default 1,000,000; the figure is 10,000,000)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { sql, type SQL } from "drizzle-orm";
import { openDatabase, runMigrations, tenants, type DatabaseHandle } from "@moked/db";
import { withDatabaseName } from "@moked/db/testing";
import { aggregateBatch } from "../apps/server/src/analytics/aggregator";
import { buildApp } from "../apps/server/src/app";
import { loadConfig } from "../apps/server/src/core/config";
import { createInProcessBus } from "../apps/server/src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../apps/server/src/seed/demo";

const EVENTS = Number(process.env.BENCH_REPORT_EVENTS ?? 1_000_000);
/** Events per contact on average in the generated mix (see generate()). */
const EVENTS_PER_CONTACT = 4.45;
const FROM = "2026-08-01T00:00:00+03:00";
const DAYS = 92;
const MONTH = { from: "2026-10-01T00:00:00+03:00", to: "2026-11-01T00:00:00+02:00" };
const CHUNK = 100_000;

const line = (k: string, v: string) => process.stdout.write(`${k.padEnd(60)} ${v}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Contacts spread over 92 days and the demo's client lines, each with its events, in set-based SQL: 80%
 * offered and answered by one of the demo agents after 0–120 s (talk 1–10 min, wrap-up 0–60 s), 15%
 * abandoned after 0–180 s, 5% leaving a message after a minute. 75% calls, 20% chats, 5% e-mails.
 */
export async function generate(handle: DatabaseHandle, contacts: number): Promise<void> {
  const u = (salt: string) => `((hashtext(n::text || '${salt}') & 2147483647)::float8 / 2147483648)`;
  await handle.exec(`
    CREATE TEMP TABLE bench_lines AS SELECT row_number() OVER (ORDER BY t.slug) - 1 AS i, t.id AS tenant_id, (SELECT q.id FROM queues q WHERE q.tenant_id = t.id LIMIT 1) AS queue_id FROM tenants t;
    CREATE TEMP TABLE bench_agents AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM users WHERE role = 'agent';`);
  for (let start = 0; start < contacts; start += CHUNK) {
    const end = Math.min(contacts, start + CHUNK);
    await handle.exec(`
      CREATE TEMP TABLE bench_g AS
      SELECT n, md5('bench' || n)::uuid AS id, l.tenant_id, l.queue_id, a.id AS agent_id,
        timestamptz '${FROM}' + floor(${u("d")} * ${DAYS}) * interval '1 day' + (6 + ${u("h")} * 16) * interval '1 hour' AS arrived,
        ${u("o")} AS outcome, ${u("w")} AS w, ${u("t")} AS t, ${u("c")} AS c
      FROM generate_series(${start}, ${end - 1}) n
      JOIN bench_lines l ON l.i = n % (SELECT count(*) FROM bench_lines)
      JOIN bench_agents a ON a.i = (n / 7) % (SELECT count(*) FROM bench_agents);
      INSERT INTO interactions (id, tenant_id, queue_id, channel, topic, status, final_state, agent_id, arrived_at, answered_at, ended_at)
      SELECT id, tenant_id, queue_id, CASE WHEN c < 0.75 THEN 'voice' WHEN c < 0.95 THEN 'chat' ELSE 'email' END,
        CASE WHEN t < 0.3 THEN 'fault' ELSE 'general' END, 'ended',
        CASE WHEN outcome < 0.8 THEN 'answered' WHEN outcome < 0.95 THEN 'abandoned' ELSE 'message' END,
        CASE WHEN outcome < 0.8 THEN agent_id END, arrived,
        CASE WHEN outcome < 0.8 THEN arrived + w * 120 * interval '1 second' END,
        arrived + CASE WHEN outcome < 0.8 THEN (w * 120 + 60 + t * 540) WHEN outcome < 0.95 THEN w * 180 ELSE 60 END * interval '1 second'
      FROM bench_g;
      INSERT INTO interaction_events (command_seq, ordinal, tenant_id, interaction_id, agent_id, type, at, data)
      SELECT 1000000000 + n, e.ordinal, tenant_id, id, e.agent, e.type, arrived + e.after * interval '1 second', e.data
      FROM bench_g, LATERAL (VALUES
        (0, 'interaction.arrived', 0::float8, NULL::uuid, jsonb_build_object('queueId', queue_id), true),
        (1, 'interaction.offered', w * 120 - 0.5, agent_id, '{}'::jsonb, outcome < 0.8),
        (2, 'interaction.answered', w * 120, agent_id, '{}'::jsonb, outcome < 0.8),
        (3, 'interaction.completed', w * 120 + 60 + t * 480, agent_id, '{}'::jsonb, outcome < 0.8),
        (4, 'interaction.wrapped_up', w * 120 + 60 + t * 540, agent_id, '{}'::jsonb, outcome < 0.8),
        (1, 'interaction.abandoned', w * 180, NULL, jsonb_build_object('short', w * 180 < 5), outcome >= 0.8 AND outcome < 0.95),
        (1, 'interaction.customer_chose', 60, NULL, '{"choice":"leave_message"}'::jsonb, outcome >= 0.95),
        (2, 'interaction.message_left', 60, NULL, '{}'::jsonb, outcome >= 0.95)
      ) AS e(ordinal, type, after, agent, data, keep)
      WHERE e.keep;
      DROP TABLE bench_g;`);
  }
  await handle.exec("ANALYZE interactions; ANALYZE interaction_events;");
}

async function count(handle: DatabaseHandle, query: SQL): Promise<number> {
  const result = (await handle.db.execute(query)) as unknown as { rows: Array<{ n: number }> };
  return result.rows[0]!.n;
}

async function measure(label: string, handle: DatabaseHandle): Promise<void> {
  await runMigrations(handle);
  await seedDemoCenter(handle.db);
  const contacts = Math.round(EVENTS / EVENTS_PER_CONTACT);
  process.stdout.write(`${label}: generating ~${EVENTS.toLocaleString("en")} events (${contacts.toLocaleString("en")} contacts over ${DAYS} days, ${(await handle.db.select().from(tenants)).length} client lines)…\n`);
  let t0 = performance.now();
  await generate(handle, contacts);
  const events = await count(handle, sql`select count(*)::int as n from interaction_events`);
  line(`${label}: events generated`, `${events.toLocaleString("en")} in ${seconds(performance.now() - t0)}`);

  t0 = performance.now();
  let aggregated = 0;
  for (;;) {
    const n = await aggregateBatch(handle.db, 2_000);
    aggregated += n;
    if (n === 0) break;
  }
  const aggMs = performance.now() - t0;
  const rows = await count(handle, sql`select count(*)::int as n from report_intervals`);
  line(`${label}: aggregated contacts`, `${aggregated.toLocaleString("en")} in ${seconds(aggMs)} (${Math.round(aggregated / (aggMs / 1000)).toLocaleString("en")} /s) → ${rows.toLocaleString("en")} rows`);

  const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent" });
  const { app } = await buildApp({ config, db: handle.db, bus: createInProcessBus(), routing: false, outbox: false });
  const login = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "manager@moked.local", password: DEMO_PASSWORD } });
  const cookie = `moked_session=${login.cookies.find((c) => c.name === "moked_session")!.value}`;
  const [sky] = await handle.db.select().from(tenants).where(sql`slug = 'sky-tours'`);
  const month = `tenantId=${sky!.id}&from=${encodeURIComponent(MONTH.from)}&to=${encodeURIComponent(MONTH.to)}`;
  const monthContacts = await count(handle, sql`select count(*)::int as n from interactions where tenant_id = ${sky!.id} and arrived_at >= ${MONTH.from}::timestamptz and arrived_at < ${MONTH.to}::timestamptz`);
  line(`${label}: one client line's month (October 2026)`, `${monthContacts.toLocaleString("en")} contacts`);

  const time = async (name: string, url: string, goalMs: number) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const res = await app.inject({ method: "GET", url, headers: { cookie } });
      runs.push(performance.now() - s);
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
    const best = Math.min(...runs);
    line(`${label}: ${name}`, `first ${Math.round(runs[0]!)} ms, best ${Math.round(best)} ms (goal < ${goalMs} ms${best < goalMs ? ", met" : ", NOT met"})`);
  };
  await time("month's SL report, by day", `/api/v1/reports/summary?${month}&dimension=day`, 1_000);
  await time("month's queue figures per 30 min", `/api/v1/reports/queues?${month}&interval=30`, 1_000);
  await time("month's answer-time compliance", `/api/v1/reports/compliance?${month}`, 1_000);
  await time("month's full dashboard", `/api/v1/reports/dashboard?${month}`, 2_000);
  await app.close();
}

export async function runReportsBench(): Promise<void> {
  const server = process.env.PG_SERVER_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: server });
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  );
  if (!reachable) {
    process.stdout.write(`PostgreSQL server: not reachable at ${server}; using embedded PGlite\n`);
    const dir = mkdtempSync(join(tmpdir(), "moked-bench-"));
    const embedded = await openDatabase({ dataDir: dir });
    try {
      await measure("embedded PGlite", embedded);
    } finally {
      await embedded.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const name = `moked_bench_reports_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const handle = await openDatabase({ url: withDatabaseName(server, name), poolSize: 10 });
  try {
    await measure("PostgreSQL server", handle);
  } finally {
    await handle.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runReportsBench();

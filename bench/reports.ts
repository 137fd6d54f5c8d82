// Reports on a large history: N interaction events are generated straight into PostgreSQL (a fresh
// database on the server at PG_SERVER_URL when it answers, else embedded PGlite) with their 15-minute
// aggregates (see reports-seed.ts), then a month's service-level report for one client line and its whole
// dashboard are timed through the HTTP API. The history has customers (first-contact resolution), holds,
// satisfaction scores and every agent's state changes, folded by the agent-time aggregator itself, so the
// dashboard's timings include occupancy and utilisation (decision 0016). Goals from the analytics issue, with 10 million events: the
// SL report under 1 s, the dashboard under 2 s.
//   REPORTS_EVENTS   events to generate (default 1,000,000; the figure is REPORTS_EVENTS=10000000)
//   REPORTS_KEEP_DB  set: the PostgreSQL server's bench database is kept (its name printed), to look into plans
//   REPORTS_DB       the name of a kept bench database: brought up to the current migrations and timed again,
//                    not seeded (before/after comparisons on one history, without 25–40 min of seeding)
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { sql, type SQL } from "drizzle-orm";
import { openDatabase, runMigrations, tenants, type DatabaseHandle } from "@moked/db";
import { withDatabaseName } from "@moked/db/testing";
import { aggregateBatch } from "../apps/server/src/analytics/aggregator";
import { aggregateAgentTime } from "../apps/server/src/analytics/agent-aggregator";
import { buildApp } from "../apps/server/src/app";
import { loadConfig } from "../apps/server/src/core/config";
import { createInProcessBus } from "../apps/server/src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../apps/server/src/seed/demo";
import { agreement, DAYS, EVENTS_PER_CONTACT, generateContacts, markSeeded, seedAggregates } from "./reports-seed";

const EVENTS = Number(process.env.REPORTS_EVENTS ?? process.env.BENCH_REPORT_EVENTS ?? 1_000_000);
/** Contacts the aggregator itself folds (timed), their rows checked against the SQL-seeded ones. */
const WORKER_SAMPLE = 20_000;
const MONTH = { from: "2026-10-01T00:00:00+03:00", to: "2026-11-01T00:00:00+02:00" };

const line = (k: string, v: string) => process.stdout.write(`${k.padEnd(60)} ${v}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function count(handle: DatabaseHandle, query: SQL): Promise<number> {
  const result = (await handle.db.execute(query)) as unknown as { rows: Array<{ n: number }> };
  return result.rows[0]!.n;
}

async function measure(label: string, handle: DatabaseHandle): Promise<void> {
  await runMigrations(handle);
  await seedHistory(label, handle);
  await timeReports(label, handle);
}

/** The demo center and its generated history, aggregated (see reports-seed.ts). */
async function seedHistory(label: string, handle: DatabaseHandle): Promise<void> {
  await seedDemoCenter(handle.db);
  const contacts = Math.round(EVENTS / EVENTS_PER_CONTACT);
  process.stdout.write(`${label}: generating ~${EVENTS.toLocaleString("en")} events (${contacts.toLocaleString("en")} contacts over ${DAYS} days, ${(await handle.db.select().from(tenants)).length} client lines)…\n`);
  let t0 = performance.now();
  await generateContacts(handle, contacts);
  const events = await count(handle, sql`select count(*)::int as n from interaction_events`);
  line(`${label}: events generated`, `${events.toLocaleString("en")} in ${seconds(performance.now() - t0)}`);

  // The aggregator folds a sample through the real code path; the rest is aggregated in SQL by the same
  // rules (fast enough for 10 million events), after checking that both give the same rows on the sample.
  const sample = Math.min(WORKER_SAMPLE, contacts);
  await markSeeded(handle, sample);
  t0 = performance.now();
  let aggregated = 0;
  for (;;) {
    const n = await aggregateBatch(handle.db, 2_000);
    aggregated += n;
    if (n === 0) break;
  }
  const aggMs = performance.now() - t0;
  line(`${label}: aggregator folded contacts`, `${aggregated.toLocaleString("en")} in ${seconds(aggMs)} (${Math.round(aggregated / (aggMs / 1000)).toLocaleString("en")} /s)`);
  const differ = await agreement(handle, sample);
  line(`${label}: SQL-seeded aggregates vs the aggregator's`, differ === 0 ? "the same rows" : `${differ} rows differ (the seeded figures are wrong)`);
  t0 = performance.now();
  await seedAggregates(handle, sample);
  const rows = await count(handle, sql`select count(*)::int as n from report_intervals`);
  line(`${label}: aggregates seeded in SQL`, `${(contacts - sample).toLocaleString("en")} contacts in ${seconds(performance.now() - t0)} → ${rows.toLocaleString("en")} rows`);
  // Agents' time: the real aggregator, one agent (all its history) per transaction.
  t0 = performance.now();
  let agents = 0;
  const now = Date.now();
  while ((await aggregateAgentTime(handle.db, 1, now)) > 0) agents++;
  const agentRows = await count(handle, sql`select count(*)::int as n from agent_intervals`);
  const lineRows = await count(handle, sql`select count(*)::int as n from agent_line_intervals`);
  line(`${label}: agent time folded by the aggregator`, `${agents} agents in ${seconds(performance.now() - t0)} → ${agentRows.toLocaleString("en")} agent rows, ${lineRows.toLocaleString("en")} line rows`);
  await handle.exec("ANALYZE agent_intervals; ANALYZE agent_line_intervals;");
}

/** The reports timed through the HTTP API, best of 3, on a seeded history. */
async function timeReports(label: string, handle: DatabaseHandle): Promise<void> {
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
    const ratio = (best / goalMs).toFixed(2);
    line(`${label}: ${name}`, `first ${Math.round(runs[0]!)} ms, best ${Math.round(best)} ms, ${ratio}× the goal of ${goalMs} ms (${best < goalMs ? "met" : "NOT met"})`);
  };
  line(`${label}: machine load (1, 5, 15 min)`, loadavg().map((x) => x.toFixed(1)).join(", ") + ` on ${cpus().length} cores`);
  await time("month's SL report, by day", `/api/v1/reports/summary?${month}&dimension=day`, 1_000);
  await time("month's queue figures per 30 min", `/api/v1/reports/queues?${month}&interval=30`, 1_000);
  await time("month's answer-time compliance", `/api/v1/reports/compliance?${month}`, 1_000);
  await time("month's full dashboard", `/api/v1/reports/dashboard?${month}`, 2_000);
  await time("month's agents with occupancy and utilisation", `/api/v1/reports/summary?${month}&dimension=agent`, 1_000);
  const dash = (await app.inject({ method: "GET", url: `/api/v1/reports/dashboard?${month}`, headers: { cookie } })).json().totals as Record<string, number | null>;
  line(`${label}: the month's figures`, `hold ${dash.averageHoldSeconds} s, CSAT ${dash.csatAverage} (${dash.csatResponses} scores), FCR ${dash.firstContactResolution}, occupancy ${dash.occupancy}, utilisation ${dash.utilisation}`);
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
  const reuse = process.env.REPORTS_DB;
  if (reuse) {
    await admin.end();
    const handle = await openDatabase({ url: withDatabaseName(server, reuse), poolSize: 10 });
    try {
      await runMigrations(handle);
      await timeReports(`PostgreSQL server, kept ${reuse}`, handle);
    } finally {
      await handle.close();
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
    if (process.env.REPORTS_KEEP_DB) process.stdout.write(`kept the database ${name}\n`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runReportsBench();

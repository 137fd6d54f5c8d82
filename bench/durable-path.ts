// The durable path: contacts created through the HTTP API and routed, each acknowledged only after its
// command and events are committed. Printed beside the same database's plain single-row INSERT rate,
// measured in the same run: the goal is at least half of it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, runMigrations, type DatabaseHandle } from "@moked/db";
import { withDatabaseName } from "@moked/db/testing";
import { buildApp } from "../apps/server/src/app";
import { loadConfig } from "../apps/server/src/core/config";
import { createInProcessBus } from "../apps/server/src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../apps/server/src/seed/demo";
import { measureInsertRate } from "./insert-baseline";

const COUNT = Number(process.env.BENCH_INTERACTIONS ?? 3_000);
const CONCURRENCY = 64;

async function measure(label: string, handle: DatabaseHandle): Promise<void> {
  await runMigrations(handle);
  await seedDemoCenter(handle.db);
  const insertRate = await measureInsertRate(handle, 1_000);

  const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent" });
  const { app } = await buildApp({ config, db: handle.db, bus: createInProcessBus() });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const login = await fetch(`${address}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@moked.local", password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
  const queues = ((await (await fetch(`${address}/api/v1/queues`, { headers: { cookie } })).json()) as { items: Array<{ id: string; tenantId: string }> }).items;

  let next = 0;
  let failed = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < COUNT) {
      const n = next++;
      const q = queues[n % queues.length]!;
      const res = await fetch(`${address}/api/v1/interactions`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ tenantId: q.tenantId, queueId: q.id, channel: n % 4 === 0 ? "chat" : "voice", topic: "general", requiredSkills: [{ skill: "lang:he" }] }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  const rate = COUNT / seconds;
  await app.close();

  const line = (k: string, v: string) => process.stdout.write(`${`${label}: ${k}`.padEnd(52)} ${v}\n`);
  line("plain single-row INSERTs", `${insertRate.toFixed(0)} /s`);
  line(`interactions created and routed (${COUNT}, ${CONCURRENCY} clients)`, `${rate.toFixed(0)} /s${failed ? ` (${failed} failed)` : ""}`);
  line("ratio to plain INSERT", `${((rate / insertRate) * 100).toFixed(0)} %  (goal >= 50 %)`);
}

export async function runDurablePathBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "moked-bench-"));
  const embedded = await openDatabase({ dataDir: dir });
  try {
    await measure("embedded PGlite", embedded);
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const server = process.env.PG_SERVER_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `moked_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  try {
    await admin.connect();
  } catch {
    process.stdout.write(`PostgreSQL server: not reachable at ${server}, skipped\n`);
    return;
  }
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

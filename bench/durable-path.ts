// The durable path: contacts created through the HTTP API and routed, each acknowledged only after its
// command and events are committed. Printed beside the same database's plain single-row INSERT rate,
// measured in the same run: the goal is at least half of it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { openDatabase, runMigrations, type DatabaseHandle } from "@moked/db";
import { withDatabaseName } from "@moked/db/testing";
import { buildApp } from "../apps/server/src/app";
import { loadConfig } from "../apps/server/src/core/config";
import { createInProcessBus } from "../apps/server/src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../apps/server/src/seed/demo";
import { startCpuProfile } from "./cpu-profile";
import { measureInsertRate } from "./insert-baseline";

const COUNT = Number(process.env.BENCH_INTERACTIONS ?? 3_000);
const CONCURRENCY = 64;

interface Load {
  address: string;
  cookie: string;
  queues: Array<{ id: string; tenantId: string }>;
  count: number;
  concurrency: number;
}

/** Plain JavaScript for the clients' thread: `concurrency` loops creating contacts until `count` are made. */
const CLIENTS = `
const { parentPort, workerData: w } = require("node:worker_threads");
const http = require("node:http");
// node:http with kept-alive connections, one per client: the clients share this machine's cores with the
// server, and fetch (undici) spends more CPU per request: with it the clients, not the server, set the pace.
const agent = new http.Agent({ keepAlive: true, maxSockets: w.concurrency });
const url = new URL(w.address + "/api/v1/interactions");
const post = (body) => new Promise((resolve, reject) => {
  const req = http.request(url, { method: "POST", agent, headers: { cookie: w.cookie, "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on("end", () => resolve(res.statusCode));
    res.on("error", reject);
  });
  req.on("error", reject);
  req.end(body);
});
let next = 0, failed = 0;
const one = async () => {
  while (next < w.count) {
    const n = next++;
    const q = w.queues[n % w.queues.length];
    const status = await post(JSON.stringify({ tenantId: q.tenantId, queueId: q.id, channel: n % 4 === 0 ? "chat" : "voice", topic: "general", requiredSkills: [{ skill: "lang:he" }] }));
    if (status !== 201) failed++;
  }
};
const start = performance.now();
Promise.all(Array.from({ length: w.concurrency }, one)).then(() => { agent.destroy(); parentPort.postMessage({ seconds: (performance.now() - start) / 1000, failed }); });
`;

async function driveClients(load: Load): Promise<{ rate: number; failed: number }> {
  const worker = new Worker(CLIENTS, { eval: true, workerData: load });
  const done = await new Promise<{ seconds: number; failed: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  return { rate: load.count / done.seconds, failed: done.failed };
}

async function measure(label: string, handle: DatabaseHandle): Promise<void> {
  await runMigrations(handle);
  await seedDemoCenter(handle.db);
  // The yardstick is taken before and after the measured run and the median of all its passes kept, so a
  // change of load on a shared machine during the run moves both figures alike.
  const before = await measureInsertRate(handle, 1_000, 3);

  const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent" });
  const { app } = await buildApp({ config, db: handle.db, bus: createInProcessBus() });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const login = await fetch(`${address}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@moked.local", password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
  const queues = ((await (await fetch(`${address}/api/v1/queues`, { headers: { cookie } })).json()) as { items: Array<{ id: string; tenantId: string }> }).items;

  // The clients run on a thread of their own, as they would on other machines: the server's thread (which,
  // on PGlite, also runs the database) is not charged for building and parsing the clients' HTTP.
  // `BENCH_CPU_PROFILE=<path prefix>`: the server thread's CPU profile over the measured window.
  const profile = process.env.BENCH_CPU_PROFILE ? await startCpuProfile() : null;
  const elu = performance.eventLoopUtilization();
  const { rate, failed } = await driveClients({ address, cookie, queues, count: COUNT, concurrency: CONCURRENCY });
  // How busy the server's thread was: near 100 % means the server (HTTP, engine and, on PGlite, the
  // database) is the limit; well below means the clients or the database server were.
  const busy = performance.eventLoopUtilization(elu).utilization;
  if (profile) await profile.stop(`${process.env.BENCH_CPU_PROFILE}-${label.replace(/\W+/g, "-")}.cpuprofile`);
  await app.close();
  const after = await measureInsertRate(handle, 1_000, 2);
  const passes = [...before.passes, ...after.passes].sort((a, b) => a - b);
  const insertRate = passes[Math.floor(passes.length / 2)]!;

  const line = (k: string, v: string) => process.stdout.write(`${`${label}: ${k}`.padEnd(52)} ${v}\n`);
  line("plain single-row INSERTs (median of 5 passes)", `${insertRate.toFixed(0)} /s (passes ${passes[0]!.toFixed(0)}–${passes[passes.length - 1]!.toFixed(0)})`);
  line(`interactions created and routed (${COUNT}, ${CONCURRENCY} clients)`, `${rate.toFixed(0)} /s${failed ? ` (${failed} failed)` : ""}`);
  line("server thread busy during the run", `${(busy * 100).toFixed(0)} %`);
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

// The durable path: contacts created through the HTTP API and routed, each acknowledged only after its
// command and events are committed. Printed beside the same database's plain single-row INSERT rate,
// measured in the same run: the goal is at least half of it. On the embedded database the INSERT rate is taken
// on the app's own handle (through the same thread hop as the app's statements) and, for comparison, on a
// PGlite on this thread.
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

/**
 * `inThread`: for the embedded database, a second PGlite on the bench's own thread, whose INSERT rate is
 * printed beside the app's handle's (which, on the worker, pays a thread hop per statement): the hop's cost.
 */
async function measure(label: string, handle: DatabaseHandle, inThread?: DatabaseHandle): Promise<void> {
  await runMigrations(handle);
  await seedDemoCenter(handle.db);
  // The yardstick is taken before and after the measured run and the median of all its passes kept, so a
  // change of load on a shared machine during the run moves both figures alike.
  const before = await measureInsertRate(handle, 1_000, 3);
  const beforeInThread = inThread && inThread !== handle ? await measureInsertRate(inThread, 1_000, 3) : null;

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
  const dbElu = await handle.databaseThreadUtilization?.();
  const { rate, failed } = await driveClients({ address, cookie, queues, count: COUNT, concurrency: CONCURRENCY });
  // How busy the server's thread was: near 100 % means the server (HTTP, engine and, on PGlite, the
  // database) is the limit; well below means the clients or the database server were.
  const busy = performance.eventLoopUtilization(elu).utilization;
  // On PGlite's own thread (decision 0024): how busy the database's thread was over the same window.
  const dbBusy = dbElu ? performance.eventLoopUtilization((await handle.databaseThreadUtilization!()), dbElu).utilization : null;
  if (profile) await profile.stop(`${process.env.BENCH_CPU_PROFILE}-${label.replace(/\W+/g, "-")}.cpuprofile`);
  await app.close();
  const after = await measureInsertRate(handle, 1_000, 2);
  const afterInThread = beforeInThread ? await measureInsertRate(inThread!, 1_000, 2) : null;
  const insert = median([...before.passes, ...after.passes]);
  const insertInThread = beforeInThread ? median([...beforeInThread.passes, ...afterInThread!.passes]) : null;

  const line = (k: string, v: string) => process.stdout.write(`${`${label}: ${k}`.padEnd(58)} ${v}\n`);
  const passes = (m: Median) => `${m.value.toFixed(0)} /s (passes ${m.low.toFixed(0)}–${m.high.toFixed(0)})`;
  line(`plain single-row INSERTs, app's handle${inThread ? ` (${inThread === handle ? "same thread" : "worker"})` : ""}`, passes(insert));
  if (insertInThread) line("plain single-row INSERTs, PGlite on this thread", passes(insertInThread));
  line(`interactions created and routed (${COUNT}, ${CONCURRENCY} clients)`, `${rate.toFixed(0)} /s${failed ? ` (${failed} failed)` : ""}`);
  line("server thread busy during the run", `${(busy * 100).toFixed(0)} %`);
  if (dbBusy !== null) line("database thread busy during the run", `${(dbBusy * 100).toFixed(0)} %`);
  line("ratio to plain INSERT on the app's handle", `${((rate / insert.value) * 100).toFixed(0)} %  (goal >= 50 %)`);
  if (insertInThread) line("ratio to plain INSERT on this thread", `${((rate / insertInThread.value) * 100).toFixed(0)} %`);
}

interface Median {
  value: number;
  low: number;
  high: number;
}
function median(passes: number[]): Median {
  const sorted = [...passes].sort((a, b) => a - b);
  return { value: sorted[Math.floor(sorted.length / 2)]!, low: sorted[0]!, high: sorted[sorted.length - 1]! };
}

export async function runDurablePathBench(): Promise<void> {
  // `BENCH_EMBEDDED=in-thread` runs PGlite on the server's thread, as before decision 0024.
  const where = process.env.BENCH_EMBEDDED === "in-thread" ? "in-thread" : "worker";
  const dir = mkdtempSync(join(tmpdir(), "moked-bench-"));
  const embedded = await openDatabase({ dataDir: join(dir, "app"), embedded: where });
  const yardstick = where === "worker" ? await openDatabase({ dataDir: join(dir, "yardstick"), embedded: "in-thread" }) : embedded;
  try {
    await measure(`embedded PGlite (${where})`, embedded, yardstick);
  } finally {
    await embedded.close();
    if (yardstick !== embedded) await yardstick.close();
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

// The embedded database's own thread: it owns the PGlite instance and serves the requests the main thread's
// proxy (pglite-proxy.ts) posts. Plain JavaScript so that starting it needs no TypeScript loader.
//
// Requests are served as they arrive, not one after another: PGlite queues them itself (a plain query waits
// while a transaction is open), exactly as it does when called on one thread.
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const identity = (value) => value;
/** Parser tables by the type ids the caller wants left as text (drizzle's are all identity functions). */
const parserTables = new Map();
function parsersFor(raw) {
  if (!raw || raw.length === 0) return undefined;
  const key = raw.join(",");
  let table = parserTables.get(key);
  if (!table) {
    table = Object.fromEntries(raw.map((oid) => [oid, identity]));
    parserTables.set(key, table);
  }
  return table;
}

/** PostgreSQL's fields of an error (code, detail, constraint …); PGlite also hangs the query's options on it. */
function describeError(err) {
  if (!(err instanceof Error)) return { message: String(err) };
  const out = { name: err.name, message: err.message, stack: err.stack };
  for (const [key, value] of Object.entries(err)) {
    if (value === undefined || value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value;
  }
  return out;
}

const reply = (id, ok, value) => parentPort.postMessage(ok ? { id, ok, value } : { id, ok, error: describeError(value) });

/** Open transactions by id: the PGlite transaction object and how to end it. */
const transactions = new Map();

function begin(id) {
  let end;
  const ended = new Promise((resolve) => (end = resolve));
  const finished = db.transaction(async (tx) => {
    transactions.set(id, { tx, end });
    reply(id, true, id);
    if (!(await ended)) await tx.rollback();
  });
  finished.then(
    () => reply(transactions.get(id).endId, true, null),
    // Failing before the callback ran (BEGIN itself) answers the begin; failing at COMMIT answers the end.
    (err) => reply(transactions.get(id)?.endId ?? id, false, err),
  ).finally(() => transactions.delete(id));
}

async function serve(m) {
  if (m.op === "begin") return begin(m.id);
  if (m.op === "end") {
    const open = transactions.get(m.tx);
    if (!open) return reply(m.id, false, new Error("transaction is not open"));
    open.endId = m.id;
    return open.end(m.commit);
  }
  const target = m.tx === undefined ? db : transactions.get(m.tx)?.tx;
  try {
    if (!target) throw new Error("transaction is not open");
    if (m.op === "query") reply(m.id, true, await target.query(m.sql, m.params, { rowMode: m.rowMode, parsers: parsersFor(m.raw) }));
    else if (m.op === "exec") reply(m.id, true, void (await target.exec(m.sql)));
    else if (m.op === "utilization") reply(m.id, true, performance.eventLoopUtilization());
    else if (m.op === "close") {
      await db.close();
      reply(m.id, true, null); // the main thread then ends this thread
    } else throw new Error(`unknown request ${m.op}`);
  } catch (err) {
    reply(m.id, false, err);
  }
}

const db = workerData.dataDir ? new PGlite(workerData.dataDir) : new PGlite();
try {
  await db.waitReady;
  parentPort.on("message", (m) => void serve(m));
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, error: describeError(err) });
}

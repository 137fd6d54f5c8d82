import type { EventLoopUtilization } from "node:perf_hooks";
import { Worker } from "node:worker_threads";

/**
 * The embedded database (PGlite) on a thread of its own, so that it and the server each have a core.
 *
 * `EmbeddedClient` is the part of PGlite's client that drizzle-orm/pglite's session calls (`query` with a
 * row mode and parsers, `transaction`), plus `exec` and `close`. Each call is one message to the worker
 * (pglite-worker.mjs) and one answer back; values cross by structured clone (Dates, Uint8Arrays, bigints,
 * parsed JSON as they are). A transaction is a session in the worker: its queries run inside PGlite's own
 * `transaction()` callback there, so everyone else's queries wait for it, as they do on one thread.
 */
export interface EmbeddedClient extends EmbeddedQueries {
  transaction<T>(work: (tx: EmbeddedQueries) => Promise<T>): Promise<T>;
  /** The database thread's event-loop utilisation so far (`performance.eventLoopUtilization()` there). */
  utilization(): Promise<EventLoopUtilization>;
  close(): Promise<void>;
}

export interface EmbeddedQueries {
  query<T>(sqlText: string, params?: unknown[], options?: EmbeddedQueryOptions): Promise<EmbeddedResults<T>>;
  exec(sqlText: string): Promise<void>;
}

export interface EmbeddedQueryOptions {
  rowMode?: "array" | "object";
  /** Functions cannot cross threads: only parsers that leave the value as text (drizzle's) are accepted. */
  parsers?: Record<number, (value: string, typeId: number) => unknown>;
}

export interface EmbeddedResults<T> {
  rows: T[];
  affectedRows?: number;
  fields: Array<{ name: string; dataTypeID: number }>;
}

type Request =
  | { op: "query"; sql: string; params: unknown[] | undefined; rowMode: "array" | "object" | undefined; raw: number[] | undefined; tx?: number }
  | { op: "exec"; sql: string; tx?: number }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "utilization" }
  | { op: "close" };

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorFields };
type ErrorFields = Record<string, unknown> & { message: string };

const workerUrl = new URL("./pglite-worker.mjs", import.meta.url);

/** Starts the worker and waits until its PGlite (in memory, or on `dataDir`) is ready. */
export async function startEmbeddedDatabase(dataDir?: string): Promise<EmbeddedClient> {
  const worker = new Worker(workerUrl, { workerData: { dataDir } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let stopped: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    worker.once("message", (m: { ready: boolean; error?: ErrorFields }) => (m.ready ? resolve() : reject(rebuildError(m.error!))));
    worker.once("error", reject);
  });
  const stop = (err: Error) => {
    stopped ??= err;
    for (const { reject } of pending.values()) reject(stopped);
    pending.clear();
  };
  worker.on("error", (err) => stop(err));
  worker.on("exit", (code) => stop(new Error(`the embedded database's thread has stopped (exit code ${code})`)));
  worker.on("message", (m: Reply) => {
    const call = pending.get(m.id);
    if (!call) return;
    pending.delete(m.id);
    // The worker keeps the process alive only while an answer is awaited: a test file's database that was
    // never closed must not hold the process open, and one being queried must not let it exit.
    if (pending.size === 0) worker.unref();
    if (m.ok) call.resolve(m.value);
    else call.reject(rebuildError(m.error));
  });
  await ready;
  worker.unref();

  function call<T>(request: Request): Promise<T> {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      try {
        worker.postMessage({ ...request, id });
      } catch (err) {
        reject(err as Error); // a value that cannot be cloned
        return;
      }
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  const queries = (tx?: number): EmbeddedQueries => ({
    query: (sqlText, params, options) =>
      call({ op: "query", sql: sqlText, params, rowMode: options?.rowMode, raw: options?.parsers ? textTypes(options.parsers) : undefined, ...(tx === undefined ? {} : { tx }) }),
    exec: (sqlText) => call({ op: "exec", sql: sqlText, ...(tx === undefined ? {} : { tx }) }),
  });

  return {
    ...queries(),
    async transaction(work) {
      const tx = await call<number>({ op: "begin" });
      let result;
      try {
        result = await work(queries(tx));
      } catch (err) {
        // Rolled back in the worker; the caller's error is the one that matters.
        await call({ op: "end", tx, commit: false }).catch(() => undefined);
        throw err;
      }
      await call({ op: "end", tx, commit: true });
      return result;
    },
    utilization: () => call<EventLoopUtilization>({ op: "utilization" }),
    async close() {
      if (stopped) return;
      await call({ op: "close" });
      await worker.terminate();
    },
  };
}

/** The type ids whose parsers leave the text as it is; checked once per parser table. */
const checkedParsers = new WeakMap<object, number[]>();
function textTypes(parsers: NonNullable<EmbeddedQueryOptions["parsers"]>): number[] {
  let ids = checkedParsers.get(parsers);
  if (!ids) {
    ids = Object.keys(parsers).map(Number);
    for (const id of ids) {
      if (parsers[id]!("\u0000probe", id) !== "\u0000probe") throw new Error(`a parser for type ${id} would have to run in the database's thread; only text-preserving parsers are supported`);
    }
    checkedParsers.set(parsers, ids);
  }
  return ids;
}

/** An Error with PostgreSQL's fields (code, detail, constraint, table …) as the worker's PGlite threw it. */
function rebuildError(fields: ErrorFields): Error {
  const err = new Error(fields.message);
  Object.assign(err, fields);
  return err;
}

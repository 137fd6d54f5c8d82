import type { EventLoopUtilization } from "node:perf_hooks";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { startEmbeddedDatabase } from "./embedded/pglite-proxy";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A Drizzle handle on either driver; transactions have the same shape. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Runs raw SQL (several statements allowed); for tests and benchmarks. */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
  /**
   * The embedded database's own thread (decision 0024): its event-loop utilisation so far, for benchmarks
   * to tell whether the database's thread or the server's is the limit. Absent elsewhere.
   */
  databaseThreadUtilization?(): Promise<EventLoopUtilization>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** Directory for PGlite's files; when absent (and no url) the database lives in memory. */
  dataDir?: string | undefined;
  poolSize?: number;
  /**
   * Where the embedded database runs: on a worker thread of its own (the default, so the database and the
   * server each have a core), or on the caller's thread (kept for comparison in the benchmarks).
   */
  embedded?: "worker" | "in-thread";
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection the server drops (restart, failover, DROP DATABASE … FORCE) must not crash the
    // process: the pool replaces it, and the next query on it reports the error where it can be handled.
    pool.on("error", () => undefined);
    // Fail at start-up, not on the first request, when the server is unreachable.
    const probe = await pool.connect();
    probe.release();
    return {
      db: drizzlePg(pool, { schema }) as unknown as Db,
      kind: "postgres",
      exec: async (text) => void (await pool.query(text)),
      close: () => pool.end(),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  if (options.embedded !== "in-thread") {
    const client = await startEmbeddedDatabase(options.dataDir);
    return {
      // drizzle-orm/pglite's session calls only `query` (row mode and text-preserving parsers) and
      // `transaction`, which the worker's proxy provides; see embedded/pglite-proxy.ts.
      db: drizzlePglite(client as unknown as PGlite, { schema }) as unknown as Db,
      kind: "pglite",
      exec: (text) => client.exec(text),
      close: () => client.close(),
      databaseThreadUtilization: () => client.utilization(),
    };
  }
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await client.waitReady;
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    exec: async (text) => void (await client.exec(text)),
    close: () => client.close(),
  };
}

import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "@moked/db";

/**
 * The yardstick for the durable path: how many plain single-row INSERTs per second (one transaction each,
 * as autocommit does) this machine's database does right now. Figures elsewhere are printed as a ratio to it.
 */
export async function measureInsertRate(handle: DatabaseHandle, count = 2_000): Promise<number> {
  await handle.exec("CREATE TABLE IF NOT EXISTS bench_baseline (id uuid primary key, tenant_id uuid not null, payload jsonb not null, at timestamptz not null default now())");
  const tenant = randomUUID();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    await handle.exec(`INSERT INTO bench_baseline (id, tenant_id, payload) VALUES ('${randomUUID()}', '${tenant}', '{"n":${i}}')`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await handle.exec("DROP TABLE bench_baseline");
  return count / seconds;
}

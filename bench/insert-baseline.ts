import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "@moked/db";

/**
 * The yardstick for the durable path: how many plain single-row INSERTs per second (one transaction each,
 * as autocommit does) this machine's database does right now. Figures elsewhere are printed as a ratio to it.
 *
 * One pass is a poor yardstick on a shared machine (the embedded database's first hundreds of rows also pay
 * for warming its caches and the JIT), so a warm-up pass is thrown away and the median of several passes kept.
 */
export async function measureInsertRate(handle: DatabaseHandle, rowsPerPass = 1_000, passes = 5): Promise<{ rate: number; passes: number[] }> {
  await handle.exec("CREATE TABLE IF NOT EXISTS bench_baseline (id uuid primary key, tenant_id uuid not null, payload jsonb not null, at timestamptz not null default now())");
  const tenant = randomUUID();
  let n = 0;
  const pass = async (count: number): Promise<number> => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      await handle.exec(`INSERT INTO bench_baseline (id, tenant_id, payload) VALUES ('${randomUUID()}', '${tenant}', '{"n":${n++}}')`);
    }
    return count / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  await pass(Math.ceil(rowsPerPass / 2));
  const rates: number[] = [];
  for (let p = 0; p < passes; p++) rates.push(await pass(rowsPerPass));
  await handle.exec("DROP TABLE bench_baseline");
  const sorted = [...rates].sort((a, b) => a - b);
  return { rate: sorted[Math.floor(sorted.length / 2)]!, passes: rates };
}

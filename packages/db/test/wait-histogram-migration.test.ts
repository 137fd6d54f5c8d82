import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { openDatabase, runMigrations, type DatabaseHandle } from "../src";
import { migrationsFolder } from "../src/migrate";
import { withDatabaseName } from "../src/testing";

/** The migration history up to (not including) migration `idx`, in a folder of its own. */
function historyBefore(idx: number): string {
  const dir = mkdtempSync(join(tmpdir(), "moked-migrations-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ idx: number }> };
  journal.entries = journal.entries.filter((e) => e.idx < idx);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

type Rows<T> = { rows: T[] };

describe("migration 0030: wait histograms from jsonb to integer arrays", () => {
  let handle: DatabaseHandle;
  let dropDatabase = async () => {};
  const before = historyBefore(30);

  beforeAll(async () => {
    const server = process.env.DATABASE_URL;
    if (server) {
      const name = `moked_t_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      handle = await openDatabase({ url: withDatabaseName(server, name), poolSize: 2 });
      dropDatabase = async () => {
        const dropper = new pg.Client({ connectionString: server });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      };
      await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder: before });
    } else {
      handle = await openDatabase({});
      await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: before });
    }
    // Rows the aggregator wrote before the migration, with jsonb histograms.
    await handle.exec(`
      INSERT INTO organisations (id, name) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Center');
      INSERT INTO tenants (id, organisation_id, slug, name, calendar) VALUES
        ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', 'a', 'A', '{"alwaysOpen": true, "weekly": {}, "closedOnShabbatAndHolidays": false, "exceptions": {}}');
      INSERT INTO report_intervals (tenant_id, bucket_start, queue_id, channel, agent_id, offered, answered, wait_hist) VALUES
        ('00000000-0000-0000-0000-0000000000b1', '2026-10-01T08:00:00Z', '00000000-0000-0000-0000-000000000000', 'voice', '00000000-0000-0000-0000-000000000000', 9, 7, '{"15": 2, "200": 1, "3": 4}'),
        ('00000000-0000-0000-0000-0000000000b1', '2026-10-01T08:15:00Z', '00000000-0000-0000-0000-000000000000', 'voice', '00000000-0000-0000-0000-000000000000', 2, 0, '{}');`);
    await runMigrations(handle);
  });

  afterAll(async () => {
    await handle.close();
    await dropDatabase();
    rmSync(before, { recursive: true, force: true });
  });

  it("converts existing rows, seconds in numeric order with their counts, and empty histograms to empty arrays", async () => {
    const result = (await handle.db.execute(sql`select bucket_start, wait_seconds, wait_counts, answered from report_intervals order by bucket_start`)) as unknown as Rows<{ wait_seconds: number[]; wait_counts: number[]; answered: number }>;
    expect(result.rows.map((r) => [r.wait_seconds, r.wait_counts, r.answered])).toEqual([
      [[3, 15, 200], [4, 2, 1], 7],
      [[], [], 0],
    ]);
    const columns = (await handle.db.execute(sql`select column_name from information_schema.columns where table_name = 'report_intervals' and column_name like 'wait_%' order by 1`)) as unknown as Rows<{ column_name: string }>;
    expect(columns.rows.map((c) => c.column_name)).toEqual(["wait_counts", "wait_ms_sum", "wait_seconds"]);
  });

  it("adds two histograms second by second for the aggregator's upsert", async () => {
    const result = (await handle.db.execute(sql`select seconds, counts from moked_wait_add('{3,15}', '{1,1}', '{15,40}', '{2,1}')`)) as unknown as Rows<{ seconds: number[]; counts: number[] }>;
    expect(result.rows[0]).toEqual({ seconds: [3, 15, 40], counts: [1, 3, 1] });
    const empty = (await handle.db.execute(sql`select seconds, counts from moked_wait_add('{}', '{}', '{}', '{}')`)) as unknown as Rows<{ seconds: number[]; counts: number[] }>;
    expect(empty.rows[0]).toEqual({ seconds: [], counts: [] });
  });
});

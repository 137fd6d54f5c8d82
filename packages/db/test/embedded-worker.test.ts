import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { integer, jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { openDatabase, type DatabaseHandle } from "../src";
import { bytea } from "../src/schema/columns";

// The embedded database runs on a worker thread by default; these check what crosses the thread hop.
const sample = pgTable("sample", {
  id: uuid("id").primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  amount: numeric("amount").notNull(),
  payload: jsonb("payload").$type<{ n: number; tags: string[] }>().notNull(),
  bytes: bytea("bytes").notNull(),
  label: text("label"),
  n: integer("n").notNull().default(0),
});
const createSample = `CREATE TABLE sample (id uuid primary key, at timestamptz not null, amount numeric not null, payload jsonb not null,
  bytes bytea not null, label text unique, n integer not null default 0)`;
const row = { id: "7d9f0c1e-2a3b-4c5d-8e6f-0123456789ab", at: new Date("2026-03-01T10:20:30.456Z"), amount: "12.50", payload: { n: 1, tags: ["a"] }, bytes: Buffer.from([0, 1, 254, 255]), label: "first" };

describe("the embedded database on its own thread", () => {
  let worker: DatabaseHandle;
  let inThread: DatabaseHandle;

  beforeAll(async () => {
    [worker, inThread] = await Promise.all([openDatabase({}), openDatabase({ embedded: "in-thread" })]);
    await Promise.all([worker.exec(createSample), inThread.exec(createSample)]);
  });
  afterAll(async () => {
    await worker.close();
    await inThread.close();
  });

  it("returns rows typed exactly as PGlite on the caller's thread does (Dates, Buffers, numerics, jsonb)", async () => {
    for (const h of [worker, inThread]) await h.db.insert(sample).values(row);
    const [viaWorker] = await worker.db.select().from(sample);
    const [direct] = await inThread.db.select().from(sample);
    expect(viaWorker).toEqual(direct);
    expect(viaWorker!.at).toBeInstanceOf(Date);
    expect(viaWorker!.at.toISOString()).toBe(row.at.toISOString());
    expect(Buffer.isBuffer(viaWorker!.bytes)).toBe(true);
    expect([...viaWorker!.bytes]).toEqual([0, 1, 254, 255]);
    expect(viaWorker!.amount).toBe("12.50");
    expect(viaWorker!.payload).toEqual({ n: 1, tags: ["a"] });
    const raw = (await worker.db.execute(sql`select count(*)::int as c, now() as t from sample`)) as unknown as { rows: unknown[] };
    expect(raw.rows[0]).toEqual({ c: 1, t: expect.any(String) });
  });

  it("carries PostgreSQL's error code, constraint and detail across the hop", async () => {
    const err = await worker.db
      .insert(sample)
      .values({ ...row, id: "00000000-0000-4000-8000-000000000001" })
      .then(() => null, (e: unknown) => e as { cause?: { code?: string; constraint?: string; detail?: string } });
    expect(err?.cause?.code).toBe("23505");
    expect(err?.cause?.constraint).toBe("sample_label_key");
    expect(err?.cause?.detail).toContain("first");
    await expect(worker.exec("select 1/0")).rejects.toMatchObject({ code: "22012" });
  });

  it("leaves nothing of a transaction that threw, and keeps what a committed one wrote", async () => {
    const id = "00000000-0000-4000-8000-000000000002";
    await expect(
      worker.db.transaction(async (tx) => {
        await tx.insert(sample).values({ ...row, id, label: "rolled back" });
        expect(await tx.select().from(sample).where(eq(sample.id, id))).toHaveLength(1);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await worker.db.select().from(sample).where(eq(sample.id, id))).toEqual([]);

    // A failed statement inside a nested transaction rolls back to its savepoint only.
    await worker.db.transaction(async (tx) => {
      await tx.insert(sample).values({ ...row, id, label: "kept" });
      await expect(tx.transaction((inner) => inner.insert(sample).values({ ...row, id: "00000000-0000-4000-8000-000000000003" }))).rejects.toThrow();
    });
    expect((await worker.db.select().from(sample).where(eq(sample.id, id))).map((r) => r.label)).toEqual(["kept"]);
  });

  it("runs concurrent transactions one after another, with other callers' queries waiting", async () => {
    // Each reads n, lets the event loop run, then writes n + 1: interleaved, updates would be lost.
    const bump = () =>
      worker.db.transaction(async (tx) => {
        const [current] = await tx.select({ n: sample.n }).from(sample).where(eq(sample.id, row.id));
        await new Promise((resolve) => setImmediate(resolve));
        await tx.update(sample).set({ n: current!.n + 1 }).where(eq(sample.id, row.id));
        return current!.n;
      });
    const outside = worker.db.select({ n: sample.n }).from(sample).where(eq(sample.id, row.id));
    const seen = await Promise.all([bump(), bump(), bump(), outside, bump()]);
    expect(seen.slice(0, 3).sort()).toEqual([0, 1, 2]);
    const [after] = await worker.db.select({ n: sample.n }).from(sample).where(eq(sample.id, row.id));
    expect(after!.n).toBe(4);
  });

  it("applies an isolation level asked for", async () => {
    const level = await worker.db.transaction(async (tx) => ((await tx.execute(sql`show transaction_isolation`)) as unknown as { rows: unknown[] }).rows[0], { isolationLevel: "repeatable read" });
    expect(level).toEqual({ transaction_isolation: "repeatable read" });
  });
});

describe("the embedded database's thread and the process", () => {
  const run = promisify(execFile);
  const client = fileURLToPath(new URL("../src/index.ts", import.meta.url));

  it("keeps the process alive while a query is answered, not after: a database never closed does not hold it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "moked-embedded-"));
    const script = join(dir, "never-closed.mts");
    writeFileSync(
      script,
      `const { openDatabase } = await import(${JSON.stringify(client)});
      const h = await openDatabase({});
      await h.exec("select pg_sleep(0.3)");
      process.stdout.write("answered");`,
    );
    try {
      const { stdout } = await run(process.execPath, ["--import", "tsx", script], { timeout: 120_000 });
      expect(stdout).toBe("answered");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A child process starting tsx and PGlite's wasm takes tens of seconds on a loaded two-core machine.
  }, 150_000);

  it("ends the worker on close(): later calls fail instead of waiting", async () => {
    const h = await openDatabase({});
    await h.exec("select 1");
    await h.close();
    await expect(h.exec("select 1")).rejects.toThrow(/stopped/);
  });
});

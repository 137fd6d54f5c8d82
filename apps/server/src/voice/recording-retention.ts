import type { FastifyBaseLogger } from "fastify";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { and, eq, inArray, lt } from "drizzle-orm";
import { callRecordings, voiceLines, type Db } from "@moked/db";
import { Poller } from "../core/poller";
import { loadLineConfig } from "./lines";

const DAY_MS = 86_400_000;
/** Rows deleted per statement, so a first purge of a long history does not hold one huge transaction. */
const BATCH = 500;

/**
 * Deletes recordings older than their line's retention (`recordingRetentionDays`, null: kept): the file
 * first, then its row, so a crash in between leaves a row whose file is gone (the player says so and the
 * next pass deletes the row) and never a file no row points at. Runs at start-up and then once a day.
 */
export class RecordingPurge {
  private readonly poller: Poller;

  constructor(private readonly options: { db: Db; dataDir: string; log: FastifyBaseLogger; pollMs?: number }) {
    this.poller = new Poller("recording purge", () => this.pass(), options.log, options.pollMs ?? DAY_MS);
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** Purges every line's expired recordings as of `now`; returns how many were deleted. */
  async pass(now = Date.now()): Promise<number> {
    const { db, dataDir, log } = this.options;
    let deleted = 0;
    for (const { tenantId } of await db.select({ tenantId: voiceLines.tenantId }).from(voiceLines)) {
      const days = (await loadLineConfig(db, tenantId))?.recordingRetentionDays ?? null;
      if (days === null) continue;
      const before = new Date(now - days * DAY_MS);
      for (;;) {
        const expired = await db
          .select({ id: callRecordings.id, file: callRecordings.file })
          .from(callRecordings)
          .where(and(eq(callRecordings.tenantId, tenantId), lt(callRecordings.startedAt, before)))
          .limit(BATCH);
        if (!expired.length) break;
        for (const r of expired) await rm(join(dataDir, r.file), { force: true });
        await db.delete(callRecordings).where(inArray(callRecordings.id, expired.map((r) => r.id)));
        deleted += expired.length;
        log.info({ tenantId, count: expired.length, retentionDays: days }, "expired recordings deleted");
      }
    }
    return deleted;
  }
}

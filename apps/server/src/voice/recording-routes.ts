import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { CallRecordingList, ErrorBody, IdParams, RecordingSearchQuery, RecordingSearchResult } from "@moked/contracts";
import { callRecordings, interactions, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import { CENTER_STAFF, principalOf } from "../auth/guard";
import { AppError, badRequest, notFound } from "../core/errors";
import { z } from "zod";
import { parseByteRange } from "./byte-range";
import { recordingView, searchRecordings } from "./recording-search";

const AudioQuery = z.object({ download: z.enum(["0", "1"]).optional().describe("1: sent as an attachment (the download button)") });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 416: ErrorBody };

/**
 * Call recordings are heard by center staff (supervisors and QA: team leaders, shift and center managers,
 * admins) only — not by agents and not by the client's viewers — and, like every row, only within the lines
 * the listener may see. Every playback is written to the audit log. See docs/decisions/0018.
 */
export const recordingRoutes: FastifyPluginAsyncZod<{ db: Db; dataDir: string }> = async (app, { db, dataDir }) => {
  app.get(
    "/interactions/:id/recordings",
    { config: { access: CENTER_STAFF }, schema: { tags: ["voice"], summary: "A call's recordings (two-channel WAV: caller left, agent right)", params: IdParams, response: { 200: CallRecordingList, ...errors } } },
    async (request) => {
      const scope = principalOf(request).scope;
      const rows = await withTenantScope(db, scope, async (tx) => {
        const [contact] = await tx.select({ id: interactions.id }).from(interactions).where(and(eq(interactions.id, request.params.id), tenantFilter(interactions.tenantId, scope)));
        if (!contact) throw notFound("interaction");
        return tx.select().from(callRecordings).where(and(eq(callRecordings.interactionId, contact.id), tenantFilter(callRecordings.tenantId, scope))).orderBy(asc(callRecordings.startedAt));
      });
      return { items: rows.map(recordingView) };
    },
  );

  app.get(
    "/recordings",
    {
      config: { access: CENTER_STAFF },
      schema: {
        tags: ["voice"],
        summary: "Search recordings: by line, agent, when the call was, its length (seconds) and direction; newest first, a page at a time",
        description: "`from` ≤ started < `to`. `minSeconds` > `maxSeconds` is refused (`bad_duration_range`), as is `from` after `to` (`bad_period`).",
        querystring: RecordingSearchQuery,
        response: { 200: RecordingSearchResult, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.minSeconds !== undefined && q.maxSeconds !== undefined && q.minSeconds > q.maxSeconds) throw badRequest("bad_duration_range", "The shortest length is longer than the longest", { path: "query.minSeconds" });
      if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) throw badRequest("bad_period", "The period starts after it ends", { path: "query.from" });
      return searchRecordings(db, principalOf(request).scope, q);
    },
  );

  app.get(
    "/recordings/:id/audio",
    {
      config: { access: CENTER_STAFF },
      schema: {
        tags: ["voice"],
        summary: "Play or download a recording (audio/wav), whole or by byte range (206) so a player can seek",
        description: "Each playback — a request for the whole file or for a range from its first byte — is written to the audit log (`recording.played`); a seek within a playback is not.",
        params: IdParams,
        querystring: AudioQuery,
        response: errors,
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(callRecordings).where(and(eq(callRecordings.id, request.params.id), tenantFilter(callRecordings.tenantId, p.scope))));
      if (!row) throw notFound("recording");
      const path = join(dataDir, row.file);
      const size = await stat(path).then((s) => s.size, () => null);
      if (size === null) throw new AppError("recording_file_missing", 404, "The recording's audio file is no longer on disk");
      const range = parseByteRange(request.headers.range, size);
      if (range === "unsatisfiable") {
        reply.header("content-range", `bytes */${size}`);
        throw new AppError("range_not_satisfiable", 416, `The file has ${size} bytes`);
      }
      const download = request.query.download === "1";
      if (!range || range.start === 0) {
        await withTenantScope(db, p.scope, (tx) =>
          recordAudit(tx, p, { action: "recording.played", entity: "call_recording", entityId: row.id, tenantId: row.tenantId, details: { interactionId: row.interactionId, download } }),
        );
      }
      reply.type("audio/wav").header("accept-ranges", "bytes").header("cache-control", "private, no-store");
      if (download) reply.header("content-disposition", `attachment; filename="recording-${row.interactionId}.wav"`);
      if (!range) return reply.header("content-length", size).send(createReadStream(path) as never);
      // 206 carries audio, not a JSON body: it has no response schema, so the typed reply does not list it.
      return (reply as FastifyReply)
        .status(206)
        .header("content-range", `bytes ${range.start}-${range.end}/${size}`)
        .header("content-length", range.end - range.start + 1)
        .send(createReadStream(path, { start: range.start, end: range.end }) as never);
    },
  );
};

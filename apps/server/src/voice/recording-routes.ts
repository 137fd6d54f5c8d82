import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { CallRecordingList, ErrorBody, IdParams } from "@moked/contracts";
import { callRecordings, interactions, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { CENTER_STAFF, principalOf } from "../auth/guard";
import { notFound } from "../core/errors";

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * Call recordings are heard by supervisors (center staff, who do quality assurance) only — not by agents
 * and not by the client's viewers — and, like every row, only within the lines the listener may see.
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
      return {
        items: rows.map((r) => ({
          id: r.id,
          tenantId: r.tenantId,
          interactionId: r.interactionId,
          startedAt: r.startedAt.toISOString(),
          endedAt: r.endedAt?.toISOString() ?? null,
          durationMs: r.durationMs,
          bytes: r.bytes,
          url: `/api/v1/recordings/${r.id}/audio`,
        })),
      };
    },
  );

  app.get(
    "/recordings/:id/audio",
    { config: { access: CENTER_STAFF }, schema: { tags: ["voice"], summary: "Play a recording (audio/wav)", params: IdParams, response: errors } },
    async (request, reply) => {
      const scope = principalOf(request).scope;
      const [row] = await withTenantScope(db, scope, (tx) => tx.select().from(callRecordings).where(and(eq(callRecordings.id, request.params.id), tenantFilter(callRecordings.tenantId, scope))));
      if (!row) throw notFound("recording");
      return reply.type("audio/wav").header("content-length", row.bytes).header("cache-control", "private, no-store").send(createReadStream(join(dataDir, row.file)) as never);
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, desc, eq, sql } from "drizzle-orm";
import { ErrorBody, IdParams, MAX_PROMPT_BYTES, PROMPT_UPLOAD_TYPES, promptIdsOf, PromptUploadQuery, VoiceLineConfig, VoicePrompt, VoicePromptList } from "@moked/contracts";
import { z } from "zod";
import { tenantFilter, tenants, voiceLines, voicePrompts, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import { CENTER_ADMINS, CENTER_STAFF, principalOf } from "../auth/guard";
import { AppError, notFound } from "../core/errors";
import { legacyConfig } from "./lines";
import { promptFromUpload, promptWav } from "./prompt-audio";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody };

type PromptRow = Pick<typeof voicePrompts.$inferSelect, "id" | "tenantId" | "name" | "format" | "durationMs" | "createdAt"> & { bytes: number };

const promptView = (r: PromptRow): VoicePrompt => ({
  id: r.id,
  tenantId: r.tenantId,
  name: r.name,
  format: r.format as VoicePrompt["format"],
  durationMs: r.durationMs,
  bytes: r.bytes,
  createdAt: r.createdAt.toISOString(),
  url: `/api/v1/voice/prompts/${r.id}/audio`,
});

const listColumns = {
  id: voicePrompts.id,
  tenantId: voicePrompts.tenantId,
  name: voicePrompts.name,
  format: voicePrompts.format,
  durationMs: voicePrompts.durationMs,
  createdAt: voicePrompts.createdAt,
};

/** A file name safe to keep and show: no path, no control characters, bounded. */
function promptName(raw: string | undefined, format: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (raw ?? "").split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"<>]/g, "").trim().slice(0, 120);
  return base || `prompt.${format}`;
}

/**
 * A line's recorded prompts: uploaded by the center's admins and managers (WAV, MP3, Ogg), converted to
 * G.711 μ-law at 8 kHz and kept in the database, listed and played back by center staff, within the lines
 * each may see.
 */
export const promptRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.addContentTypeParser([...PROMPT_UPLOAD_TYPES], { parseAs: "buffer", bodyLimit: MAX_PROMPT_BYTES }, (_request, body, done) => done(null, body));

  async function findLine(scope: Parameters<typeof tenantFilter>[1], id: string) {
    const [row] = await withTenantScope(db, scope, (tx) => tx.select({ id: tenants.id }).from(tenants).where(and(eq(tenants.id, id), tenantFilter(tenants.id, scope))));
    if (!row) throw notFound("client line");
    return row;
  }

  app.get(
    "/voice/lines/:id/prompts",
    { config: { access: CENTER_STAFF }, schema: { tags: ["voice"], summary: "A client line's recorded prompts, newest first", params: IdParams, response: { 200: VoicePromptList, ...errors } } },
    async (request) => {
      const scope = principalOf(request).scope;
      const line = await findLine(scope, request.params.id);
      const rows = await withTenantScope(db, scope, (tx) =>
        tx
          .select({ ...listColumns, bytes: sql<number>`octet_length(${voicePrompts.audio})`.mapWith(Number) })
          .from(voicePrompts)
          .where(and(eq(voicePrompts.tenantId, line.id), tenantFilter(voicePrompts.tenantId, scope)))
          .orderBy(desc(voicePrompts.createdAt)),
      );
      return { items: rows.map(promptView) };
    },
  );

  app.post(
    "/voice/lines/:id/prompts",
    {
      config: { access: CENTER_ADMINS },
      bodyLimit: MAX_PROMPT_BYTES,
      schema: {
        tags: ["voice"],
        summary: "Upload a prompt for a client line: WAV (PCM 16-bit, μ-law or A-law, any rate from 8 kHz), MP3 or Ogg Vorbis, up to 10 MB and 10 minutes",
        description: "The body is the file itself (Content-Type: audio/wav, audio/mpeg, audio/ogg or application/octet-stream); `name` is the file name. The type is told from the content. The prompt is kept as callers hear it: G.711 μ-law at 8 kHz, mono.",
        params: IdParams,
        querystring: PromptUploadQuery,
        response: { 201: z.object({ prompt: VoicePrompt }), ...errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const line = await findLine(p.scope, request.params.id);
      if (!Buffer.isBuffer(request.body)) throw new AppError("unsupported_audio_format", 415, "Send the audio file itself as the body");
      const audio = await promptFromUpload(request.body);
      const name = promptName(request.query.name, audio.format);
      const row = await withTenantScope(db, p.scope, async (tx) => {
        const [saved] = await tx
          .insert(voicePrompts)
          .values({ tenantId: line.id, name, format: audio.format, durationMs: audio.durationMs, audio: Buffer.from(audio.mulaw), createdBy: p.user.id })
          .returning(listColumns);
        await recordAudit(tx, p, { action: "voice_prompt.uploaded", entity: "voice_prompt", entityId: saved!.id, tenantId: line.id, details: { name, format: audio.format, durationMs: audio.durationMs } });
        return saved!;
      });
      return reply.status(201).send({ prompt: promptView({ ...row, bytes: audio.mulaw.length }) });
    },
  );

  app.get(
    "/voice/prompts/:id/audio",
    { config: { access: CENTER_STAFF }, schema: { tags: ["voice"], summary: "Play a prompt as callers hear it (audio/wav, 8 kHz)", params: IdParams, response: errors } },
    async (request, reply) => {
      const scope = principalOf(request).scope;
      const [row] = await withTenantScope(db, scope, (tx) => tx.select({ audio: voicePrompts.audio }).from(voicePrompts).where(and(eq(voicePrompts.id, request.params.id), tenantFilter(voicePrompts.tenantId, scope))));
      if (!row) throw notFound("prompt");
      return reply.type("audio/wav").header("cache-control", "private, max-age=3600").header("x-content-type-options", "nosniff").send(promptWav(row.audio) as never);
    },
  );

  app.delete(
    "/voice/prompts/:id",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["voice"], summary: "Delete a prompt the line's phone menu no longer plays", params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      await withTenantScope(db, p.scope, async (tx) => {
        const [row] = await tx.select({ id: voicePrompts.id, tenantId: voicePrompts.tenantId, name: voicePrompts.name }).from(voicePrompts).where(and(eq(voicePrompts.id, request.params.id), tenantFilter(voicePrompts.tenantId, p.scope)));
        if (!row) throw notFound("prompt");
        const [line] = await tx.select({ config: voiceLines.config }).from(voiceLines).where(eq(voiceLines.tenantId, row.tenantId));
        const inUse = line ? promptIdsOf(VoiceLineConfig.parse(legacyConfig(line.config))).includes(row.id) : false;
        if (inUse) throw new AppError("prompt_in_use", 409, `The phone menu still plays "${row.name}": choose another prompt there first`);
        await tx.delete(voicePrompts).where(eq(voicePrompts.id, row.id));
        await recordAudit(tx, p, { action: "voice_prompt.deleted", entity: "voice_prompt", entityId: row.id, tenantId: row.tenantId, details: { name: row.name } });
      });
      return reply.status(204).send(null);
    },
  );
};

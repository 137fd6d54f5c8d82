import type { FastifyInstance, FastifyReply } from "fastify";
import { chatAttachments, type Db } from "@moked/db";
import { AppError } from "../../core/errors";

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** The content types a chat accepts, each recognised by its first bytes, never by its name or header. */
const SIGNATURES: Array<{ mime: string; test: (b: Buffer) => boolean }> = [
  { mime: "image/png", test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: "image/gif", test: (b) => b.subarray(0, 6).toString("latin1") === "GIF87a" || b.subarray(0, 6).toString("latin1") === "GIF89a" },
  { mime: "image/webp", test: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP" },
  { mime: "application/pdf", test: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-" },
];
export const ACCEPTED_TYPES = SIGNATURES.map((s) => s.mime);

/** Lets a plugin's routes take a file as the request body (bounded; checked by `storeAttachment`, not here). */
export function acceptFileBodies(app: FastifyInstance): void {
  app.addContentTypeParser(["application/octet-stream", ...ACCEPTED_TYPES], { parseAs: "buffer", bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));
}

/** What a file really is, from its magic bytes; null for anything a chat does not take. */
export function sniffType(bytes: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(bytes))?.mime ?? null;
}

/** A file name safe to keep and to put in a header: no path, no control characters, bounded. */
export function safeFileName(raw: string | undefined, mime: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (raw ?? "").split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"<>]/g, "").trim().slice(0, 120);
  return base || `file.${mime.split("/")[1]}`;
}

/** Checks and stores an upload: refused when empty, too large, of a type we do not take, or not what it claims. */
export async function storeAttachment(db: Db, owner: { tenantId: string; sessionId: string }, bytes: Buffer, declared: string | undefined, name: string | undefined) {
  if (bytes.length === 0) throw new AppError("empty_file", 400, "The file is empty");
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError("file_too_large", 413, `Files up to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const mime = sniffType(bytes);
  if (!mime) throw new AppError("unsupported_file_type", 415, "Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent", { accepted: ACCEPTED_TYPES });
  const claimed = declared?.split(";")[0]!.trim().toLowerCase();
  if (claimed && claimed !== "application/octet-stream" && claimed !== mime) {
    throw new AppError("file_type_mismatch", 415, `The file says ${claimed} but its content is ${mime}`);
  }
  const [row] = await db
    .insert(chatAttachments)
    .values({ tenantId: owner.tenantId, sessionId: owner.sessionId, name: safeFileName(name, mime), mime, size: bytes.length, data: bytes })
    .returning({ id: chatAttachments.id, name: chatAttachments.name, mime: chatAttachments.mime, size: chatAttachments.size });
  return row!;
}

/** Sends a stored file so that no browser runs it: its sniffed type, nosniff, a sandboxing CSP, PDFs as downloads. */
export function sendAttachment(reply: FastifyReply, file: { name: string; mime: string; data: Buffer }): FastifyReply {
  const disposition = file.mime.startsWith("image/") ? "inline" : "attachment";
  return reply
    .header("content-type", file.mime)
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", "private, max-age=3600")
    .header("content-disposition", `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .send(file.data);
}

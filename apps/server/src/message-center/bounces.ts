import { and, eq, sql } from "drizzle-orm";
import { dispatches, outbox, type Db, type DispatchStep } from "@moked/db";

/**
 * Bounces by VERP: every e-mail the outbox sends carries its own return path, `bounce+<outbox id>@<mail
 * domain>`, so a delivery report (RFC 3464) that comes back to that address names the very delivery that
 * failed — no guessing from the report's text, which every MTA words differently.
 */
const VERP = /^bounce\+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@(.+)$/i;

export function verpAddress(outboxId: string, domain: string): string {
  return `bounce+${outboxId}@${domain}`;
}

/** The outbox id a return-path address stands for, or null when it is not one of ours. */
export function outboxIdOfVerp(address: string, domain: string): string | null {
  const m = VERP.exec(address.trim());
  return m && m[2]!.toLowerCase() === domain.toLowerCase() ? m[1]!.toLowerCase() : null;
}

export interface DeliveryReport {
  action: string;
  status: string | null;
  recipient: string | null;
  diagnostic: string | null;
}

/** Header-style fields of one block, continuation lines unfolded, names lower-cased. */
function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}

function decode(body: string, encoding: string | undefined): string {
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return body;
}

/** The body of the message/delivery-status part, walking multiparts (a report may sit inside another). */
function deliveryStatusPart(raw: string, depth = 0): string | null {
  const split = /\r?\n\r?\n/.exec(raw);
  const headers = fieldsOf(split ? raw.slice(0, split.index) : raw);
  const body = split ? raw.slice(split.index + split[0].length) : "";
  const type = headers.get("content-type") ?? "text/plain";
  const mime = type.split(";")[0]!.trim().toLowerCase();
  if (mime === "message/delivery-status" || mime === "message/global-delivery-status") return decode(body, headers.get("content-transfer-encoding")?.toLowerCase());
  if (!mime.startsWith("multipart/") || depth > 3) return null;
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return null;
  const parts = body.split(`--${boundary}`).slice(1);
  for (const part of parts) {
    if (part.startsWith("--")) break;
    const found = deliveryStatusPart(part.replace(/^\r?\n/, ""), depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Reads a delivery status notification (RFC 3464: multipart/report; report-type=delivery-status). Null when
 * the mail is not one — an out-of-office reply sent to the return path is not a bounce.
 */
export function parseDeliveryReport(raw: string): DeliveryReport | null {
  const status = deliveryStatusPart(raw);
  if (status === null) return null;
  // The first block is about the message; each further block is about one recipient.
  const blocks = status.split(/\r?\n\s*\r?\n/).map(fieldsOf).slice(1);
  const recipient = blocks.find((b) => b.get("action")?.toLowerCase() === "failed") ?? blocks.find((b) => b.has("action"));
  if (!recipient) return null;
  const addressOf = (v: string | undefined) => (v ? v.replace(/^[^;]*;\s*/, "").trim() : null);
  return {
    action: recipient.get("action")!.toLowerCase(),
    status: recipient.get("status") ?? null,
    recipient: addressOf(recipient.get("final-recipient") ?? recipient.get("original-recipient")),
    diagnostic: addressOf(recipient.get("diagnostic-code")),
  };
}

/**
 * Marks the delivery bounced with the report's reason. Only a failure counts ("delayed", "relayed" and
 * "delivered" reports change nothing). A bounced call to the person on call escalates at once instead of
 * waiting out the acknowledgement timeout: they cannot acknowledge a mail that never reached them.
 */
export async function recordBounce(db: Db, outboxId: string, report: DeliveryReport): Promise<"bounced" | "ignored"> {
  if (report.action !== "failed") return "ignored";
  const reason = [report.status, report.diagnostic].filter(Boolean).join(" ").slice(0, 500) || "bounced";
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(outbox)
      .set({ status: "bounced", lastError: reason, leaseUntil: null })
      .where(and(eq(outbox.id, outboxId), eq(outbox.channel, "email")))
      .returning();
    if (!row) return "ignored";
    const call = row.payload as { dispatchId?: string; step?: number };
    if (call.dispatchId !== undefined && call.step !== undefined) {
      const [d] = await tx.select().from(dispatches).where(and(eq(dispatches.id, call.dispatchId), eq(dispatches.step, call.step), eq(dispatches.status, "notifying")));
      if (d) {
        const member = d.chain[call.step];
        const step: DispatchStep = { at: new Date().toISOString(), action: "bounced", ...(member ? { memberId: member.id, memberName: member.name } : {}), note: reason };
        await tx.update(dispatches).set({ log: [...d.log, step], nextEscalationAt: sql`now()` }).where(eq(dispatches.id, d.id));
      }
    }
    return "bounced";
  });
}

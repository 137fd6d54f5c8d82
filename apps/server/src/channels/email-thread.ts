import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { EmailDelivery, EmailView } from "@moked/contracts";
import { emailAttachments, emailMessages, outbox, type Db } from "@moked/db";
import { hasRemoteImages } from "./mail-html";

const DELIVERY: Record<string, EmailDelivery> = { queued: "queued", sending: "queued", held: "queued", sent: "sent", digested: "sent", failed: "failed", bounced: "bounced" };

/**
 * The whole e-mail conversation a contact belongs to, oldest first: every mail in and out (earlier and later
 * contacts of the same thread too), each with its attachments and, for a mail we sent, where its delivery
 * stands. Empty when the contact has no e-mail. The caller has already checked the contact's tenant.
 */
export async function emailThread(tx: Db, tenantId: string, interactionId: string): Promise<EmailView[]> {
  const [first] = await tx
    .select({ conversationId: emailMessages.conversationId })
    .from(emailMessages)
    .where(and(eq(emailMessages.tenantId, tenantId), eq(emailMessages.interactionId, interactionId)))
    .limit(1);
  if (!first) return [];
  const all = await tx
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.tenantId, tenantId), eq(emailMessages.conversationId, first.conversationId)))
    .orderBy(asc(emailMessages.at));
  const files = await tx
    .select({ id: emailAttachments.id, emailMessageId: emailAttachments.emailMessageId, filename: emailAttachments.filename, contentType: emailAttachments.contentType, size: emailAttachments.size })
    .from(emailAttachments)
    .where(and(eq(emailAttachments.tenantId, tenantId), inArray(emailAttachments.emailMessageId, all.map((m) => m.id))));
  const sentIds = all.filter((m) => m.direction === "out").map((m) => m.messageIdHeader);
  const deliveries = sentIds.length
    ? await tx
        .select({ messageId: sql<string>`${outbox.payload} ->> 'messageId'`, status: outbox.status, lastError: outbox.lastError })
        .from(outbox)
        .where(and(eq(outbox.tenantId, tenantId), eq(outbox.channel, "email"), inArray(sql`${outbox.payload} ->> 'messageId'`, sentIds)))
    : [];
  const delivery = new Map(deliveries.map((d) => [d.messageId, d]));
  return all.map((m) => {
    const d = m.direction === "out" ? delivery.get(m.messageIdHeader) : undefined;
    return {
      id: m.id,
      direction: m.direction as "in" | "out",
      from: m.fromAddress,
      to: m.toAddress,
      subject: m.subject,
      text: m.text,
      html: m.html,
      remoteImages: hasRemoteImages(m.html),
      at: m.at.toISOString(),
      interactionId: m.interactionId,
      attachments: files.filter((f) => f.emailMessageId === m.id).map(({ emailMessageId: _, ...f }) => f),
      delivery: d ? (DELIVERY[d.status] ?? "queued") : null,
      deliveryError: d?.lastError ?? null,
    };
  });
}

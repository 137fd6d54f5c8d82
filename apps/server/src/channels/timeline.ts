import { asc, inArray } from "drizzle-orm";
import type { z } from "zod";
import { ConversationLine } from "@moked/contracts";
import { chatMessages, emailMessages, type Db } from "@moked/db";

export { ConversationLine };
type Line = z.infer<typeof ConversationLine>;

/**
 * What was written in each of these contacts — chat and messaging lines, e-mails in and out — so the
 * customer's timeline shows the words, not only that a contact happened. `tx` is the caller's tenant scope.
 */
export async function conversationsOf(tx: Db, interactionIds: string[]): Promise<Map<string, Line[]>> {
  const byContact = new Map<string, Line[]>();
  if (interactionIds.length === 0) return byContact;
  const add = (id: string, line: Line) => byContact.set(id, [...(byContact.get(id) ?? []), line]);
  const chat = await tx.select().from(chatMessages).where(inArray(chatMessages.interactionId, interactionIds)).orderBy(asc(chatMessages.seq));
  for (const m of chat) add(m.interactionId, { author: m.author === "visitor" ? "customer" : (m.author as "agent" | "system"), text: m.text, at: m.at.toISOString(), attachmentId: m.attachmentId });
  const mail = await tx.select().from(emailMessages).where(inArray(emailMessages.interactionId, interactionIds)).orderBy(asc(emailMessages.at));
  for (const m of mail) add(m.interactionId, { author: m.direction === "in" ? "customer" : "agent", text: m.subject ? `${m.subject}\n\n${m.text}` : m.text, at: m.at.toISOString(), attachmentId: null });
  return byContact;
}

import { and, asc, inArray, like } from "drizzle-orm";
import type { z } from "zod";
import { ConversationLine } from "@moked/contracts";
import { chatMessages, emailMessages, interactionEvents, type Db } from "@moked/db";

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
  await addOutbound(tx, interactionIds, add);
  for (const lines of byContact.values()) if (lines.some((l) => l.event)) lines.sort((a, b) => a.at.localeCompare(b.at));
  return byContact;
}

/** Calls placed to the customer (one line per attempt, with how it went) and the SMS sent after a missed one. */
async function addOutbound(tx: Db, interactionIds: string[], add: (id: string, line: Line) => void): Promise<void> {
  const events = await tx
    .select()
    .from(interactionEvents)
    .where(and(inArray(interactionEvents.interactionId, interactionIds), like(interactionEvents.type, "outbound.%")))
    .orderBy(asc(interactionEvents.id));
  const outcomes = new Map<string, string>();
  const numbers = new Map<string, string>();
  for (const e of events) {
    const attemptId = String(e.data.attemptId ?? "");
    if (e.type === "outbound.connected") outcomes.set(attemptId, "answered");
    if (e.type === "outbound.missed") outcomes.set(attemptId, String(e.data.outcome));
    if (e.type === "outbound.attempted") numbers.set(attemptId, String(e.data.number ?? ""));
  }
  for (const e of events) {
    const attemptId = String(e.data.attemptId ?? "");
    const number = numbers.get(attemptId) ?? "";
    if (e.type === "outbound.attempted") add(e.interactionId!, { author: "system", text: "", at: e.at.toISOString(), attachmentId: null, event: { kind: "outbound_attempt", outcome: outcomes.get(attemptId) ?? null, number } });
    if (e.type === "outbound.sms_queued") add(e.interactionId!, { author: "system", text: String(e.data.text ?? ""), at: e.at.toISOString(), attachmentId: null, event: { kind: "sms", outcome: null, number } });
  }
}

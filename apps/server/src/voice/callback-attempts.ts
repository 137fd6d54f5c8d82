import { createHash } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { LOCALES, type CallbackPolicy } from "@moked/contracts";
import { callbackRequests, chatSessions, interactions, outbox, tenants, type Db } from "@moked/db";

type Locale = (typeof LOCALES)[number];

/** The SMS after a missed call-back, when the line has not worded its own. */
export const MISSED_CALLBACK_SMS: Record<Locale, string> = {
  he: "ניסינו לחזור אליך מ{line} ולא הצלחנו להשיג אותך. ננסה שוב בקרוב, או שתתקשר/י אלינו: {number}",
  en: "We tried to call you back from {line} but could not reach you. We will try again soon, or call us on {number}",
  ar: "حاولنا معاودة الاتصال بك من {line} ولم نتمكن من الوصول إليك. سنحاول مرة أخرى قريبًا، أو اتصل بنا على {number}",
  ru: "Мы пытались перезвонить вам из {line}, но не смогли дозвониться. Мы попробуем ещё раз, или позвоните нам: {number}",
};

/** The id of a call-back request's n-th routed attempt: the request's own id first, then derived from it (stable across restarts). */
export function attemptInteractionId(requestId: string, attempt: number): string {
  if (attempt <= 1) return requestId;
  const h = createHash("sha1").update(`${requestId}:${attempt}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** Fills a template: `{line}` and `{number}` (a missing number drops the words "…: {number}" gracefully). */
export function fillTemplate(template: string, values: { line: string; number: string | null }): string {
  const text = template.replaceAll("{line}", values.line);
  return values.number ? text.replaceAll("{number}", values.number) : text.replace(/[\s,:،-]*\{number\}/g, "").trim();
}

/**
 * The customer's language for what we write to them: the one chosen in the call's menu, else their last
 * conversation's on the line, else the line's first language — always one we have words for.
 */
export async function customerLanguage(db: Db, row: { tenantId: string; customerRef: string | null; data: Record<string, unknown> }): Promise<Locale> {
  const ours = (l: unknown): l is Locale => typeof l === "string" && (LOCALES as readonly string[]).includes(l);
  if (ours(row.data.language)) return row.data.language;
  if (row.customerRef) {
    const [last] = await db
      .select({ language: chatSessions.language })
      .from(chatSessions)
      .where(and(eq(chatSessions.tenantId, row.tenantId), eq(chatSessions.customerId, row.customerRef)))
      .orderBy(desc(chatSessions.createdAt))
      .limit(1);
    if (ours(last?.language)) return last.language;
  }
  const [line] = await db.select({ languages: tenants.languages }).from(tenants).where(eq(tenants.id, row.tenantId));
  return line?.languages.find(ours) ?? "he";
}

export interface MissedAttempt {
  attemptId: string;
  tenantId: string;
  interactionId: string;
  number: string;
  lineNumber: string | null;
  policy: CallbackPolicy;
}

/**
 * After a missed attempt, in one transaction: the call-back request counts the attempt and is scheduled
 * again after the line's spacing (or closed as `unreached` after its last attempt) — a call that kept its
 * place in the queue gets a request here — and the customer is sent one SMS about it, in their language,
 * through the outbox (retried with backoff, the row's id as the provider's idempotency key). The attempt id
 * is on the SMS row, so a repeated follow-up of the same attempt sends nothing more.
 */
export async function followUpMissed(db: Db, m: MissedAttempt): Promise<{ smsQueued: boolean; nextAttemptAt: Date | null; text: string | null }> {
  const [contact] = await db.select().from(interactions).where(eq(interactions.id, m.interactionId));
  if (!contact) return { smsQueued: false, nextAttemptAt: null, text: null };
  const language = await customerLanguage(db, contact);
  const [line] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, m.tenantId));
  return db.transaction(async (tx) => {
    let [request] = await tx.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, m.tenantId), eq(callbackRequests.interactionId, m.interactionId))).for("update");
    if (!request) {
      const [open] = await tx
        .select()
        .from(callbackRequests)
        .where(and(eq(callbackRequests.tenantId, m.tenantId), eq(callbackRequests.phone, m.number), inArray(callbackRequests.status, ["scheduled", "routing", "routed"])))
        .for("update");
      request =
        open ??
        (await tx
          .insert(callbackRequests)
          .values({ tenantId: m.tenantId, customerId: contact.customerRef, phone: m.number, windowFrom: new Date(), status: "routed", interactionId: m.interactionId, name: typeof contact.data.customerName === "string" ? contact.data.customerName : null })
          .returning())[0]!;
    }
    const attempts = request.attempts + 1;
    const nextAttemptAt = attempts < m.policy.maxAttempts ? new Date(Date.now() + m.policy.retryAfterMinutes * 60_000) : null;
    await tx
      .update(callbackRequests)
      .set(nextAttemptAt ? { status: "scheduled", windowFrom: nextAttemptAt, attempts, lastAttemptAt: new Date(), interactionId: m.interactionId } : { status: "unreached", attempts, lastAttemptAt: new Date() })
      .where(eq(callbackRequests.id, request.id));
    if (!m.policy.missedSms) return { smsQueued: false, nextAttemptAt, text: null };
    const [sent] = await tx.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.tenantId, m.tenantId), sql`${outbox.payload} ->> 'attemptId' = ${m.attemptId}`));
    if (sent) return { smsQueued: true, nextAttemptAt, text: null };
    const text = fillTemplate(m.policy.smsTemplates[language] ?? MISSED_CALLBACK_SMS[language], { line: line?.name ?? "", number: m.lineNumber });
    await tx.insert(outbox).values({
      tenantId: m.tenantId,
      channel: "messaging",
      destination: m.number,
      payload: { medium: "sms", text, kind: "missed_callback", interactionId: m.interactionId, attemptId: m.attemptId, language },
    });
    return { smsQueued: true, nextAttemptAt, text };
  });
}

/** An answered attempt: the customer was reached, so the request is done (and a retry scheduled earlier is dropped). */
export async function markReached(db: Db, tenantId: string, interactionId: string): Promise<void> {
  await db
    .update(callbackRequests)
    .set({ status: "reached", lastAttemptAt: new Date(), attempts: sql`${callbackRequests.attempts} + 1` })
    .where(and(eq(callbackRequests.tenantId, tenantId), eq(callbackRequests.interactionId, interactionId)));
}

/** How many calls this contact's request has had already (for numbering the next). */
export async function attemptsSoFar(db: Db, tenantId: string, interactionId: string): Promise<number> {
  const [row] = await db.select({ attempts: callbackRequests.attempts }).from(callbackRequests).where(and(eq(callbackRequests.tenantId, tenantId), eq(callbackRequests.interactionId, interactionId)));
  return row?.attempts ?? 0;
}

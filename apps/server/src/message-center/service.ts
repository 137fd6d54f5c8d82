import { eq } from "drizzle-orm";
import { messageSettings, messages, outbox, tenants, type Db, type ForwardingRule, type MessageField } from "@moked/db";
import { isOpen, messageCallbackDue, type BusinessHoursCalendar } from "@moked/routing";
import { openDispatch } from "./dispatch";
import { inHourWindow } from "./hour-window";

export interface NewMessage {
  tenantId: string;
  interactionId?: string | null;
  customerName?: string | null;
  customerPhone?: string | null;
  customerEmail?: string | null;
  subject: string;
  category?: string | null;
  urgency: "normal" | "urgent";
  body: string;
  fields: Record<string, unknown>;
  source: "agent" | "customer" | "overflow";
  createdBy?: string | null;
}

export type MessageRow = typeof messages.$inferSelect;

const URGENCY_HE: Record<string, string> = { normal: "רגילה", urgent: "דחופה" };

/**
 * Whether a forwarding rule applies to a message taken at `at`, when the line is open or closed then; an hour
 * window is read on the line's wall clock.
 */
export function ruleMatches(rule: ForwardingRule, message: { category?: string | null; urgency: string }, lineOpen: boolean, at: number, timeZone: string): boolean {
  if (rule.categories?.length && !rule.categories.includes(message.category ?? "")) return false;
  if (rule.urgency?.length && !rule.urgency.includes(message.urgency as "normal" | "urgent")) return false;
  if (rule.when === "open" && !lineOpen) return false;
  if (rule.when === "closed" && lineOpen) return false;
  if (rule.hours && !inHourWindow(rule.hours, at, timeZone)) return false;
  return true;
}

/** The e-mail a line receives for a message: its own field labels, in Hebrew first (the lines' language). */
export function renderEmail(lineName: string, m: MessageRow, fields: MessageField[]): { subject: string; text: string } {
  const lines = [
    `הודעה חדשה עבור ${lineName} / New message for ${lineName}`,
    "",
    `נושא / Subject: ${m.subject}`,
    `דחיפות / Urgency: ${URGENCY_HE[m.urgency] ?? m.urgency} (${m.urgency})`,
    ...(m.category ? [`קטגוריה / Category: ${m.category}`] : []),
    ...(m.customerName ? [`שם / Name: ${m.customerName}`] : []),
    ...(m.customerPhone ? [`טלפון / Phone: ${m.customerPhone}`] : []),
    ...(m.customerEmail ? [`דוא״ל / E-mail: ${m.customerEmail}`] : []),
    ...fields.filter((f) => m.fields[f.key] !== undefined && m.fields[f.key] !== "").map((f) => `${f.label}: ${formatValue(m.fields[f.key])}`),
    "",
    m.body,
    "",
    ...(m.callbackDueAt ? [`יש לחזור ללקוח עד / Call back by: ${m.callbackDueAt.toISOString()}`] : []),
    `Moked message ${m.id}`,
  ];
  const prefix = m.urgency === "urgent" ? "[דחוף] " : "";
  return { subject: `${prefix}${lineName}: ${m.subject}`, text: lines.join("\n") };
}

function formatValue(v: unknown): string {
  if (v === true) return "כן / yes";
  if (v === false) return "לא / no";
  return String(v);
}

/**
 * Records a message and queues its forwarding, in the caller's transaction: the message and the promise to
 * deliver it commit together. One message per contact: a second call for the same contact returns null.
 */
export async function createMessage(tx: Db, input: NewMessage, now: Date): Promise<MessageRow | null> {
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, input.tenantId));
  if (!tenant) return null;
  const [settings] = await tx.select().from(messageSettings).where(eq(messageSettings.tenantId, input.tenantId));
  const calendar = tenant.calendar as BusinessHoursCalendar;
  const inserted = await tx
    .insert(messages)
    .values({
      tenantId: input.tenantId,
      interactionId: input.interactionId ?? null,
      customerName: input.customerName ?? null,
      customerPhone: input.customerPhone ?? null,
      customerEmail: input.customerEmail ?? null,
      subject: input.subject,
      category: input.category ?? null,
      urgency: input.urgency,
      body: input.body,
      fields: input.fields,
      source: input.source,
      createdBy: input.createdBy ?? null,
      createdAt: now,
      callbackDueAt: new Date(messageCallbackDue(calendar, tenant.timeZone, now.getTime())),
    })
    .onConflictDoNothing()
    .returning();
  const message = inserted[0];
  if (!message) return null;

  const open = isOpen(calendar, tenant.timeZone, now.getTime());
  const rules = settings?.forwarding.length ? settings.forwarding.filter((r) => ruleMatches(r, message, open, now.getTime(), tenant.timeZone)) : tenant.contactEmails.map((to): ForwardingRule => ({ channel: "email", to }));
  const mail = renderEmail(tenant.name, message, settings?.fields ?? []);
  const sms = `${tenant.name}: ${message.urgency === "urgent" ? "דחוף! " : ""}${message.subject}${message.customerPhone ? ` · ${message.customerPhone}` : ""}`.slice(0, 300);
  const deliveries = rules.map((r) => {
    const digest = r.channel === "email" && r.mode === "digest";
    return {
      tenantId: tenant.id,
      messageId: message.id,
      channel: r.channel,
      destination: r.to,
      // A digest item waits ("held") until the worker folds the line's items for that address into one mail.
      status: digest ? "held" : "queued",
      payload:
        r.channel === "email"
          ? { subject: mail.subject, text: mail.text, ...(digest ? { digestMinutes: r.digestMinutes ?? 60, lineName: tenant.name } : {}) }
          : r.channel === "sms"
            ? { text: sms }
            : { event: "message.created", message: publicMessage(message, tenant.name) },
      nextAttemptAt: now,
    };
  });
  if (deliveries.length > 0) await tx.insert(outbox).values(deliveries);
  // Urgent matters summon the person on call, when the line has a roster.
  if (message.urgency === "urgent") await openDispatch(tx, tenant.id, message.id, now);
  return message;
}

export function publicMessage(m: MessageRow, lineName?: string) {
  return {
    id: m.id,
    tenantId: m.tenantId,
    ...(lineName ? { lineName } : {}),
    interactionId: m.interactionId,
    customerName: m.customerName,
    customerPhone: m.customerPhone,
    customerEmail: m.customerEmail,
    subject: m.subject,
    category: m.category,
    urgency: m.urgency as "normal" | "urgent",
    body: m.body,
    fields: m.fields,
    status: m.status,
    source: m.source,
    createdAt: m.createdAt.toISOString(),
    callbackDueAt: m.callbackDueAt?.toISOString() ?? null,
    acknowledgedAt: m.acknowledgedAt?.toISOString() ?? null,
    handledAt: m.handledAt?.toISOString() ?? null,
  };
}

import { and, desc, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { z } from "zod";
import type { Customer360 } from "@moked/contracts";
import { callbackRequests, customers, interactions, messages, users, type Db } from "@moked/db";
import { normaliseEmail, toE164 } from "../channels/customers";
import { conversationsOf } from "../channels/timeline";

type InteractionRow = typeof interactions.$inferSelect;
type CustomerRow = typeof customers.$inferSelect;
type View = z.infer<typeof Customer360>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HISTORY = 50;
const OPEN_STATUSES = ["waiting", "offered", "connected", "wrap_up"];

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/** The phone numbers and addresses a contact names: its customer reference and what its channel told us. */
function identifiersOf(row: InteractionRow): { phones: string[]; emails: string[] } {
  const data = row.data ?? {};
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const raw of [row.customerRef, str(data.customerPhone)]) {
    if (!raw || UUID.test(raw)) continue;
    if (raw.includes("@")) emails.add(normaliseEmail(raw));
    else {
      const e164 = toE164(raw);
      if (e164) phones.add(e164);
    }
  }
  const email = str(data.customerEmail);
  if (email) emails.add(normaliseEmail(email));
  return { phones: [...phones], emails: [...emails] };
}

/** The digits a number may have been given with: international, national with a trunk 0, or bare. */
function dialledForms(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164.replace(/\D/g, "")];
  const national = String(parsed.nationalNumber);
  return [`${parsed.countryCallingCode}${national}`, `0${national}`, national];
}

/**
 * Who is behind a contact, within its client business: the customer record it names, else the one holding
 * its phone number or e-mail address. Read-only: matching that creates records belongs to the channels.
 */
async function findCustomer(tx: Db, row: InteractionRow, ids: { phones: string[]; emails: string[] }): Promise<CustomerRow | null> {
  if (row.customerRef && UUID.test(row.customerRef)) {
    const [byId] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, row.tenantId), eq(customers.id, row.customerRef)));
    if (byId) return byId;
  }
  const conditions = [...ids.phones.map((p) => sql`${customers.phones} @> ${JSON.stringify([p])}::jsonb`), ...ids.emails.map((e) => sql`${customers.emails} @> ${JSON.stringify([e])}::jsonb`)];
  if (conditions.length === 0) return null;
  const [found] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, row.tenantId), or(...conditions)))
    .limit(1);
  return found ?? null;
}

/**
 * The customer 360 view of one contact: who it is and every earlier contact on every channel (by the
 * customer record, or by the same number or address given raw), with their wrap-up codes and notes, and
 * whatever is still open for them (contacts, call-backs, messages). `tx` is the caller's tenant scope.
 */
export async function customer360(tx: Db, row: InteractionRow): Promise<View> {
  const ids = identifiersOf(row);
  const customer = await findCustomer(tx, row, ids);
  const phones = [...new Set([...(customer?.phones ?? []), ...ids.phones])];
  const emails = [...new Set([...(customer?.emails ?? []), ...ids.emails])];
  const refs = [...(customer ? [customer.id] : []), ...phones, ...emails];
  if (refs.length === 0) return { customer: null, contacts: [], openCases: [] };

  const same: SQL[] = [inArray(interactions.customerRef, refs)];
  const digits = phones.flatMap(dialledForms);
  if (digits.length) {
    same.push(inArray(sql`regexp_replace(${interactions.customerRef}, '[^0-9]', '', 'g')`, digits));
    same.push(inArray(sql`regexp_replace(${interactions.data}->>'customerPhone', '[^0-9]', '', 'g')`, digits));
  }
  if (emails.length) same.push(inArray(sql`lower(${interactions.data}->>'customerEmail')`, emails));
  const earlier = await tx
    .select()
    .from(interactions)
    .where(and(eq(interactions.tenantId, row.tenantId), ne(interactions.id, row.id), or(...same)))
    .orderBy(desc(interactions.arrivedAt))
    .limit(HISTORY);

  const callbacks = customer
    ? await tx
        .select()
        .from(callbackRequests)
        .where(and(eq(callbackRequests.tenantId, row.tenantId), eq(callbackRequests.customerId, customer.id), inArray(callbackRequests.status, ["scheduled", "routing", "routed"])))
    : [];
  const byContact: SQL[] = [];
  if (phones.length) byContact.push(inArray(messages.customerPhone, phones));
  if (emails.length) byContact.push(inArray(sql`lower(${messages.customerEmail})`, emails));
  const openMessages = byContact.length
    ? await tx
        .select()
        .from(messages)
        .where(and(eq(messages.tenantId, row.tenantId), isNull(messages.handledAt), or(...byContact)))
        .orderBy(desc(messages.createdAt))
        .limit(20)
    : [];

  const written = await conversationsOf(tx, earlier.map((r) => r.id));
  return {
    customer: { id: customer?.id ?? null, name: customer?.name ?? str(row.data?.customerName), phones, emails },
    contacts: earlier.map((r) => ({
      id: r.id,
      channel: r.channel as View["contacts"][number]["channel"],
      status: r.status,
      finalState: r.finalState,
      topic: r.topic,
      queueId: r.queueId,
      arrivedAt: r.arrivedAt.toISOString(),
      agentId: r.agentId,
      agentName: null,
      wrapUpCode: r.wrapUpCode,
      notes: str(r.data?.wrapUpNotes),
      conversation: written.get(r.id) ?? [],
    })),
    openCases: [
      ...earlier.filter((r) => OPEN_STATUSES.includes(r.status)).map((r) => ({ kind: "contact" as const, id: r.id, at: r.arrivedAt.toISOString(), status: r.status, summary: r.topic ?? r.channel })),
      ...callbacks.map((c) => ({ kind: "callback" as const, id: c.id, at: c.windowFrom.toISOString(), status: c.status, summary: c.phone })),
      ...openMessages.map((m) => ({ kind: "message" as const, id: m.id, at: m.createdAt.toISOString(), status: m.status, summary: m.subject })),
    ],
  };
}

/**
 * Fills in the agents' names. They are the center's (staff rows sit outside a line's scope), so this reads
 * on the owner connection, after the scoped transaction (an embedded database has a single connection).
 */
export async function withAgentNames(owner: Db, view: View): Promise<View> {
  const ids = [...new Set(view.contacts.flatMap((c) => (c.agentId ? [c.agentId] : [])))];
  if (ids.length === 0) return view;
  const names = new Map((await owner.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]));
  return { ...view, contacts: view.contacts.map((c) => ({ ...c, agentName: c.agentId ? (names.get(c.agentId) ?? null) : null })) };
}

import { and, eq, sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { customers, type Db } from "@moked/db";

/** A phone number in E.164, read as Israeli when it has no country code; null when it is not a number. */
export function toE164(raw: string, defaultCountry: "IL" = "IL"): string | null {
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * The customer behind a contact: found by phone or e-mail within the client business, or created. What is
 * new (a second phone, a name) is added, so the customer 360 view sees every channel as one person.
 */
export async function matchCustomer(tx: Db, tenantId: string, who: { phone?: string | null; email?: string | null; name?: string | null }): Promise<string> {
  const phone = who.phone ?? null;
  const email = who.email ? normaliseEmail(who.email) : null;
  const conditions = [
    ...(phone ? [sql`${customers.phones} @> ${JSON.stringify([phone])}::jsonb`] : []),
    ...(email ? [sql`${customers.emails} @> ${JSON.stringify([email])}::jsonb`] : []),
  ];
  if (conditions.length > 0) {
    const [found] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), sql`(${sql.join(conditions, sql` OR `)})`))
      .limit(1);
    if (found) {
      const phones = phone && !found.phones.includes(phone) ? [...found.phones, phone] : found.phones;
      const emails = email && !found.emails.includes(email) ? [...found.emails, email] : found.emails;
      if (phones !== found.phones || emails !== found.emails || (!found.name && who.name)) {
        await tx.update(customers).set({ phones, emails, name: found.name ?? who.name ?? null, updatedAt: new Date() }).where(eq(customers.id, found.id));
      }
      return found.id;
    }
  }
  const [created] = await tx
    .insert(customers)
    .values({ tenantId, name: who.name ?? null, phones: phone ? [phone] : [], emails: email ? [email] : [] })
    .returning({ id: customers.id });
  return created!.id;
}

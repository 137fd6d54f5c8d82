import { and, asc, eq } from "drizzle-orm";
import type { BusinessHoursCalendar, Tenant } from "@moked/contracts";
import { tenantFilter, tenants, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../auth/context";
import { conflict, notFound } from "../core/errors";
import { recordAudit } from "../audit/record";

type TenantRow = typeof tenants.$inferSelect;

/** Language-neutral: weekday numbers (0 = Sunday) and 24-hour times, so every UI language can render it. */
export function hoursSummary(calendar: BusinessHoursCalendar): string {
  if (calendar.alwaysOpen) return "24/7";
  const groups = new Map<string, number[]>();
  for (let day = 0; day < 7; day++) {
    const ranges = calendar.weekly[String(day) as keyof typeof calendar.weekly] ?? [];
    if (ranges.length === 0) continue;
    const key = ranges.map(([a, b]) => `${a}–${b}`).join(", ");
    groups.set(key, [...(groups.get(key) ?? []), day]);
  }
  const parts = [...groups].map(([hours, days]) => {
    const span = days.length > 1 && days[days.length - 1]! - days[0]! === days.length - 1 ? `${days[0]}–${days[days.length - 1]}` : days.join(",");
    return `${span} ${hours}`;
  });
  return parts.join("; ") || "closed";
}

export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    industry: row.industry as Tenant["industry"],
    timeZone: row.timeZone,
    languages: row.languages,
    contactEmails: row.contactEmails,
    calendar: row.calendar,
    alwaysOpen: row.calendar.alwaysOpen,
    hoursSummary: hoursSummary(row.calendar),
    active: row.active,
  };
}

export async function listTenants(db: Db, principal: Principal): Promise<Tenant[]> {
  return withTenantScope(db, principal.scope, async (tx) => {
    const rows = await tx.select().from(tenants).where(tenantFilter(tenants.id, principal.scope)).orderBy(asc(tenants.name));
    return rows.map(toTenant);
  });
}

export async function getTenant(db: Db, principal: Principal, id: string): Promise<Tenant> {
  return withTenantScope(db, principal.scope, async (tx) => {
    const [row] = await tx.select().from(tenants).where(and(eq(tenants.id, id), tenantFilter(tenants.id, principal.scope)));
    if (!row) throw notFound("client line");
    return toTenant(row);
  });
}

export type TenantInput = Omit<typeof tenants.$inferInsert, "id" | "organisationId" | "createdAt" | "updatedAt">;

export async function createTenant(db: Db, principal: Principal, input: TenantInput): Promise<Tenant> {
  return withTenantScope(db, principal.scope, async (tx) => {
    const [clash] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
    if (clash) throw conflict("slug_taken", `A client line with the slug "${input.slug}" already exists`);
    const [row] = await tx.insert(tenants).values({ ...input, organisationId: principal.user.organisationId }).returning();
    await recordAudit(tx, principal, { action: "tenant.created", entity: "tenant", entityId: row!.id, tenantId: row!.id, details: { name: row!.name } });
    return toTenant(row!);
  });
}

export async function updateTenant(db: Db, principal: Principal, id: string, patch: Partial<TenantInput>): Promise<Tenant> {
  return withTenantScope(db, principal.scope, async (tx) => {
    const [row] = await tx
      .update(tenants)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(tenants.id, id), tenantFilter(tenants.id, principal.scope)))
      .returning();
    if (!row) throw notFound("client line");
    await recordAudit(tx, principal, { action: "tenant.updated", entity: "tenant", entityId: id, tenantId: id, details: { fields: Object.keys(patch) } });
    return toTenant(row);
  });
}

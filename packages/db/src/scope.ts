import { inArray, sql, type Column, type SQL } from "drizzle-orm";
import type { Db } from "./client";

/**
 * Which client businesses a request may see. Center staff see every client line; agents the lines they
 * serve; a client_viewer exactly one. Built once per request from the user, never by hand in a query.
 */
export type TenantScope = { kind: "center" } | { kind: "tenants"; tenantIds: readonly string[] };

export const centerScope: TenantScope = { kind: "center" };
export const tenantsScope = (tenantIds: readonly string[]): TenantScope => ({ kind: "tenants", tenantIds });

export function scopeSetting(scope: TenantScope): string {
  return scope.kind === "center" ? "*" : scope.tenantIds.join(",");
}

export function canSeeTenant(scope: TenantScope, tenantId: string | null | undefined): boolean {
  if (scope.kind === "center") return true;
  return tenantId != null && scope.tenantIds.includes(tenantId);
}

/** The first wall: a WHERE condition restricting `column` to the scope's tenants. */
export function tenantFilter(column: Column, scope: TenantScope): SQL | undefined {
  if (scope.kind === "center") return undefined;
  if (scope.tenantIds.length === 0) return sql`false`;
  return inArray(column, [...scope.tenantIds]);
}

/**
 * The second wall: runs `work` in a transaction as the unprivileged role moked_app with the scope set,
 * so PostgreSQL's row-level security hides every other tenant's rows even if a query forgets its filter.
 */
export async function withTenantScope<T>(db: Db, scope: TenantScope, work: (tx: Db) => Promise<T>, config?: { isolationLevel: "read committed" | "repeatable read" }): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('moked.tenant_scope', ${scopeSetting(scope)}, true)`);
    await tx.execute(sql`set local role moked_app`);
    return work(tx as unknown as Db);
  }, config);
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { auditLog, organisations, tenants, centerScope, tenantsScope, withTenantScope } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

const calendar = { alwaysOpen: true, weekly: {}, closedOnShabbatAndHolidays: false, exceptions: {} };

describe("row-level security, the second wall between client businesses", () => {
  let handle: TestDatabase;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [org] = await handle.db.insert(organisations).values({ name: "Center" }).returning();
    const rows = await handle.db
      .insert(tenants)
      .values([
        { organisationId: org!.id, slug: "a", name: "A", calendar },
        { organisationId: org!.id, slug: "b", name: "B", calendar },
      ])
      .returning();
    tenantA = rows[0]!.id;
    tenantB = rows[1]!.id;
    await handle.db.insert(auditLog).values([
      { organisationId: org!.id, tenantId: tenantA, actorName: "x", action: "a", entity: "tenant" },
      { organisationId: org!.id, tenantId: tenantB, actorName: "x", action: "b", entity: "tenant" },
      { organisationId: org!.id, tenantId: null, actorName: "x", action: "center", entity: "user" },
    ]);
  });
  afterAll(() => handle.dispose());

  it("hides other tenants' rows even from a query with no tenant filter", async () => {
    const seen = await withTenantScope(handle.db, tenantsScope([tenantA]), (tx) => tx.select().from(tenants));
    expect(seen.map((t) => t.id)).toEqual([tenantA]);
    const audit = await withTenantScope(handle.db, tenantsScope([tenantA]), (tx) => tx.select().from(auditLog));
    expect(audit.map((a) => a.action)).toEqual(["a"]);
  });

  it("center scope sees every tenant and center-wide audit rows", async () => {
    const seen = await withTenantScope(handle.db, centerScope, (tx) => tx.select().from(tenants));
    expect(seen).toHaveLength(2);
    const audit = await withTenantScope(handle.db, centerScope, (tx) => tx.select().from(auditLog));
    expect(audit.map((a) => a.action).sort()).toEqual(["a", "b", "center"]);
  });

  it("an empty scope sees nothing", async () => {
    const seen = await withTenantScope(handle.db, tenantsScope([]), (tx) => tx.select().from(tenants));
    expect(seen).toEqual([]);
  });

  it("refuses to write a row into another tenant", async () => {
    await expect(
      withTenantScope(handle.db, tenantsScope([tenantA]), (tx) =>
        tx.execute(sql`insert into audit_log (organisation_id, tenant_id, actor_name, action, entity)
          select organisation_id, ${tenantB}, 'x', 'sneak', 'tenant' from tenants limit 1`),
      ),
    ).rejects.toThrow();
  });

  it("the scope ends with the transaction", async () => {
    await withTenantScope(handle.db, tenantsScope([tenantA]), async () => undefined);
    const rows = await handle.db.execute(sql`select current_user as u`);
    const first = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as { u: string };
    expect(first.u).not.toBe("moked_app");
  });
});

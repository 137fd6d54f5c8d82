import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./harness";

// The promise to every client business: it never sees another's data, and roles do only their job.
// Two walls: query filters (tenantFilter) and PostgreSQL row-level security. The suite runs once with both and
// once with RLS switched off, so removing the query filter alone fails it too (RLS alone is proven in packages/db).
describe.each([
  { walls: "query filters and row-level security", disableRls: false },
  { walls: "query filters alone (RLS disabled)", disableRls: true },
])("the walls between client businesses and roles: $walls", ({ disableRls }) => {
  let t: TestApp;
  let viewerTravel: string;
  let viewerBank: string;
  let agent: string;

  beforeAll(async () => {
    t = await startTestApp();
    if (disableRls) {
      await t.db.exec(["tenants", "agent_tenants", "audit_log", "users"].map((x) => `ALTER TABLE ${x} DISABLE ROW LEVEL SECURITY;`).join("\n"));
    }
    viewerTravel = await t.login("viewer.travel@moked.local");
    viewerBank = await t.login("viewer.banking@moked.local");
    agent = await t.login("agent4@moked.local"); // serves bayit-mortgage, kolbo-retail, sky-tours
  });
  afterAll(() => t.close());

  const get = (url: string, cookie: string) => t.app.inject({ method: "GET", url, headers: { cookie } });

  it("a client viewer lists only its own client line", async () => {
    const res = await get("/api/v1/tenants", viewerTravel);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((x: { slug: string }) => x.slug)).toEqual(["sky-tours"]);
  });

  it("a client viewer gets 404 for another business's line, exactly as for an unknown id", async () => {
    const other = await get(`/api/v1/tenants/${t.tenantId("bayit-mortgage")}`, viewerTravel);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe("not_found");
    const unknown = await get("/api/v1/tenants/00000000-0000-4000-8000-000000000000", viewerTravel);
    expect(unknown.statusCode).toBe(404);
    expect(other.json()).toEqual(unknown.json());
    expect((await get(`/api/v1/tenants/${t.tenantId("sky-tours")}`, viewerTravel)).statusCode).toBe(200);
  });

  it("a client viewer reads its own line's audit trail and nothing of the others'", async () => {
    const admin = await t.login("admin@moked.local");
    for (const slug of ["sky-tours", "bayit-mortgage"]) {
      const res = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/tenants/${t.tenantId(slug)}`,
        headers: { cookie: admin },
        payload: { contactEmails: [`ops@${slug}.example`] },
      });
      expect(res.statusCode).toBe(200);
    }
    const travel = (await get("/api/v1/audit", viewerTravel)).json().items as Array<{ tenantId: string | null; action: string }>;
    expect(travel.some((e) => e.action === "tenant.updated")).toBe(true);
    expect(travel.every((e) => e.tenantId === t.tenantId("sky-tours"))).toBe(true);
    const bank = (await get("/api/v1/audit", viewerBank)).json().items as Array<{ tenantId: string | null }>;
    expect(bank.length).toBeGreaterThan(0);
    expect(bank.every((e) => e.tenantId === t.tenantId("bayit-mortgage"))).toBe(true);
    const filtered = await get(`/api/v1/audit?tenantId=${t.tenantId("bayit-mortgage")}`, viewerTravel);
    expect(filtered.json().items).toEqual([]);
  });

  it("a client viewer may not change even its own line's settings", async () => {
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/tenants/${t.tenantId("sky-tours")}`,
      headers: { cookie: viewerTravel },
      payload: { name: "Hijacked" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("forbidden");
  });

  it("an agent sees the lines it serves, and 404 for a line it does not serve", async () => {
    const slugs = (await get("/api/v1/tenants", agent)).json().items.map((x: { slug: string }) => x.slug).sort();
    expect(slugs).toEqual(["bayit-mortgage", "kolbo-retail", "sky-tours"]);
    expect((await get(`/api/v1/tenants/${t.tenantId("106-ir-galim")}`, agent)).statusCode).toBe(404);
  });

  it.each([
    ["GET", "/api/v1/users"],
    ["POST", "/api/v1/users"],
    ["POST", "/api/v1/tenants"],
    ["POST", "/api/v1/teams"],
    ["GET", "/api/v1/audit"],
  ] as const)("an agent gets 403 on the admin route %s %s", async (method, url) => {
    const res = await t.app.inject({ method, url, headers: { cookie: agent }, payload: method === "POST" ? {} : undefined });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("forbidden");
  });

  it("a center manager sees every line", async () => {
    const manager = await t.login("manager@moked.local");
    expect((await get("/api/v1/tenants", manager)).json().items).toHaveLength(6);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../src/seed/demo";
import { startTestApp, type TestApp } from "./harness";

describe("managing users, teams and the lines agents serve", () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login("admin@moked.local");
    manager = await t.login("manager@moked.local");
  });
  afterAll(() => t.close());

  const post = (url: string, cookie: string, payload: object) => t.app.inject({ method: "POST", url, headers: { cookie }, payload });

  it("an admin adds an agent serving two lines; the agent then sees exactly those, and the change is audited", async () => {
    const res = await post("/api/v1/users", admin, {
      email: "New.Agent@moked.local",
      name: "סוכן חדש",
      role: "agent",
      password: "a-long-enough-password",
      languages: ["he", "ti"],
      servesTenantIds: [t.tenantId("sky-tours"), t.tenantId("106-ir-galim")],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ email: "new.agent@moked.local", role: "agent", languages: ["he", "ti"] });
    const cookie = await t.login("new.agent@moked.local", "a-long-enough-password");
    const lines = (await t.app.inject({ method: "GET", url: "/api/v1/tenants", headers: { cookie } })).json().items;
    expect(lines.map((l: { slug: string }) => l.slug).sort()).toEqual(["106-ir-galim", "sky-tours"]);
    const audit = (await t.app.inject({ method: "GET", url: "/api/v1/audit?limit=5", headers: { cookie: admin } })).json().items;
    expect(audit[0]).toMatchObject({ action: "user.created", entityId: res.json().user.id, actorName: expect.stringContaining("דנה") });
  });

  it("a center manager may not create or promote an admin", async () => {
    const res = await post("/api/v1/users", manager, { email: "boss@moked.local", name: "Boss", role: "admin", password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(403);
    const promote = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${t.userId("agent1@moked.local")}`,
      headers: { cookie: manager },
      payload: { role: "admin" },
    });
    expect(promote.statusCode).toBe(403);
  });

  it("a client viewer must be bound to one existing line; staff must not be", async () => {
    const base = { name: "Viewer", role: "client_viewer", password: DEMO_PASSWORD };
    expect((await post("/api/v1/users", admin, { ...base, email: "v1@moked.local" })).json().error.code).toBe("tenant_required");
    const ghost = await post("/api/v1/users", admin, { ...base, email: "v2@moked.local", tenantId: "00000000-0000-4000-8000-000000000000" });
    expect(ghost.json().error.code).toBe("unknown_tenant");
    const staff = await post("/api/v1/users", admin, { ...base, role: "agent", email: "v3@moked.local", tenantId: t.tenantId("sky-tours") });
    expect(staff.json().error.code).toBe("tenant_not_allowed");
  });

  it("an e-mail is taken once, whatever its case", async () => {
    const res = await post("/api/v1/users", admin, { email: "AGENT1@moked.local", name: "Dup", role: "agent", password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("email_taken");
  });

  it("an admin cannot lock themself out", async () => {
    const res = await t.app.inject({ method: "PATCH", url: `/api/v1/users/${t.userId("admin@moked.local")}`, headers: { cookie: admin }, payload: { active: false } });
    expect(res.json().error.code).toBe("self_lockout");
  });

  it("reassigning an agent's lines changes what the agent sees", async () => {
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${t.userId("agent19@moked.local")}`,
      headers: { cookie: admin },
      payload: { servesTenantIds: [t.tenantId("kolbo-retail")] },
    });
    expect(res.statusCode).toBe(200);
    const cookie = await t.login("agent19@moked.local");
    const lines = (await t.app.inject({ method: "GET", url: "/api/v1/tenants", headers: { cookie } })).json().items;
    expect(lines.map((l: { slug: string }) => l.slug)).toEqual(["kolbo-retail"]);
    const agents = (await t.app.inject({ method: "GET", url: `/api/v1/tenants/${t.tenantId("kolbo-retail")}/agents`, headers: { cookie: manager } })).json().items;
    expect(agents.map((a: { id: string }) => a.id)).toContain(t.userId("agent19@moked.local"));
  });

  it("teams are created by admins and listed for staff", async () => {
    const created = await post("/api/v1/teams", admin, { name: "צוות לילה", leaderId: t.userId("lead2@moked.local") });
    expect(created.statusCode).toBe(201);
    const lead = await t.login("lead1@moked.local");
    const teams = (await t.app.inject({ method: "GET", url: "/api/v1/teams", headers: { cookie: lead } })).json().items;
    expect(teams.map((x: { name: string }) => x.name)).toContain("צוות לילה");
  });
});

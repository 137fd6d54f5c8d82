import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify from "fastify";
import { installAccessGuard } from "../src/auth/guard";
import { startTestApp, type TestApp } from "./harness";

describe("API errors are clear and machine-readable", () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login("admin@moked.local");
  });
  afterAll(() => t.close());

  it("malformed JSON is a 400 malformed_json", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/auth/login", headers: { "content-type": "application/json" }, payload: "{nope" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: "malformed_json", message: expect.any(String) } });
  });

  it("missing and wrong fields are a 400 validation_error naming each field", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/tenants",
      headers: { cookie: admin },
      payload: { slug: "Bad Slug!", timeZone: "Mars/Olympus", contactEmails: ["not-an-email"] },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe("validation_error");
    const paths = body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body.slug", "body.name", "body.timeZone", "body.contactEmails.0"]));
  });

  it("no session is a 401, a malformed id a 400, an unknown id a 404, an unknown route a JSON 404", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/v1/tenants" })).json().error.code).toBe("unauthenticated");
    const bad = await t.app.inject({ method: "GET", url: "/api/v1/tenants/not-a-uuid", headers: { cookie: admin } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("params.id");
    const unknown = await t.app.inject({ method: "GET", url: "/api/v1/users/00000000-0000-4000-8000-000000000000", headers: { cookie: admin } });
    expect(unknown.statusCode).toBe(404);
    const route = await t.app.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expect(route.statusCode).toBe(404);
    expect(route.json().error.code).toBe("not_found");
  });

  it("a duplicate is a 409 with its own code", async () => {
    const payload = { slug: "sky-tours", name: "Again" };
    const res = await t.app.inject({ method: "POST", url: "/api/v1/tenants", headers: { cookie: admin }, payload });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("slug_taken");
  });

  it("publishes an OpenAPI document and an interactive reference", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/auth/login", "/api/v1/tenants/{id}", "/api/v1/users", "/api/v1/audit"]));
    expect(doc.paths["/api/v1/auth/login"].post.requestBody.content["application/json"].schema.required).toEqual(["email", "password"]);
    const ui = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers["content-type"]).toContain("text/html");
  });

  it("health and readiness answer without a login", async () => {
    expect((await t.app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await t.app.inject({ method: "GET", url: "/readyz" })).json()).toEqual({ status: "ready" });
  });

  it("refuses to start with an API route that declares no access rule", async () => {
    const app = Fastify();
    installAccessGuard(app, t.db.db);
    expect(() => app.get("/api/v1/forgot-the-guard", async () => "open door")).toThrow(/declares no access rule/);
    expect(() => app.get("/api/v1/guarded", { config: { access: ["admin"] } }, async () => "ok")).not.toThrow();
    await app.close();
  });
});

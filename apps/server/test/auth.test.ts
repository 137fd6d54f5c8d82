import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../src/seed/demo";
import { startTestApp, type TestApp } from "./harness";

describe("logging in and out", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: "3", LOGIN_WINDOW_MINUTES: "15" });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, ip = "10.0.0.1") =>
    t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, remoteAddress: ip });
  const me = (headers: Record<string, string>) => t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers });

  it("a right password returns the user and an HTTP-only session cookie", async () => {
    const res = await login("Admin@Moked.local", DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: "admin@moked.local", role: "admin" });
    expect(res.json().user.passwordHash).toBeUndefined();
    const cookie = res.cookies.find((c) => c.name === "moked_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect((await me({ cookie: `moked_session=${cookie.value}` })).json().user.role).toBe("admin");
  });

  it("a wrong password and an unknown e-mail get the same answer", async () => {
    const wrong = await login("manager@moked.local", "not-the-password", "10.0.0.2");
    const unknown = await login("nobody@moked.local", "not-the-password", "10.0.0.2");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe("invalid_credentials");
  });

  it("locks out an account after repeated failures, even with the right password, and says when to retry", async () => {
    for (let i = 0; i < 3; i++) expect((await login("shift@moked.local", `guess-${i}`, `10.1.0.${i}`)).statusCode).toBe(401);
    const locked = await login("shift@moked.local", DEMO_PASSWORD, "10.1.0.9");
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe("rate_limited");
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    // Other accounts from other addresses are unaffected.
    expect((await login("lead1@moked.local", DEMO_PASSWORD, "10.2.0.1")).statusCode).toBe(200);
  });

  it("logout ends the session", async () => {
    const cookie = await t.login("lead2@moked.local");
    expect((await me({ cookie })).statusCode).toBe(200);
    expect((await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie } })).statusCode).toBe(204);
    const after = await me({ cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe("unauthenticated");
  });

  it("changing the password needs the current one, ends other sessions and keeps this one", async () => {
    const here = await t.login("agent7@moked.local");
    const elsewhere = await t.login("agent7@moked.local");
    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({ method: "POST", url: "/api/v1/auth/password", headers: { cookie: here }, payload: { currentPassword, newPassword } });
    expect((await change("wrong-password", "a-brand-new-secret")).statusCode).toBe(401);
    const short = await change(DEMO_PASSWORD, "short");
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe("body.newPassword");
    expect((await change(DEMO_PASSWORD, "a-brand-new-secret")).statusCode).toBe(204);
    expect((await me({ cookie: here })).statusCode).toBe(200);
    expect((await me({ cookie: elsewhere })).statusCode).toBe(401);
    expect((await login("agent7@moked.local", DEMO_PASSWORD, "10.3.0.1")).statusCode).toBe(401);
    expect((await login("agent7@moked.local", "a-brand-new-secret", "10.3.0.1")).statusCode).toBe(200);
  });

  it("an API token acts as its owner until revoked", async () => {
    const cookie = await t.login("manager@moked.local");
    const created = await t.app.inject({ method: "POST", url: "/api/v1/auth/tokens", headers: { cookie }, payload: { name: "CRM sync" } });
    expect(created.statusCode).toBe(201);
    const { secret, token } = created.json();
    expect(secret).toMatch(/^mkd_/);
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await me(bearer)).json().user.email).toBe("manager@moked.local");
    expect((await t.app.inject({ method: "GET", url: "/api/v1/tenants", headers: bearer })).json().items).toHaveLength(6);
    const listed = await t.app.inject({ method: "GET", url: "/api/v1/auth/tokens", headers: { cookie } });
    expect(listed.json().items.map((x: { id: string }) => x.id)).toContain(token.id);
    expect(JSON.stringify(listed.json())).not.toContain(secret);
    expect((await t.app.inject({ method: "DELETE", url: `/api/v1/auth/tokens/${token.id}`, headers: { cookie } })).statusCode).toBe(204);
    expect((await me(bearer)).statusCode).toBe(401);
    expect((await me({ authorization: "Bearer mkd_forged" })).statusCode).toBe(401);
  });

  it("a deactivated user can no longer log in and loses open sessions", async () => {
    const cookie = await t.login("agent9@moked.local");
    const admin = await t.login("admin@moked.local");
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${t.userId("agent9@moked.local")}`,
      headers: { cookie: admin },
      payload: { active: false },
    });
    expect(res.statusCode).toBe(200);
    expect((await me({ cookie })).statusCode).toBe(401);
    expect((await login("agent9@moked.local", DEMO_PASSWORD, "10.4.0.1")).statusCode).toBe(401);
  });
});

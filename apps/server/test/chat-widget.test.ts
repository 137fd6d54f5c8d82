import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./harness";

describe("a line's chat widget settings", () => {
  let t: TestApp;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ OUTBOX_POLL_MS: "60000" });
  });
  afterAll(() => t.close());

  const as = async (email: string) => {
    if (!cookies.has(email)) cookies.set(email, await t.login(email));
    return cookies.get(email)!;
  };
  const call = async (who: string, method: "GET" | "PUT", url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: { cookie: await as(who) }, ...(payload ? { payload } : {}) });
  const publicLine = async (slug: string) => (await t.app.inject({ method: "GET", url: `/api/v1/public/chat/lines/${slug}` })).json().line;

  it("a manager sets colour, logo, greeting, corner and languages; the widget reads them from the public line", async () => {
    const sky = t.tenantId("sky-tours");
    expect(await publicLine("sky-tours")).toMatchObject({ languages: ["he", "en", "ru"], theme: { color: null, logoUrl: null, greeting: {}, position: "auto" } });
    const before = (await call("manager@moked.local", "GET", `/api/v1/tenants/${sky}/chat-widget`)).json();
    expect(before).toMatchObject({ slug: "sky-tours", lineLanguages: ["he", "en", "ru"], settings: { languages: [] } });

    const settings = { color: "#c2255c", logoUrl: "https://sky.example/logo.png", greeting: { he: "שלום! איך נעזור?", en: "Hello! How can we help?" }, position: "left", languages: ["he", "en"] };
    const put = await call("manager@moked.local", "PUT", `/api/v1/tenants/${sky}/chat-widget`, settings);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().settings).toEqual(settings);
    expect(await publicLine("sky-tours")).toEqual({ name: expect.any(String), open: expect.any(Boolean), languages: ["he", "en"], theme: { color: "#c2255c", logoUrl: "https://sky.example/logo.png", greeting: settings.greeting, position: "left" } });
    // The line's other settings are kept.
    expect((await call("manager@moked.local", "GET", `/api/v1/tenants/${sky}`)).json().tenant.languages).toEqual(expect.arrayContaining(["he", "en", "ru"]));
    // A chat in a language the widget no longer offers is refused, with the ones it does; an offered one starts.
    const start = (language: string) => t.app.inject({ method: "POST", url: "/api/v1/public/chat/sessions", payload: { line: "sky-tours", name: "Olga", language } });
    const refused = await start("ru");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: "unsupported_language", details: [{ path: "language", message: "one of he, en" }] });
    expect((await start("en")).statusCode).toBe(201);
    // A path on the Moked server is a logo too.
    expect((await call("manager@moked.local", "PUT", `/api/v1/tenants/${sky}/chat-widget`, { ...settings, logoUrl: "/logos/sky.svg" })).statusCode).toBe(200);
  });

  it("refuses a bad colour, an http or script logo, an overlong greeting and a language the line does not serve, with reasons", async () => {
    const sky = t.tenantId("sky-tours");
    const put = (body: Record<string, unknown>) => call("admin@moked.local", "PUT", `/api/v1/tenants/${sky}/chat-widget`, body);
    for (const [body, path] of [
      [{ color: "red" }, "color"],
      [{ color: "#12345" }, "color"],
      [{ logoUrl: "http://sky.example/logo.png" }, "logoUrl"],
      [{ logoUrl: "javascript:alert(1)" }, "logoUrl"],
      [{ logoUrl: "//evil.example/x.png" }, "logoUrl"],
      [{ logoUrl: `https://sky.example/${"x".repeat(600)}.png` }, "logoUrl"],
      [{ greeting: { he: "א".repeat(301) } }, "greeting.he"],
      [{ greeting: { fr: "Bonjour" } }, "greeting"],
      [{ position: "top" }, "position"],
    ] as const) {
      const res = await put(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe("validation_error");
      expect(res.json().error.details.map((d: { path: string }) => d.path).join(" ")).toContain(path);
    }
    const foreign = await put({ languages: ["ar"] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe("language_not_served");
  });

  it("is walled: a client sees its own line's widget only, agents and client viewers cannot change it", async () => {
    const sky = t.tenantId("sky-tours");
    const bank = t.tenantId("bayit-mortgage");
    expect((await call("viewer.travel@moked.local", "GET", `/api/v1/tenants/${sky}/chat-widget`)).statusCode).toBe(200);
    const other = await call("viewer.travel@moked.local", "GET", `/api/v1/tenants/${bank}/chat-widget`);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual((await call("viewer.travel@moked.local", "GET", "/api/v1/tenants/00000000-0000-4000-8000-000000000000/chat-widget")).json());
    expect((await call("viewer.travel@moked.local", "PUT", `/api/v1/tenants/${sky}/chat-widget`, { color: "#000000" })).statusCode).toBe(403);
    expect((await call("agent4@moked.local", "GET", `/api/v1/tenants/${sky}/chat-widget`)).statusCode).toBe(403);
    // A line's public look shows nothing of another line's settings.
    expect((await publicLine("bayit-mortgage")).theme).toEqual({ color: null, logoUrl: null, greeting: {}, position: "auto" });
  });
});

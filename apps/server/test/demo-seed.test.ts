import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentTenants, lineKnowledge, organisations, tenants, users } from "@moked/db";
import { seedDemoCenter } from "../src/seed/demo";
import { startTestApp, type TestApp } from "./harness";

describe("the demo center", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("has the six client lines of seed 003, each with its own viewer", async () => {
    const lines = await t.db.db.select().from(tenants);
    expect(lines.map((l) => l.industry).sort()).toEqual(["auto", "banking", "insurance", "municipal", "retail", "travel"]);
    const viewers = (await t.db.db.select().from(users)).filter((u) => u.role === "client_viewer");
    expect(new Set(viewers.map((v) => v.tenantId)).size).toBe(6);
    const bank = lines.find((l) => l.industry === "banking")!;
    expect(bank.contactEmails).toEqual(["service@bayit-bank.example"]);
    expect(bank.calendar.closedOnShabbatAndHolidays).toBe(true);
    expect(lines.find((l) => l.industry === "travel")!.calendar.alwaysOpen).toBe(true);
  });

  it("has about twenty agents speaking Hebrew, Arabic, Russian, English, Amharic and French, each serving a line", async () => {
    const agents = (await t.db.db.select().from(users)).filter((u) => u.role === "agent");
    expect(agents.length).toBeGreaterThanOrEqual(18);
    expect(new Set(agents.flatMap((a) => a.languages))).toEqual(new Set(["he", "ar", "ru", "en", "am", "fr"]));
    const served = new Set((await t.db.db.select().from(agentTenants)).map((a) => a.userId));
    expect(agents.every((a) => served.has(a.id))).toBe(true);
    const roles = new Set((await t.db.db.select().from(users)).map((u) => u.role));
    expect(roles).toEqual(new Set(["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"]));
  });

  it("gives each line a Hebrew greeting naming the agent, a procedure and its callers' frequent questions", async () => {
    const entries = await t.db.db.select().from(lineKnowledge);
    for (const line of await t.db.db.select().from(tenants)) {
      const own = entries.filter((e) => e.tenantId === line.id);
      const greetings = own.filter((e) => e.kind === "greeting");
      expect(greetings).toHaveLength(1);
      expect(greetings[0]!.body).toMatch(/[\u0590-\u05FF]/);
      expect(greetings[0]!.body).toContain("{agent}");
      expect(own.filter((e) => e.kind === "procedure").length).toBeGreaterThanOrEqual(1);
      expect(own.filter((e) => e.kind === "faq").length).toBeGreaterThanOrEqual(2);
      // No wrap-up code list: agents of the demo file their own codes.
      expect(own.some((e) => e.kind === "wrap_up_code")).toBe(false);
    }
    const auto = (await t.db.db.select().from(tenants)).find((l) => l.slug === "galil-motors")!;
    expect(entries.filter((e) => e.tenantId === auto.id).map((e) => e.title)).toContain("שירות גרירה");
  });

  it("seeds once: a second start changes nothing", async () => {
    const before = (await t.db.db.select().from(users)).length;
    expect((await seedDemoCenter(t.db.db)).seeded).toBe(false);
    expect((await t.db.db.select().from(users)).length).toBe(before);
    expect(await t.db.db.select().from(organisations)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { agentWorkRules, tenantsScope } from "@moked/db";
import { withAgentScope } from "../src/wfm/agent-scope";
import { startTestApp, type TestApp } from "./harness";

/** The next local Sunday at least a day away, as YYYY-MM-DD. */
function nextSunday(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

/** Weekday and minute of the day of an instant in Jerusalem. */
function local(iso: string): { weekday: number; minute: number } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Jerusalem", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!), minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

describe("agents set their own availability and preferences; the schedule keeps to the availability", () => {
  let t: TestApp;
  let shift: string;
  let agent5: string;
  let agent6: string;
  beforeAll(async () => {
    t = await startTestApp();
    shift = await t.login("shift@moked.local");
    agent5 = await t.login("agent5@moked.local");
    agent6 = await t.login("agent6@moked.local");
  });
  afterAll(() => t.close());
  const call = (method: "GET" | "POST" | "PUT", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it("an agent reads and sets their own windows and preferences, never their contract hours; the shift manager sees them", async () => {
    const before = (await call("GET", "/api/v1/wfm/my-work-rules", agent5)).json();
    expect(before).toMatchObject({ contractMinutesPerWeek: 2520, availability: [], preferences: {} });
    const morning = (before.templates as Array<{ id: string; name: string }>).find((x) => x.name === "בוקר")!;
    expect(morning).toBeDefined();

    const body = {
      availability: [0, 1].map((weekday) => ({ weekday, fromMinute: 480, toMinute: 960 })),
      preferences: { templateIds: [morning.id], avoidWeekdays: [4] },
      contractMinutesPerWeek: 60,
    };
    const put = await call("PUT", "/api/v1/wfm/my-work-rules", agent5, body);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ contractMinutesPerWeek: 2520, availability: body.availability, preferences: body.preferences });
    const bad = await call("PUT", "/api/v1/wfm/my-work-rules", agent5, { availability: [{ weekday: 2, fromMinute: 600, toMinute: 500 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_error");

    const agents = (await call("GET", "/api/v1/wfm/agents", shift)).json().items as Array<{ email: string; rules: { contractMinutesPerWeek: number; availability: unknown[]; preferences: unknown } }>;
    const mine = agents.find((a) => a.email === "agent5@moked.local")!;
    expect(mine.rules).toMatchObject({ contractMinutesPerWeek: 2520, availability: body.availability, preferences: body.preferences });

    // Another agent sees their own, not agent5's; the roles keep to their routes.
    expect((await call("GET", "/api/v1/wfm/my-work-rules", agent6)).json().availability).toEqual([]);
    expect((await call("PUT", `/api/v1/wfm/agents/${t.userId("agent5@moked.local")}/work-rules`, agent6, { contractMinutesPerWeek: 0 })).statusCode).toBe(403);
    expect((await call("GET", "/api/v1/wfm/my-work-rules", shift)).statusCode).toBe(403);
  });

  it("an agent's own edit is in the audit log for the center, with the agent as actor, and not in a client line's", async () => {
    const agent7 = await t.login("agent7@moked.local");
    const body = { availability: [{ weekday: 3, fromMinute: 540, toMinute: 1020 }], preferences: { avoidWeekdays: [5] } };
    expect((await call("PUT", "/api/v1/wfm/my-work-rules", agent7, body)).statusCode).toBe(200);
    const manager = await t.login("manager@moked.local");
    const items = (await call("GET", "/api/v1/audit?limit=50", manager)).json().items as Array<{ action: string; entityId: string; actorName: string; tenantId: string | null; details: unknown }>;
    const entry = items.find((i) => i.action === "work_rules.self_updated" && i.entityId === t.userId("agent7@moked.local"));
    expect(entry).toMatchObject({ tenantId: null, details: body });
    expect(entry!.actorName).toBeTruthy();
    // A client line's viewer sees only its own line's changes: a person's work rules are not among them.
    const viewer = await t.login("viewer.auto@moked.local");
    const theirs = (await call("GET", "/api/v1/audit?limit=200", viewer)).json().items as Array<{ action: string }>;
    expect(theirs.some((i) => i.action === "work_rules.self_updated")).toBe(false);
    // A refused edit leaves no record.
    const count = items.filter((i) => i.action === "work_rules.self_updated").length;
    expect((await call("PUT", "/api/v1/wfm/my-work-rules", agent7, { availability: [{ weekday: 2, fromMinute: 600, toMinute: 500 }] })).statusCode).toBe(400);
    const after = (await call("GET", "/api/v1/audit?limit=50", manager)).json().items as Array<{ action: string }>;
    expect(after.filter((i) => i.action === "work_rules.self_updated").length).toBe(count);
  });

  it("row-level security alone: an agent's scope reads and changes only their own work rules", async () => {
    const a5 = t.userId("agent5@moked.local");
    const a6 = t.userId("agent6@moked.local");
    const scope = tenantsScope([t.tenantId("sky-tours")]);
    const seen = await withAgentScope(t.db.db, scope, a6, (tx) => tx.select({ userId: agentWorkRules.userId }).from(agentWorkRules));
    expect(seen.map((r) => r.userId)).not.toContain(a5);
    const changed = await withAgentScope(t.db.db, scope, a6, (tx) => tx.execute(sql`update agent_work_rules set contract_minutes_per_week = 0 where user_id = ${a5} returning user_id`));
    expect(rowsOf(changed)).toHaveLength(0);
    // Nor can it write a row for someone else.
    const org = await orgOf(t);
    await expect(withAgentScope(t.db.db, scope, a6, (tx) => tx.insert(agentWorkRules).values({ userId: t.userId("agent7@moked.local"), organisationId: org }))).rejects.toThrow();
  });

  it("a schedule built afterwards puts the agent only inside their windows", async () => {
    // 8 agents on the phones 07:00–21:00 every day: more than the others can cover alone.
    const required = Array.from({ length: 336 }, (_, i) => ((i % 48) * 30 >= 420 && (i % 48) * 30 < 1260 ? 8 : 0));
    const res = await call("POST", "/api/v1/wfm/schedules", shift, { weekStart: nextSunday(), intervalMinutes: 30, required, timeLimitSeconds: 10 });
    expect(res.statusCode, res.body).toBe(201);
    const a5 = t.userId("agent5@moked.local");
    const theirs = (res.json().shifts as Array<{ agentId: string | null; startsAt: string; endsAt: string }>).filter((s) => s.agentId === a5);
    expect(theirs.length).toBeGreaterThan(0);
    for (const s of theirs) {
      const from = local(s.startsAt);
      const to = local(s.endsAt);
      expect([0, 1]).toContain(from.weekday);
      expect(from.minute).toBeGreaterThanOrEqual(480);
      expect(to.minute === 0 ? 1440 : to.minute).toBeLessThanOrEqual(960);
    }
  }, 120_000);
});

async function orgOf(t: TestApp): Promise<string> {
  const rows = rowsOf(await t.db.db.execute(sql`select organisation_id from users limit 1`)) as Array<{ organisation_id: string }>;
  return rows[0]!.organisation_id;
}

/** The rows of a raw query, whichever driver answered. */
function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
}

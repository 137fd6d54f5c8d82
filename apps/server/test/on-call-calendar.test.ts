import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./harness";

/** The municipal line's roster seen as a week in Israel's time zone, with Yom Kippur and Sukkot on it. */
describe("the on-call roster as a calendar", () => {
  let t: TestApp;
  let manager: string;
  let city: string;
  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login("manager@moked.local");
    city = t.tenantId("106-ir-galim");
    const res = await call("PUT", `/api/v1/tenants/${city}/on-call`, manager, {
      members: [
        { id: "roads", name: "אבי", email: "roads@galim.example" },
        { id: "water", name: "דנה", email: "water@galim.example" },
        { id: "duty", name: "קצין תורן", phone: "+97248000000" },
      ],
      rotationStart: "2026-09-01",
      handoverWeekday: 0,
      handoverTime: "08:00",
      holidayMemberId: "duty",
      escalation: ["water"],
    });
    expect(res.statusCode).toBe(200);
  });
  afterAll(() => t.close());

  it("shows who is on call through the week: the Sunday handover, Yom Kippur and Shabbat-Sukkot to the holiday person", async () => {
    const week = (await call("GET", `/api/v1/tenants/${city}/on-call/week?start=2026-09-20`, manager)).json();
    expect(week.timeZone).toBe("Asia/Jerusalem");
    expect(week.days.map((d: { date: string }) => d.date)).toEqual(["2026-09-20", "2026-09-21", "2026-09-22", "2026-09-23", "2026-09-24", "2026-09-25", "2026-09-26"]);
    const [sunday, yomKippur, , , , , saturday] = week.days;
    // Handover at 08:00 local on Sunday, from one week's person to the next.
    expect(sunday.segments.map((s: { startMinute: number; endMinute: number; memberId: string }) => [s.startMinute, s.endMinute, s.memberId])).toEqual([
      [0, 480, "water"],
      [480, 1440, "duty"],
    ]);
    expect(sunday.segments[1].from).toBe("2026-09-20T05:00:00.000Z"); // 08:00 in Israel's summer time
    expect(yomKippur).toMatchObject({ restDay: true, shabbat: false, holidays: [{ en: "Yom Kippur", he: "יום כיפור" }] });
    expect(yomKippur.segments).toMatchObject([{ startMinute: 0, endMinute: 1440, memberId: "duty", source: "holiday" }]);
    expect(saturday).toMatchObject({ restDay: true, shabbat: true, holidays: [{ en: "Sukkot I" }] });
  });

  it("edits overrides in the line's local time, and dispatch follows the same calendar", async () => {
    const bad = await call("POST", `/api/v1/tenants/${city}/on-call/overrides`, manager, { from: "2026-09-23T18:00", to: "2026-09-23T17:00", memberId: "roads" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_span");
    expect((await call("POST", `/api/v1/tenants/${city}/on-call/overrides`, manager, { from: "2026-09-23T18:00", to: "2026-09-24T06:00", memberId: "ghost" })).json().error.code).toBe("unknown_member");

    const added = await call("POST", `/api/v1/tenants/${city}/on-call/overrides`, manager, { from: "2026-09-23T18:00", to: "2026-09-24T06:00", memberId: "roads" });
    expect(added.statusCode).toBe(200);
    expect(added.json().overrides).toEqual([{ from: "2026-09-23T15:00:00.000Z", to: "2026-09-24T03:00:00.000Z", memberId: "roads" }]);
    const week = (await call("GET", `/api/v1/tenants/${city}/on-call/week?start=2026-09-20`, manager)).json();
    const seg = (d: { segments: Array<{ startMinute: number; endMinute: number; memberId: string; source: string }> }) => d.segments.map((s) => `${s.startMinute}-${s.endMinute} ${s.memberId} ${s.source}`);
    expect(seg(week.days[3])).toEqual(["0-1080 duty rotation", "1080-1440 roads override"]);
    expect(seg(week.days[4])).toEqual(["0-360 roads override", "360-1440 duty rotation"]);
    expect(week.overrides).toEqual([{ from: "2026-09-23T15:00:00.000Z", to: "2026-09-24T03:00:00.000Z", memberId: "roads", memberName: "אבי" }]);
    const now = (await call("GET", `/api/v1/tenants/${city}/on-call/now?at=${encodeURIComponent("2026-09-23T20:00:00+03:00")}`, manager)).json();
    expect(now.onCall.id).toBe("roads");

    const removed = await call("DELETE", `/api/v1/tenants/${city}/on-call/overrides?from=${encodeURIComponent("2026-09-23T15:00:00.000Z")}&memberId=roads`, manager);
    expect(removed.json().overrides).toEqual([]);
    expect((await call("DELETE", `/api/v1/tenants/${city}/on-call/overrides?from=${encodeURIComponent("2026-09-23T15:00:00.000Z")}&memberId=roads`, manager)).statusCode).toBe(404);
  });

  it("lets the line's own viewer see the calendar but not change it, and hides it from other businesses", async () => {
    const own = await t.login("viewer.municipal@moked.local");
    expect((await call("GET", `/api/v1/tenants/${city}/on-call/week?start=2026-09-20`, own)).statusCode).toBe(200);
    expect((await call("POST", `/api/v1/tenants/${city}/on-call/overrides`, own, { from: "2026-09-23T18:00", to: "2026-09-24T06:00", memberId: "roads" })).statusCode).toBe(403);
    const other = await t.login("viewer.travel@moked.local");
    expect((await call("GET", `/api/v1/tenants/${city}/on-call/week`, other)).statusCode).toBe(404);
    expect((await call("GET", `/api/v1/tenants/${city}/on-call`, other)).statusCode).toBe(404);
  });
});

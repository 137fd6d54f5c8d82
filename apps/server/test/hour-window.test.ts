import { describe, expect, it } from "vitest";
import { inHourWindow } from "../src/message-center/hour-window";
import { ruleMatches } from "../src/message-center/service";

// Expectations worked out by hand on Israel's clock (UTC+2 in winter, UTC+3 in summer).
const TZ = "Asia/Jerusalem";
const at = (iso: string) => new Date(iso).getTime();

describe("a forwarding rule's hour window, on the line's wall clock", () => {
  const nights = { from: "22:00", to: "06:00" };

  it("covers a plain daytime window from its start up to (not including) its end", () => {
    const day = { from: "08:00", to: "17:00" };
    expect(inHourWindow(day, at("2026-01-13T05:59:00Z"), TZ)).toBe(false); // Tue 07:59 local
    expect(inHourWindow(day, at("2026-01-13T06:00:00Z"), TZ)).toBe(true); // 08:00
    expect(inHourWindow(day, at("2026-01-13T14:59:00Z"), TZ)).toBe(true); // 16:59
    expect(inHourWindow(day, at("2026-01-13T15:00:00Z"), TZ)).toBe(false); // 17:00
  });

  it("crosses midnight: 22:00–06:00 covers late evening and early morning, not the day", () => {
    expect(inHourWindow(nights, at("2026-01-13T19:59:00Z"), TZ)).toBe(false); // 21:59
    expect(inHourWindow(nights, at("2026-01-13T20:00:00Z"), TZ)).toBe(true); // 22:00
    expect(inHourWindow(nights, at("2026-01-13T22:30:00Z"), TZ)).toBe(true); // 00:30 next day
    expect(inHourWindow(nights, at("2026-01-14T03:59:00Z"), TZ)).toBe(true); // 05:59
    expect(inHourWindow(nights, at("2026-01-14T04:00:00Z"), TZ)).toBe(false); // 06:00
    expect(inHourWindow(nights, at("2026-01-14T10:00:00Z"), TZ)).toBe(false); // noon
  });

  it("counts the small hours after midnight as part of the night that began the evening before", () => {
    const fridayNight = { ...nights, weekdays: [5] };
    expect(inHourWindow(fridayNight, at("2026-01-16T21:00:00Z"), TZ)).toBe(true); // Fri 23:00
    expect(inHourWindow(fridayNight, at("2026-01-17T01:00:00Z"), TZ)).toBe(true); // Sat 03:00, Friday's night
    expect(inHourWindow(fridayNight, at("2026-01-16T01:00:00Z"), TZ)).toBe(false); // Fri 03:00, Thursday's night
    expect(inHourWindow(fridayNight, at("2026-01-17T21:00:00Z"), TZ)).toBe(false); // Sat 23:00
    // Sunday's night runs into Monday: the weekday wraps from 0 back to Saturday (6) correctly.
    const saturdayNight = { ...nights, weekdays: [6] };
    expect(inHourWindow(saturdayNight, at("2026-01-18T01:00:00Z"), TZ)).toBe(true); // Sun 03:00, Saturday's night
    expect(inHourWindow(saturdayNight, at("2026-01-19T01:00:00Z"), TZ)).toBe(false); // Mon 03:00, Sunday's night
  });

  it("follows the clock across the spring DST change (Friday 27 March 2026, 02:00 → 03:00)", () => {
    // 03:30 UTC is 06:30 on the new summer clock: the night is over, though it would be 05:30 on winter time.
    expect(inHourWindow(nights, at("2026-03-27T03:30:00Z"), TZ)).toBe(false);
    // 02:30 UTC is 05:30 summer time: still night.
    expect(inHourWindow(nights, at("2026-03-27T02:30:00Z"), TZ)).toBe(true);
    // An evening window on the first summer evening starts at 22:00 local = 19:00 UTC, an hour earlier in UTC.
    expect(inHourWindow(nights, at("2026-03-27T19:00:00Z"), TZ)).toBe(true);
    expect(inHourWindow(nights, at("2026-03-26T19:00:00Z"), TZ)).toBe(false); // 21:00 winter time the night before
  });

  it("follows the clock across the autumn DST change (Sunday 25 October 2026, 02:00 → 01:00)", () => {
    const small = { from: "01:00", to: "02:00" };
    // 01:30 happens twice that night; both are in the window, and 02:30 (after the change) is not.
    expect(inHourWindow(small, at("2026-10-24T22:30:00Z"), TZ)).toBe(true); // 01:30 summer time
    expect(inHourWindow(small, at("2026-10-24T23:30:00Z"), TZ)).toBe(true); // 01:30 winter time
    expect(inHourWindow(small, at("2026-10-25T00:30:00Z"), TZ)).toBe(false); // 02:30 winter time
  });

  it("reads the window in the line's own zone, not the server's", () => {
    expect(inHourWindow(nights, at("2026-01-13T21:00:00Z"), "Asia/Jerusalem")).toBe(true); // 23:00 in Israel
    expect(inHourWindow(nights, at("2026-01-13T21:00:00Z"), "America/New_York")).toBe(false); // 16:00 in New York
  });

  it("joins the rule's other conditions: category, urgency, open or closed", () => {
    const rule = { channel: "sms" as const, to: "+972501234567", urgency: ["urgent" as const], hours: nights };
    const night = at("2026-01-13T22:30:00Z");
    const noon = at("2026-01-14T10:00:00Z");
    expect(ruleMatches(rule, { urgency: "urgent" }, false, night, TZ)).toBe(true);
    expect(ruleMatches(rule, { urgency: "normal" }, false, night, TZ)).toBe(false);
    expect(ruleMatches(rule, { urgency: "urgent" }, false, noon, TZ)).toBe(false);
    expect(ruleMatches({ ...rule, hours: undefined }, { urgency: "urgent" }, false, noon, TZ)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "@moked/contracts";
import { intervalLabel, isoWithOffset, periodRange, slColor } from "../src/modules/reports/period";

describe("report periods", () => {
  const now = new Date(2026, 10, 25, 14, 30);

  it("are whole local days with the UTC offset", () => {
    const today = periodRange("today", now);
    expect(today.from).toMatch(/^2026-11-25T00:00:00[+-]\d{2}:\d{2}$/);
    expect(today.to).toMatch(/^2026-11-26T00:00:00[+-]\d{2}:\d{2}$/);
    expect(periodRange("yesterday", now).from.slice(0, 10)).toBe("2026-11-24");
    expect(periodRange("yesterday", now).to.slice(0, 10)).toBe("2026-11-25");
    expect(periodRange("last7", now).from.slice(0, 10)).toBe("2026-11-19");
    expect(Date.parse(today.to) - Date.parse(today.from)).toBeGreaterThanOrEqual(23 * 3600_000);
  });

  it("keep the instant", () => {
    const d = new Date(2026, 2, 27, 3, 15, 7);
    expect(Date.parse(isoWithOffset(d))).toBe(d.getTime());
  });

  it("label intervals by the line's wall clock", () => {
    expect(intervalLabel("2026-11-25T08:30:00+02:00", false)).toBe("08:30");
    expect(intervalLabel("2026-11-25T08:30:00+02:00", true)).toBe("25/11 08:30");
    expect(intervalLabel("total", false)).toBe("total");
  });

  it("colour the service level against 80%", () => {
    expect(slColor(0.85)).toBe("green");
    expect(slColor(0.75)).toBe("yellow");
    expect(slColor(0.5)).toBe("red");
    expect(slColor(null)).toBeUndefined();
  });
});

describe("CSV export", () => {
  it("quotes separators and defuses formulas", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    for (const lead of ["+", "-", "@", "\t"]) expect(csvCell(`${lead}1`)).toBe(`'${lead}1`);
    expect(csvCell("\rx")).toBe(`"'\rx"`); // defused, then quoted for its line break
    expect(csvCell(-5)).toBe("-5"); // a number is not text a customer typed
    expect(csvCell(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(csvCell(null)).toBe("");
    expect(toCsv([["x", 1], ["שלום", true]])).toBe("\uFEFFx,1\r\nשלום,true\r\n");
  });
});

import { describe, expect, it } from "vitest";
import { localTime } from "@moked/routing";
import { backtest, dayKind, forecastAccuracy, forecastContacts, israeliSpecialDays, poisson, seededRng, wape, type HistoryPoint } from "../src/index";

const TZ = "Asia/Jerusalem";
const QUARTER = 15 * 60_000;
// Sunday 14 June 2026, 00:00 in Israel (UTC+3 in summer).
const HISTORY_START = Date.UTC(2026, 5, 13, 21);
const WEEK = 672;

/**
 * The known truth: an intraday bell between 07:00 and 22:00 over a night floor, Sunday to Thursday full,
 * Friday a half day, Saturday a fifth; a yom tov like a Saturday and its eve like a Friday; a slow additive
 * upward trend (the model is additive Holt–Winters, so the test gives it a truth of its own form). Counts are Poisson around it, so the best any forecast can do is the Poisson noise itself.
 */
function truth(start: number): number {
  const t = localTime(start, TZ);
  const hour = t.minutes / 60;
  const kind = dayKind(t.date).kind;
  const weekday = kind === "yom_tov" ? 6 : kind === "erev" && t.weekday < 5 ? 5 : t.weekday;
  const intraday = hour >= 7 && hour < 22 ? 0.1 + Math.sin((Math.PI * (hour - 7)) / 15) : 0.1;
  const day = weekday === 6 ? 0.2 : weekday === 5 ? (hour < 14 ? 0.8 : 0.15) : 1;
  const weeks = (start - HISTORY_START) / (7 * 86_400_000);
  return 60 * intraday * day + 0.25 * weeks;
}

function series(weeks: number, seed: number): HistoryPoint[] {
  const rng = seededRng(seed);
  return Array.from({ length: weeks * WEEK }, (_, i) => {
    const start = HISTORY_START + i * QUARTER;
    return { start, count: poisson(rng, truth(start)), handleSeconds: 200 + (i % 96 < 48 ? 20 : 0) };
  });
}

/** E|X − μ| for Poisson X ≈ √(2μ/π) (normal approximation): the WAPE even a perfect forecast would show. */
function noiseFloor(points: readonly HistoryPoint[]): number {
  let err = 0;
  let sum = 0;
  for (const p of points) {
    const mu = truth(p.start);
    err += Math.sqrt((2 * mu) / Math.PI);
    sum += mu;
  }
  return err / sum;
}

describe("Israeli special days from hebcal", () => {
  it("finds Yom Kippur 2026 on Monday 21 September and its eve the day before", () => {
    expect(dayKind("2026-09-21")).toEqual({ kind: "yom_tov", name: "Yom Kippur" });
    expect(dayKind("2026-09-20").kind).toBe("erev");
    expect(dayKind("2026-09-22").kind).toBe("regular");
    const days = israeliSpecialDays(Date.UTC(2026, 8, 1), Date.UTC(2026, 9, 10), TZ);
    expect(days.filter((d) => d.kind === "yom_tov").map((d) => d.date)).toEqual(["2026-09-12", "2026-09-13", "2026-09-21", "2026-09-26", "2026-10-03"]);
    // Hoshana Raba, the eve of Shmini Atzeret, counts as an eve although hebcal does not flag it so.
    expect(days.find((d) => d.date === "2026-10-02")?.kind).toBe("erev");
  });
});

describe("Holt–Winters forecast on synthetic data with a known pattern", () => {
  // 14 weeks to Sunday 20 September: Rosh Hashana II falls on a Sunday in the history. The two held-out
  // weeks hold Erev Yom Kippur (Sunday), Yom Kippur (Monday), Erev Sukkot (Friday) Sukkot (Saturday) and ordinary Chol HaMoed days.
  const history = series(16, 42);
  const train = history.slice(0, 14 * WEEK);
  const actual = history.slice(14 * WEEK);

  it("recovers the pattern: held-out WAPE near the Poisson noise floor, and close to the truth", () => {
    const { forecast, accuracy } = backtest(history, { holdoutWeeks: 2 });
    const floor = noiseFloor(actual);
    // The seasonal indexes are averages of ~14 weekly observations, adding about 1/14 of the noise
    // variance: WAPE ≈ floor·√(1 + 1/14) ≈ 1.04·floor, plus smoothing lag. 1.15·floor leaves room for
    // that and nothing more; a forecast missing the weekly shape or the holidays lands far above it.
    expect(accuracy.intervalWape).toBeLessThan(1.15 * floor);
    const vsTruth = wape(
      actual.map((p) => truth(p.start)),
      forecast.points.map((p) => p.count),
    );
    // Against the truth the error is the seasonal indexes' own noise, ≈ floor/√14 ≈ 0.04 here.
    expect(vsTruth).toBeLessThan(0.05);
    // Daily totals (≈ 3,000 contacts on a weekday) average out the interval noise.
    expect(accuracy.dailyWape).toBeLessThan(0.035);
    expect(accuracy.days).toHaveLength(14);
  });

  it("forecasts Yom Kippur like a Saturday, and its eve like a Friday; without holidays it would not", () => {
    const withHolidays = forecastContacts(train, { horizon: 2 * WEEK });
    const without = forecastContacts(train, { horizon: 2 * WEEK, holidays: false });
    const dayTotal = (pts: { start: number; count: number }[], date: string) => pts.filter((p) => localTime(p.start, TZ).date === date).reduce((s, p) => s + p.count, 0);
    const trueYk = actual.filter((p) => localTime(p.start, TZ).date === "2026-09-21").reduce((s, p) => s + truth(p.start), 0);
    const ykPoint = withHolidays.points.find((p) => localTime(p.start, TZ).date === "2026-09-21")!;
    expect(ykPoint.dayKind).toBe("yom_tov");
    expect(ykPoint.holiday).toBe("Yom Kippur");
    expect(Math.abs(dayTotal(withHolidays.points, "2026-09-21") / trueYk - 1)).toBeLessThan(0.1);
    expect(dayTotal(without.points, "2026-09-21")).toBeGreaterThan(3 * trueYk);
    const trueErev = actual.filter((p) => localTime(p.start, TZ).date === "2026-09-20").reduce((s, p) => s + truth(p.start), 0);
    expect(Math.abs(dayTotal(withHolidays.points, "2026-09-20") / trueErev - 1)).toBeLessThan(0.1);
    // Rosh Hashana II in the history did not drag Sundays down: Sunday 27 September is a full day again.
    const sunday = actual.filter((p) => localTime(p.start, TZ).date === "2026-09-27");
    const trueSunday = sunday.reduce((s, p) => s + truth(p.start), 0);
    expect(Math.abs(dayTotal(withHolidays.points, "2026-09-27") / trueSunday - 1)).toBeLessThan(0.06);
    expect(without.fitRmse).toBeGreaterThan(withHolidays.fitRmse);
  });

  it("applies manual adjustments to exactly the intervals in range, and forecasts handling time", () => {
    const from = actual[100]!.start;
    const to = actual[140]!.start;
    const base = forecastContacts(train, { horizon: 200, params: { alpha: 0.1, beta: 0, gamma: 0.1 } });
    const adjusted = forecastContacts(train, { horizon: 200, params: { alpha: 0.1, beta: 0, gamma: 0.1 }, adjustments: [{ from, to, factor: 1.25, reason: "campaign" }] });
    adjusted.points.forEach((p, i) => {
      const inRange = i >= 100 && i < 140;
      expect(p.factor).toBe(inRange ? 1.25 : 1);
      expect(p.count).toBeCloseTo(base.points[i]!.count * (inRange ? 1.25 : 1), 9);
    });
    expect(base.points[10]!.handleSeconds).toBeCloseTo(220, 6);
    expect(base.points[60]!.handleSeconds).toBeCloseTo(200, 6);
  });

  it("rejects histories with gaps or too short to fit", () => {
    expect(() => forecastContacts(train.slice(0, WEEK), { horizon: 10 })).toThrow(RangeError);
    expect(() => forecastContacts([...train.slice(0, 5), ...train.slice(6)], { horizon: 10 })).toThrow(RangeError);
    expect(() => forecastAccuracy(actual, [])).toThrow(RangeError);
  });
});

/**
 * Contact-volume forecasting: additive Holt–Winters with a weekly cycle, fitted by grid search, with
 * Israeli yom tov and eves handled as special days and manual adjustments on top. Also the accuracy
 * figures a planner checks a forecast by: WAPE per interval and per day on held-out weeks.
 */
import { localSlot, type DayKind } from "./calendar";
import { DEFAULT_GRID, fitHoltWinters, fitHoltWintersGrid, holtWintersAt, type HoltWintersParams } from "./holt-winters";

export interface HistoryPoint {
  /** Epoch ms of the interval's start. */
  start: number;
  count: number;
  /** Average handling time of the interval's contacts, if known. */
  handleSeconds?: number;
}

/** A planner's correction: the forecast of intervals starting in [from, to) is multiplied by `factor`. */
export interface Adjustment {
  from: number;
  to: number;
  factor: number;
  reason?: string;
}

export interface ForecastOptions {
  /** Intervals to forecast after the history. */
  horizon: number;
  /** Default Asia/Jerusalem: the zone whose civil dates decide holidays and weekdays. */
  timeZone?: string;
  /** Treat yom tov as Saturday and its eve as Friday (default true). */
  holidays?: boolean;
  adjustments?: Adjustment[];
  /** Fixed smoothing parameters instead of the grid search. */
  params?: HoltWintersParams;
  grid?: { alpha: number[]; beta: number[]; gamma: number[] };
}

export interface ForecastPoint {
  start: number;
  count: number;
  /** Volume-weighted historical AHT at the same point of the week (null without handle data). */
  handleSeconds: number | null;
  dayKind: DayKind;
  holiday: string | null;
  /** Product of the adjustments applied (1 when none). */
  factor: number;
}

export interface ForecastResult {
  points: ForecastPoint[];
  params: HoltWintersParams;
  /** One-step-ahead RMSE of the fit, in contacts per interval. */
  fitRmse: number;
  intervalSeconds: number;
  seasonLength: number;
}

const WEEK_SECONDS = 7 * 86_400;

function intervalOf(history: readonly HistoryPoint[]): number {
  if (history.length < 2) throw new RangeError("a forecast needs a history of at least two intervals");
  const step = history[1]!.start - history[0]!.start;
  if (!(step > 0) || (WEEK_SECONDS * 1000) % step !== 0) throw new RangeError("the interval length must divide a week");
  for (let i = 1; i < history.length; i++) {
    if (history[i]!.start - history[i - 1]!.start !== step) throw new RangeError(`history must be gap-free at a fixed interval; broken at index ${i}`);
  }
  return step / 1000;
}

/**
 * How many days to shift an interval to find its stand-in: a yom tov reads Saturday's seasonal index, an
 * eve Friday's (days already of that kind keep their own). Whole days keep the time of day, so the shift
 * works however the history is aligned to local midnight.
 */
function standInShift(kind: DayKind, weekday: number): number {
  if (kind === "yom_tov") return 6 - weekday;
  if (kind === "erev" && weekday < 5) return 5 - weekday;
  return 0;
}

/** Forecasts the `horizon` intervals after the history. */
export function forecastContacts(history: readonly HistoryPoint[], options: ForecastOptions): ForecastResult {
  const intervalSeconds = intervalOf(history);
  const m = WEEK_SECONDS / intervalSeconds;
  const perDay = 86_400 / intervalSeconds;
  const tz = options.timeZone ?? "Asia/Jerusalem";
  const useHolidays = options.holidays ?? true;
  const y = Float64Array.from(history, (p) => p.count);
  const skip = new Uint8Array(history.length);
  if (useHolidays) {
    history.forEach((p, t) => {
      const slot = localSlot(p.start, tz);
      if (standInShift(slot.kind, slot.weekday) !== 0) skip[t] = 1;
    });
  }
  const fit = options.params ? fitHoltWinters(y, m, options.params, skip) : fitHoltWintersGrid(y, m, skip, options.grid ?? DEFAULT_GRID);
  const aht = handleProfile(history, m, skip);
  const first = history[0]!.start;
  const points: ForecastPoint[] = [];
  for (let h = 0; h < options.horizon; h++) {
    const t = history.length + h;
    const start = first + t * intervalSeconds * 1000;
    const slot = localSlot(start, tz);
    const shift = useHolidays ? standInShift(slot.kind, slot.weekday) : 0;
    const index = t + shift * perDay;
    let factor = 1;
    for (const a of options.adjustments ?? []) if (start >= a.from && start < a.to) factor *= a.factor;
    points.push({
      start,
      count: Math.max(0, holtWintersAt(fit.state, t, index)) * factor,
      handleSeconds: aht ? (aht.byIndex[index % m] ?? aht.overall) : null,
      dayKind: slot.kind,
      holiday: slot.name,
      factor,
    });
  }
  return { points, params: fit.params, fitRmse: fit.rmse, intervalSeconds, seasonLength: m };
}

/** Volume-weighted AHT per point of the week, from the regular days of the history. */
function handleProfile(history: readonly HistoryPoint[], m: number, skip: Uint8Array): { byIndex: Array<number | null>; overall: number } | null {
  const sum = new Float64Array(m);
  const weight = new Float64Array(m);
  let total = 0;
  let totalWeight = 0;
  history.forEach((p, t) => {
    if (p.handleSeconds === undefined || skip[t] || !(p.count > 0)) return;
    sum[t % m] = sum[t % m]! + p.handleSeconds * p.count;
    weight[t % m] = weight[t % m]! + p.count;
    total += p.handleSeconds * p.count;
    totalWeight += p.count;
  });
  if (totalWeight === 0) return null;
  return { byIndex: Array.from(sum, (s, i) => (weight[i]! > 0 ? s / weight[i]! : null)), overall: total / totalWeight };
}

/** Weighted absolute percentage error: Σ|actual − forecast| / Σ actual. */
export function wape(actual: readonly number[], forecast: readonly number[]): number {
  if (actual.length !== forecast.length) throw new RangeError("actual and forecast differ in length");
  let err = 0;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    err += Math.abs(actual[i]! - forecast[i]!);
    sum += actual[i]!;
  }
  return sum > 0 ? err / sum : err > 0 ? Infinity : 0;
}

export interface ForecastAccuracy {
  /** WAPE over the matched intervals. */
  intervalWape: number;
  /** WAPE of daily totals (local dates): errors within a day partly cancel, as they do for a roster. */
  dailyWape: number;
  days: Array<{ date: string; actual: number; forecast: number; wape: number }>;
}

/** Accuracy of a forecast against what happened, matched by interval start. */
export function forecastAccuracy(actual: readonly HistoryPoint[], forecast: ReadonlyArray<{ start: number; count: number }>, timeZone = "Asia/Jerusalem"): ForecastAccuracy {
  const byStart = new Map(forecast.map((p) => [p.start, p.count]));
  const a: number[] = [];
  const f: number[] = [];
  const days = new Map<string, { actual: number; forecast: number; err: number }>();
  for (const p of actual) {
    const fc = byStart.get(p.start);
    if (fc === undefined) continue;
    a.push(p.count);
    f.push(fc);
    const date = localSlot(p.start, timeZone).date;
    const d = days.get(date) ?? { actual: 0, forecast: 0, err: 0 };
    d.actual += p.count;
    d.forecast += fc;
    d.err += Math.abs(p.count - fc);
    days.set(date, d);
  }
  if (a.length === 0) throw new RangeError("no forecast interval matches the actuals");
  const list = [...days].map(([date, d]) => ({ date, actual: d.actual, forecast: d.forecast, wape: d.actual > 0 ? d.err / d.actual : 0 }));
  return {
    intervalWape: wape(a, f),
    dailyWape: wape(
      list.map((d) => d.actual),
      list.map((d) => d.forecast),
    ),
    days: list,
  };
}

/** Holds out the last `holdoutWeeks` weeks, forecasts them from the rest and reports the accuracy. */
export function backtest(history: readonly HistoryPoint[], options: Omit<ForecastOptions, "horizon"> & { holdoutWeeks?: number }): { forecast: ForecastResult; accuracy: ForecastAccuracy } {
  const intervalSeconds = intervalOf(history);
  const horizon = (options.holdoutWeeks ?? 1) * (WEEK_SECONDS / intervalSeconds);
  if (history.length - horizon < 2 * (WEEK_SECONDS / intervalSeconds)) throw new RangeError("too little history left to fit after holding out");
  const train = history.slice(0, history.length - horizon);
  const test = history.slice(history.length - horizon);
  const forecast = forecastContacts(train, { ...options, horizon });
  return { forecast, accuracy: forecastAccuracy(test, forecast.points, options.timeZone) };
}

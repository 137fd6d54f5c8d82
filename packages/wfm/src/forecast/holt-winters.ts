/**
 * Additive Holt–Winters (level, trend, one seasonal cycle): the textbook recursions (Holt 1957, Winters
 * 1960; Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", §8.3):
 *   level    L_t = α (y_t − S_{t−m}) + (1 − α)(L_{t−1} + T_{t−1})
 *   trend    T_t = β (L_t − L_{t−1}) + (1 − β) T_{t−1}
 *   season   S_t = γ (y_t − L_t) + (1 − γ) S_{t−m}
 *   forecast ŷ_{t+h} = L_t + h·T_t + S_{t+h−m(k+1)}
 * Points flagged `skip` (holidays in the history) are treated as missing: the level coasts along its trend
 * and the seasonal index is left alone, so one yom tov on a Monday does not teach the model that Mondays
 * are quiet.
 */

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersState {
  level: number;
  trend: number;
  season: Float64Array;
  /** Points consumed; the next forecast is for index `length`. */
  length: number;
}

export interface HoltWintersFit {
  params: HoltWintersParams;
  state: HoltWintersState;
  /** Root mean squared one-step-ahead error over the points after the first cycle. */
  rmse: number;
}

/**
 * Starting values from every complete cycle of the history, not just the first: with a weekly cycle of 672
 * quarter-hours each index is seen only once a week, and one noisy week would otherwise set it.
 */
function initialState(y: Float64Array, m: number, skip: Uint8Array): HoltWintersState {
  const cycles = Math.floor(y.length / m);
  const means: number[] = [];
  for (let c = 0; c < cycles; c++) {
    let sum = 0;
    let n = 0;
    for (let i = c * m; i < (c + 1) * m; i++) {
      if (skip[i]) continue;
      sum += y[i]!;
      n++;
    }
    means.push(n > 0 ? sum / n : (means[c - 1] ?? 0));
  }
  const season = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    let n = 0;
    for (let c = 0; c < cycles; c++) {
      const t = c * m + i;
      if (skip[t]) continue;
      sum += y[t]! - means[c]!;
      n++;
    }
    season[i] = n > 0 ? sum / n : 0;
  }
  const trend = cycles >= 2 ? (means[cycles - 1]! - means[0]!) / ((cycles - 1) * m) : 0;
  return { level: means[0]! - trend * (m / 2), trend, season, length: 0 };
}

/** Runs the recursions over `y` with fixed parameters. */
export function fitHoltWinters(y: Float64Array, m: number, params: HoltWintersParams, skip: Uint8Array = new Uint8Array(y.length)): HoltWintersFit {
  if (y.length < 2 * m) throw new RangeError(`Holt–Winters needs at least two seasonal cycles (${2 * m} points), got ${y.length}`);
  const { alpha, beta, gamma } = params;
  const s = initialState(y, m, skip);
  const season = s.season;
  let level = s.level;
  let trend = s.trend;
  let sse = 0;
  let count = 0;
  for (let t = 0; t < y.length; t++) {
    const i = t % m;
    if (skip[t]) {
      level += trend;
      continue;
    }
    const obs = y[t]!;
    const predicted = level + trend + season[i]!;
    if (t >= m) {
      sse += (obs - predicted) ** 2;
      count++;
    }
    const next = alpha * (obs - season[i]!) + (1 - alpha) * (level + trend);
    trend = beta * (next - level) + (1 - beta) * trend;
    level = next;
    season[i] = gamma * (obs - level) + (1 - gamma) * season[i]!;
  }
  return { params, state: { level, trend, season, length: y.length }, rmse: Math.sqrt(sse / Math.max(1, count)) };
}

export const DEFAULT_GRID = {
  alpha: [0.01, 0.03, 0.1, 0.2, 0.4],
  beta: [0, 0.001, 0.01],
  gamma: [0, 0.05, 0.1, 0.2, 0.4],
};

/** Fits every grid combination and keeps the one with the smallest one-step-ahead squared error. */
export function fitHoltWintersGrid(y: Float64Array, m: number, skip?: Uint8Array, grid = DEFAULT_GRID): HoltWintersFit {
  let best: HoltWintersFit | null = null;
  for (const alpha of grid.alpha) {
    for (const beta of grid.beta) {
      for (const gamma of grid.gamma) {
        const fit = fitHoltWinters(y, m, { alpha, beta, gamma }, skip);
        if (!best || fit.rmse < best.rmse) best = fit;
      }
    }
  }
  if (!best) throw new RangeError("the parameter grid is empty");
  return best;
}

/** The forecast for absolute index t ≥ state.length, reading the seasonal index `seasonIndex` (t itself, or a special day's stand-in). */
export function holtWintersAt(state: HoltWintersState, t: number, seasonIndex: number): number {
  const h = t - state.length + 1;
  const m = state.season.length;
  return state.level + h * state.trend + state.season[((seasonIndex % m) + m) % m]!;
}

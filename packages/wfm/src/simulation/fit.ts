/**
 * Handling time and patience fitted to a queue's history, as distributions the simulator can draw from
 * (plain data, so a scenario crosses a worker thread's boundary).
 *
 * - Handling time: lognormal by maximum likelihood — μ and σ are the mean and standard deviation of the
 *   logarithms of the handled contacts' durations. Contact-center talk times are right-skewed; an
 *   exponential with the same mean overstates both very short and very long calls.
 * - Patience: exponential, fitted from abandons with censoring. A caller who was answered after waiting w
 *   had patience of at least w (censored); one who hung up after w had patience w. The maximum-likelihood
 *   mean is the total waiting time of all callers divided by the number who abandoned.
 */
import type { Rng } from "../random";

export type Distribution = { kind: "exponential"; meanSeconds: number } | { kind: "lognormal"; mu: number; sigma: number };

/** Mean of a fitted distribution in seconds. */
export function distributionMean(d: Distribution): number {
  return d.kind === "exponential" ? d.meanSeconds : Math.exp(d.mu + (d.sigma * d.sigma) / 2);
}

/** Lognormal from the sums the database gives: count, Σ ln x and Σ (ln x)². Null with fewer than 2 samples. */
export function fitLognormal(n: number, sumLog: number, sumLogSquares: number): Distribution | null {
  if (!(n >= 2)) return null;
  const mu = sumLog / n;
  const variance = Math.max(0, sumLogSquares / n - mu * mu);
  return { kind: "lognormal", mu, sigma: Math.sqrt(variance) };
}

/** Lognormal from durations in seconds (non-positive ones skipped). */
export function fitLognormalSamples(seconds: readonly number[]): Distribution | null {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (const x of seconds) {
    if (!(x > 0)) continue;
    const l = Math.log(x);
    n++;
    s += l;
    s2 += l * l;
  }
  return fitLognormal(n, s, s2);
}

/** Exponential patience from abandons, answered waits censoring it. Null when nobody abandoned (patience unknown, not infinite). */
export function fitPatience(abandons: number, totalWaitSeconds: number): Distribution | null {
  if (!(abandons >= 1) || !(totalWaitSeconds > 0)) return null;
  return { kind: "exponential", meanSeconds: totalWaitSeconds / abandons };
}

/** One draw in seconds. */
export function draw(d: Distribution, rng: Rng): number {
  if (d.kind === "exponential") return -Math.log(1 - rng()) * d.meanSeconds;
  // Box–Muller; 1 − u keeps the logarithm finite.
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.exp(d.mu + d.sigma * z);
}

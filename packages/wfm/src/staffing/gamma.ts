/* eslint-disable no-loss-of-precision -- published Lanczos coefficients, kept digit for digit as printed */
/**
 * Log-gamma and the regularised lower incomplete gamma function, written here because Erlang A needs
 * γ(x, y) for x = nμ/θ in the thousands or millions, where textbook forms overflow. Everything is
 * returned in log space so that ratios of tiny values stay finite.
 *
 * Source: Press et al., Numerical Recipes (3rd ed.), §6.1–6.2 (Lanczos log-gamma, series for
 * z < a + 1, Lentz continued fraction for the upper function otherwise).
 */

const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
  0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3,
  -0.210264441724104883e-3, 0.217439618115212643e-3, -0.164318106536763890e-3, 0.844182239838527433e-4,
  -0.261908384015814087e-4, 0.368991826595316234e-5,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 607/128; relative error < 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  let y = x;
  const tmp = x + 5.2421875;
  const t = (x + 0.5) * Math.log(tmp) - tmp;
  let ser = 0.999999999999997092;
  for (const c of LANCZOS) ser += c / ++y;
  return t + Math.log((2.5066282746310005 * ser) / x);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 100_000;

/** ln of Σ_{k≥0} z^k / (a(a+1)…(a+k)) · a, i.e. the series part of γ(a, z) = e^{-z} z^a / a · S. */
function logSeries(a: number, z: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1;
    term *= z / ap;
    sum += term;
    if (term < sum * EPS) break;
  }
  return Math.log(sum);
}

/** ln of the continued fraction in Γ(a, z) = e^{-z} z^a · CF (modified Lentz). */
function logContinuedFraction(a: number, z: number): number {
  let b = z + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.log(h);
}

/** ln γ(a, z), the (unregularised) lower incomplete gamma ∫_0^z t^{a-1} e^{-t} dt. */
export function logLowerGamma(a: number, z: number): number {
  if (!(a > 0)) throw new RangeError(`logLowerGamma needs a > 0, got ${a}`);
  if (z <= 0) return -Infinity;
  const logPrefix = a * Math.log(z) - z;
  if (z < a + 1) return logPrefix + logSeries(a, z);
  // Upper part is the small one here; γ = Γ(a)·(1 − Q) with Q ≤ ~0.5, so no cancellation.
  const lg = logGamma(a);
  const q = Math.exp(logPrefix + logContinuedFraction(a, z) - lg);
  return lg + Math.log1p(-q);
}

/** Regularised lower incomplete gamma P(a, z) = γ(a, z) / Γ(a). */
export function regularizedLowerGamma(a: number, z: number): number {
  if (z <= 0) return 0;
  return Math.exp(logLowerGamma(a, z) - logGamma(a));
}

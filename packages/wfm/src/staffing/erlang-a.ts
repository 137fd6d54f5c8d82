/**
 * Erlang A (M/M/n+M): Erlang C plus exponentially distributed customer patience with mean 1/θ, so
 * callers abandon. Always stable, even with fewer agents than the offered load.
 *
 * Source: A. Mandelbaum & S. Zeltyn, "The M/M/n+G queue: summary of performance measures" (Technion,
 * 2005), exponential-patience case; O. Garnett, A. Mandelbaum & M. Reiman, "Designing a call center with
 * impatient customers", MSOM 4(3), 2002. With λ arrival rate, μ = 1/AHT, x = nμ/θ, y = λ/θ,
 * γ(x, y) the lower incomplete gamma function and A(x, y) = x·e^y·y^{−x}·γ(x, y):
 *   P(W > 0)            = A·E_{1,n} / (1 + (A − 1)·E_{1,n}),  E_{1,n} = Erlang B(n, λ/μ)
 *   P(Ab | W > 0)       = 1 − γ(x+1, y) / (y·γ(x, y))          (= 1/(ρA) + 1 − 1/ρ, ρ = λ/(nμ))
 *   P(V > t | W > 0)    = γ(x, y·e^{−θt}) / γ(x, y)            (V = offered wait, Baccelli–Hébuterne density)
 *   P(served, W ≤ t)    = 1 − P(W>0) + P(W>0)·[γ(x+1, y) − γ(x+1, y·e^{−θt})] / (y·γ(x, y))
 *   E[W] (all contacts) = P(Ab) / θ                              (Little's law on the abandoning flow)
 *   E[W; served]        = P(W>0) / (θ·y·γ(x,y)) · ∫_0^∞ γ(x+1, y·e^{−v}) dv
 * All incomplete gammas are evaluated in log space (see gamma.ts), so n in the thousands is fine.
 *
 * P(Ab | W>0) and the served-only ASA are not taken from those closed forms. Both rest on logs of
 * magnitude ~x·ln y, so with long patience (x ~ 1e7) they carry ~1e-8 of noise: that swamps a tiny
 * abandonment rate, and it sat above the tolerance of the adaptive quadrature once used for the ASA
 * integral, which then recursed without end (the hang this replaced). Both are summed exactly over
 * queue states instead (see queueSums); the tests check the sum against the integral and a direct
 * birth–death solution.
 */
import { logLowerGamma } from "./gamma";
import { erlangB, offeredLoad, validateTarget, type StaffingTarget, type Traffic } from "./erlang-c";

export interface ErlangAResult {
  agents: number;
  erlangs: number;
  probabilityOfWaiting: number;
  /** Fraction of all offered contacts that abandon. */
  abandonRate: number;
  /** Fraction of all offered contacts answered within the threshold (abandons count as misses). */
  serviceLevel: number | null;
  /** Mean wait of answered contacts, the figure an ACD reports as ASA. */
  asaSeconds: number;
  /** Mean wait over all offered contacts, abandoned ones included (time to answer or to hang up). */
  meanWaitSeconds: number;
  /** Fraction of agent time busy: λ·(1 − P(Ab))·AHT / n. */
  occupancy: number;
}

interface Params {
  n: number;
  erlangs: number;
  x: number;
  y: number;
  theta: number;
  pWait: number;
}

function params(agents: number, t: Traffic, patienceSeconds: number, b?: number): Params {
  const erlangs = offeredLoad(t);
  const theta = 1 / patienceSeconds;
  const lambda = t.volume / t.intervalSeconds;
  const x = (agents / t.ahtSeconds) / theta;
  const y = lambda / theta;
  const logGammaXY = logLowerGamma(x, y);
  const logA = Math.log(x) + y - x * Math.log(y) + logGammaXY;
  const blocking = b ?? erlangB(agents, erlangs);
  // P(W>0) = 1 / (1 + (1/B − 1)/A), in logs because A can be astronomically large or B vanish.
  const logR = Math.log1p(-blocking) - Math.log(blocking) - logA;
  const pWait = logR > 700 ? 0 : 1 / (1 + Math.exp(logR));
  return { n: agents, erlangs, x, y, theta, pWait };
}

function answeredWithin(p: Params, servedGivenWait: number, thresholdSeconds: number): number {
  const z = p.y * Math.exp(-p.theta * thresholdSeconds);
  const base = logLowerGamma(p.x + 1, p.y);
  const tail = logLowerGamma(p.x + 1, z);
  // γ(x+1, y)/(y·γ(x, y)) is P(served | W>0); the state sum has it without the cancellation.
  return 1 - p.pWait + p.pWait * servedGivenWait * -Math.expm1(tail - base);
}

/**
 * P(Ab | W>0) and E[W; served | W>0]. The closed forms 1 − γ(x+1,y)/(y·γ(x,y)) and the ASA integral
 * cancel catastrophically when patience is long (both γ are ~e^{x ln y}), so these are summed over
 * queue states instead. A contact that finds j others queued moves up through j+1 phases; with m
 * ahead it advances at rate nμ + mθ while its own patience runs at rate θ. Holding times of competing
 * exponentials do not depend on which event wins, and the win probabilities telescope, so
 *   P(served | j) = x / (x+j+1),   E[W; served | j] = P(served | j) · Σ_{i=1}^{j+1} 1/(θ(x+i)).
 * By PASTA the queue it finds has weights t_j ∝ y^j / ((x+1)…(x+j)), which are log-concave in j, so
 * the sum starts at the mode and walks outward until the terms stop mattering: O(√y) terms even in
 * heavy overload, no overflow because t is measured relative to the mode.
 */
function queueSums(x: number, y: number, theta: number): { abandonGivenWait: number; servedWaitGivenWait: number } {
  const mode = Math.max(0, Math.floor(y - x));
  const hMode = harmonicShifted(x, mode + 1);
  let served = 0;
  let num = 0;
  let den = 0;
  let t = 1;
  let h = hMode;
  for (let j = mode; ; j++) {
    served += (t * x) / (x + j + 1);
    num += ((t * x) / (x + j + 1)) * h;
    den += t;
    t *= y / (x + j + 1);
    h += 1 / (x + j + 2);
    if (t < den * 1e-17) break;
    if (j - mode > MAX_STATES) throw new Error("Erlang A state sum did not converge");
  }
  t = 1;
  h = hMode;
  for (let j = mode - 1; j >= 0; j--) {
    t *= (x + j + 1) / y;
    h -= 1 / (x + j + 2);
    served += (t * x) / (x + j + 1);
    num += ((t * x) / (x + j + 1)) * h;
    den += t;
    if (t < den * 1e-17) break;
  }
  return { abandonGivenWait: 1 - served / den, servedWaitGivenWait: num / den / theta };
}

// Terms fall like exp(−k²/2y) beyond the mode, so even y = 1e10 needs well under this many.
const MAX_STATES = 50_000_000;

/** Σ_{i=1}^{k} 1/(x+i), directly when short, as ψ(x+k+1) − ψ(x+1) when the mode is far out. */
function harmonicShifted(x: number, k: number): number {
  if (k <= 100_000) {
    let sum = 0;
    for (let i = k; i >= 1; i--) sum += 1 / (x + i);
    return sum;
  }
  return digamma(x + k + 1) - digamma(x + 1);
}

/** ψ(z) for z > 0: shift to z ≥ 10, then the asymptotic series (error < 1e-15 there). */
function digamma(z: number): number {
  let shift = 0;
  while (z < 10) {
    shift -= 1 / z;
    z += 1;
  }
  const r = 1 / (z * z);
  return shift + Math.log(z) - 0.5 / z - r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r / 240)));
}

function evaluate(p: Params, thresholdSeconds: number | undefined): ErlangAResult {
  const q = queueSums(p.x, p.y, p.theta);
  const abandonRate = p.pWait * q.abandonGivenWait;
  const served = 1 - abandonRate;
  return {
    agents: p.n,
    erlangs: p.erlangs,
    probabilityOfWaiting: p.pWait,
    abandonRate,
    serviceLevel: thresholdSeconds === undefined ? null : answeredWithin(p, 1 - q.abandonGivenWait, thresholdSeconds),
    asaSeconds: (p.pWait * q.servedWaitGivenWait) / served,
    meanWaitSeconds: abandonRate / p.theta,
    occupancy: p.n > 0 ? (p.erlangs * served) / p.n : 0,
  };
}

/** All Erlang A measures for n agents. `patienceSeconds` is the callers' mean patience. */
export function erlangA(agents: number, t: Traffic, patienceSeconds: number, thresholdSeconds?: number): ErlangAResult {
  if (!(patienceSeconds > 0)) throw new RangeError("patienceSeconds must be positive");
  if (!(agents >= 0) || !Number.isInteger(agents)) throw new RangeError("agents must be a non-negative integer");
  const erlangs = offeredLoad(t);
  if (erlangs <= 0) {
    return { agents, erlangs: 0, probabilityOfWaiting: 0, abandonRate: 0, serviceLevel: thresholdSeconds === undefined ? null : 1, asaSeconds: 0, meanWaitSeconds: 0, occupancy: 0 };
  }
  if (agents === 0) {
    return { agents: 0, erlangs, probabilityOfWaiting: 1, abandonRate: 1, serviceLevel: thresholdSeconds === undefined ? null : 0, asaSeconds: NaN, meanWaitSeconds: patienceSeconds, occupancy: 0 };
  }
  return evaluate(params(agents, t, patienceSeconds), thresholdSeconds);
}

export interface ErlangATarget extends StaffingTarget {
  /** Upper bound on the fraction of offered contacts that abandon, e.g. 0.05. */
  maxAbandonRate?: number;
}

function meets(r: ErlangAResult, target: ErlangATarget): boolean {
  if (target.serviceLevel && (r.serviceLevel ?? 0) < target.serviceLevel.fraction) return false;
  if (target.maxAsaSeconds !== undefined && !(r.asaSeconds <= target.maxAsaSeconds)) return false;
  if (target.maxOccupancy !== undefined && r.occupancy > target.maxOccupancy) return false;
  if (target.maxAbandonRate !== undefined && r.abandonRate > target.maxAbandonRate) return false;
  return true;
}

/**
 * Fewest agents meeting `target` under Erlang A. Every measure improves with n, so a galloping
 * then binary search from the offered load needs only a few evaluations of the incomplete gammas.
 */
export function requiredAgentsErlangA(t: Traffic, target: ErlangATarget, patienceSeconds: number): ErlangAResult {
  validateTarget(target);
  if (target.maxAbandonRate !== undefined && !(target.maxAbandonRate > 0)) throw new RangeError("maxAbandonRate must be > 0");
  const threshold = target.serviceLevel?.thresholdSeconds;
  const erlangs = offeredLoad(t);
  if (erlangs <= 0) return erlangA(0, t, patienceSeconds, threshold);
  const test = (n: number) => erlangA(n, t, patienceSeconds, threshold);
  // Every measure tends to perfect as n → ∞, so this bound is only reached through a numerical fault;
  // failing loudly beats doubling forever.
  const ceiling = 64 * Math.ceil(erlangs + 10 * Math.sqrt(erlangs) + 100);
  // The answer lies within a few agents of the offered load, so gallop away from it in steps of 1, 2,
  // 4 … to bracket it (lo fails, hi meets), then bisect: a handful of evaluations instead of O(log n).
  const guess = Math.max(1, Math.ceil(erlangs));
  let hi = guess;
  let hiResult = test(hi);
  let lo: number;
  if (meets(hiResult, target)) {
    lo = 0;
    for (let step = 1; hi - step >= 1; step *= 2) {
      const r = test(hi - step);
      if (!meets(r, target)) {
        lo = hi - step;
        break;
      }
      hi -= step;
      hiResult = r;
    }
  } else {
    lo = hi;
    for (let step = 1; ; step *= 2) {
      if (lo + step > ceiling) throw new Error(`no staffing up to ${ceiling} agents meets the target`);
      const r = test(lo + step);
      if (meets(r, target)) {
        hi = lo + step;
        hiResult = r;
        break;
      }
      lo += step;
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const r = test(mid);
    if (meets(r, target)) {
      hi = mid;
      hiResult = r;
    } else lo = mid;
  }
  return hiResult;
}

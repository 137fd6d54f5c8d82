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
 *   E[W; served]        = P(W>0) / (θ·y·γ(x,y)) · ∫_0^∞ γ(x+1, y·e^{−v}) dv   (integrated numerically)
 * All incomplete gammas are evaluated in log space (see gamma.ts), so n in the thousands is fine.
 */
import { logLowerGamma } from "./gamma";
import { adaptiveSimpson } from "./integrate";
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
  logGammaXY: number;
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
  return { n: agents, erlangs, x, y, theta, logGammaXY, pWait };
}

function abandonGivenWait(p: Params): number {
  return Math.max(0, 1 - Math.exp(logLowerGamma(p.x + 1, p.y) - Math.log(p.y) - p.logGammaXY));
}

function answeredWithin(p: Params, thresholdSeconds: number): number {
  const z = p.y * Math.exp(-p.theta * thresholdSeconds);
  const base = logLowerGamma(p.x + 1, p.y);
  const tail = logLowerGamma(p.x + 1, z);
  const servedWithin = Math.exp(base - Math.log(p.y) - p.logGammaXY) * -Math.expm1(tail - base);
  return 1 - p.pWait + p.pWait * servedWithin;
}

function servedWaitMass(p: Params): number {
  // g(v) = γ(x+1, y·e^{−v}) / γ(x, y) falls from its plateau to 0; find where it is negligible first.
  const g = (v: number) => Math.exp(logLowerGamma(p.x + 1, p.y * Math.exp(-v)) - p.logGammaXY);
  const g0 = g(0);
  if (g0 === 0) return 0;
  let end = 1e-9;
  while (end < 200 && g(end) > g0 * 1e-13) end *= 2;
  const integral = adaptiveSimpson(g, 0, end, g0 * end * 1e-10);
  return (p.pWait / (p.theta * p.y)) * integral;
}

function evaluate(p: Params, thresholdSeconds: number | undefined, withAsa: boolean): ErlangAResult {
  const abandonRate = p.pWait * abandonGivenWait(p);
  const served = 1 - abandonRate;
  return {
    agents: p.n,
    erlangs: p.erlangs,
    probabilityOfWaiting: p.pWait,
    abandonRate,
    serviceLevel: thresholdSeconds === undefined ? null : answeredWithin(p, thresholdSeconds),
    asaSeconds: withAsa && served > 0 ? servedWaitMass(p) / served : NaN,
    meanWaitSeconds: abandonRate / p.theta,
    occupancy: p.n > 0 ? (p.erlangs * served) / p.n : 0,
  };
}

/** All Erlang A measures for n agents. `patienceSeconds` is the callers' mean patience. */
export function erlangA(agents: number, t: Traffic, patienceSeconds: number, thresholdSeconds?: number): ErlangAResult {
  if (!(patienceSeconds > 0)) throw new RangeError("patienceSeconds must be positive");
  const erlangs = offeredLoad(t);
  if (erlangs <= 0) {
    return { agents, erlangs: 0, probabilityOfWaiting: 0, abandonRate: 0, serviceLevel: thresholdSeconds === undefined ? null : 1, asaSeconds: 0, meanWaitSeconds: 0, occupancy: 0 };
  }
  if (agents <= 0) {
    return { agents: 0, erlangs, probabilityOfWaiting: 1, abandonRate: 1, serviceLevel: thresholdSeconds === undefined ? null : 0, asaSeconds: NaN, meanWaitSeconds: patienceSeconds, occupancy: 0 };
  }
  return evaluate(params(agents, t, patienceSeconds), thresholdSeconds, true);
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
 * Fewest agents meeting `target` under Erlang A. Every measure improves with n, so an exponential
 * then binary search needs only O(log n) evaluations of the incomplete gammas.
 */
export function requiredAgentsErlangA(t: Traffic, target: ErlangATarget, patienceSeconds: number): ErlangAResult {
  validateTarget(target);
  if (target.maxAbandonRate !== undefined && !(target.maxAbandonRate > 0)) throw new RangeError("maxAbandonRate must be > 0");
  if (offeredLoad(t) <= 0) return erlangA(0, t, patienceSeconds, target.serviceLevel?.thresholdSeconds);
  const threshold = target.serviceLevel?.thresholdSeconds;
  const test = (n: number) => erlangA(n, t, patienceSeconds, threshold);
  let hi = Math.max(1, Math.ceil(offeredLoad(t)));
  let hiResult = test(hi);
  while (!meets(hiResult, target)) {
    hi *= 2;
    hiResult = test(hi);
  }
  let lo = 0;
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

/**
 * Erlang C (M/M/n): Poisson arrivals, exponential handling times, n agents, infinite patience.
 *
 * Formulas (Erlang 1917; any queueing text, e.g. Gans, Koole & Mandelbaum, "Telephone call centers:
 * tutorial, review and research prospects", MSOM 2003, §4.1), with A = λ·AHT offered load in Erlangs:
 *   Erlang B by recursion   B(0) = 1,  B(k) = A·B(k−1) / (k + A·B(k−1))
 *                           (the same as 1/B(k) = 1 + k/(A·B(k−1)); no factorials, no powers, so it
 *                           is stable for thousands of agents)
 *   P(wait > 0)             C = n·B / (n − A·(1 − B))                       for n > A, else 1
 *   service level           SL(t) = 1 − C·exp(−(n − A)·t / AHT)
 *   average speed of answer ASA = C·AHT / (n − A)
 *   occupancy               ρ = A / n
 */

export interface Traffic {
  /** Contacts arriving in the interval. */
  volume: number;
  /** Average handling time (talk + hold + wrap-up) in seconds. */
  ahtSeconds: number;
  /** Interval length in seconds (900 for 15 minutes). */
  intervalSeconds: number;
}

/** Offered load A = λ · AHT in Erlangs. */
export function offeredLoad(t: Traffic): number {
  // Non-finite or negative traffic would send the staffing searches on an endless walk.
  if (!(t.intervalSeconds > 0 && Number.isFinite(t.intervalSeconds))) throw new RangeError("intervalSeconds must be positive and finite");
  if (!(t.volume >= 0 && Number.isFinite(t.volume))) throw new RangeError("volume must be a finite number ≥ 0");
  if (!(t.ahtSeconds >= 0 && Number.isFinite(t.ahtSeconds))) throw new RangeError("ahtSeconds must be a finite number ≥ 0");
  return (t.volume * t.ahtSeconds) / t.intervalSeconds;
}

/** Erlang B blocking probability for n servers and load A (recursive, stable). */
export function erlangB(agents: number, erlangs: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  return b;
}

/** Erlang C from Erlang B for the same n and A. */
export function erlangCFromB(agents: number, erlangs: number, b: number): number {
  if (agents <= erlangs) return 1;
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** Probability that a contact waits at all (Erlang C). 1 when the queue is unstable (n ≤ A). */
export function probabilityOfWaiting(agents: number, erlangs: number): number {
  return erlangCFromB(agents, erlangs, erlangB(agents, erlangs));
}

function slFromC(c: number, agents: number, erlangs: number, ahtSeconds: number, thresholdSeconds: number): number {
  if (agents <= erlangs) return 0;
  return Math.max(0, 1 - c * Math.exp((-(agents - erlangs) * thresholdSeconds) / ahtSeconds));
}

function asaFromC(c: number, agents: number, erlangs: number, ahtSeconds: number): number {
  if (agents <= erlangs) return Infinity;
  return (c * ahtSeconds) / (agents - erlangs);
}

/** Fraction of contacts answered within `thresholdSeconds`. */
export function serviceLevel(agents: number, t: Traffic, thresholdSeconds: number): number {
  const a = offeredLoad(t);
  return slFromC(probabilityOfWaiting(agents, a), agents, a, t.ahtSeconds, thresholdSeconds);
}

/** Average speed of answer in seconds (mean wait over all contacts). Infinity when n ≤ A. */
export function averageSpeedOfAnswer(agents: number, t: Traffic): number {
  const a = offeredLoad(t);
  return asaFromC(probabilityOfWaiting(agents, a), agents, a, t.ahtSeconds);
}

/** Agent occupancy A / n (can exceed 1 when understaffed: the queue then grows without bound). */
export function occupancy(agents: number, t: Traffic): number {
  return agents > 0 ? offeredLoad(t) / agents : Infinity;
}

/** A staffing goal; every given criterion must hold. */
export interface StaffingTarget {
  /** e.g. 80/20: { fraction: 0.8, thresholdSeconds: 20 }. */
  serviceLevel?: { fraction: number; thresholdSeconds: number };
  /** Upper bound on average speed of answer, seconds. */
  maxAsaSeconds?: number;
  /** Upper bound on occupancy, e.g. 0.85, to keep agents from burning out. */
  maxOccupancy?: number;
}

export interface ErlangCResult {
  agents: number;
  erlangs: number;
  probabilityOfWaiting: number;
  serviceLevel: number | null;
  asaSeconds: number;
  occupancy: number;
}

/**
 * Fewest agents meeting every criterion of `target` under Erlang C. Walks n upward from ⌈A⌉ carrying
 * the Erlang B recursion along, so the whole search costs O(n) even for thousands of agents.
 */
export function requiredAgentsErlangC(t: Traffic, target: StaffingTarget): ErlangCResult {
  validateTarget(target);
  const a = offeredLoad(t);
  if (a <= 0 || t.volume <= 0) {
    return { agents: 0, erlangs: 0, probabilityOfWaiting: 0, serviceLevel: target.serviceLevel ? 1 : null, asaSeconds: 0, occupancy: 0 };
  }
  let b = 1;
  let n = 0;
  const minByOccupancy = target.maxOccupancy ? Math.ceil(a / target.maxOccupancy - 1e-9) : 0;
  // Square-root staffing needs about A + 3√A; a walk far past that means a numerical fault, and a
  // thrown error is easier to find than a hung request.
  const ceiling = Math.max(minByOccupancy, 64 * Math.ceil(a + 10 * Math.sqrt(a) + 100));
  for (;;) {
    n++;
    if (n > ceiling) throw new Error(`no staffing up to ${ceiling} agents meets the target`);
    b = (a * b) / (n + a * b);
    if (n <= a || n < minByOccupancy) continue;
    const c = erlangCFromB(n, a, b);
    const sl = target.serviceLevel ? slFromC(c, n, a, t.ahtSeconds, target.serviceLevel.thresholdSeconds) : null;
    const asa = asaFromC(c, n, a, t.ahtSeconds);
    if (sl !== null && target.serviceLevel && sl < target.serviceLevel.fraction) continue;
    if (target.maxAsaSeconds !== undefined && asa > target.maxAsaSeconds) continue;
    return { agents: n, erlangs: a, probabilityOfWaiting: c, serviceLevel: sl, asaSeconds: asa, occupancy: a / n };
  }
}

/** Rejects goals no finite staffing can meet, which would otherwise make the searches loop forever. */
export function validateTarget(target: StaffingTarget): void {
  const sl = target.serviceLevel;
  if (sl && !(sl.fraction < 1 && sl.thresholdSeconds >= 0)) throw new RangeError("service-level fraction must be < 1");
  if (target.maxAsaSeconds !== undefined && !(target.maxAsaSeconds > 0)) throw new RangeError("maxAsaSeconds must be > 0");
  if (target.maxOccupancy !== undefined && !(target.maxOccupancy > 0 && target.maxOccupancy <= 1)) {
    throw new RangeError("maxOccupancy must be in (0, 1]");
  }
}

/**
 * From forecast traffic to heads: required agents per interval (Erlang C, or Erlang A when a mean
 * patience is given) and scheduled agents after shrinkage.
 */
import { requiredAgentsErlangC, type StaffingTarget } from "./erlang-c";
import { requiredAgentsErlangA } from "./erlang-a";

/**
 * Shrinkage is the share of paid time agents are not available for contacts (breaks, training,
 * meetings, absence). Fractions add up: { breaks: 0.08, training: 0.05, absence: 0.07 } is 20 %.
 */
export type Shrinkage = number | Record<string, number>;

export function totalShrinkage(s: Shrinkage | undefined): number {
  if (s === undefined) return 0;
  const total = typeof s === "number" ? s : Object.values(s).reduce((a, b) => a + b, 0);
  if (!(total >= 0 && total < 1)) throw new RangeError(`shrinkage must be in [0, 1), got ${total}`);
  return total;
}

/** scheduled = ⌈required / (1 − shrinkage)⌉: the heads to roster so that `required` are on the phones. */
export function scheduledAgents(required: number, shrinkage: Shrinkage | undefined): number {
  const s = totalShrinkage(shrinkage);
  if (!(required > 0)) return 0;
  // The epsilon stops float noise such as 21 / (1 − 0.3) = 30.000000000000004 from adding a head.
  return Math.ceil(required / (1 - s) - 1e-9);
}

export interface IntervalTraffic {
  volume: number;
  ahtSeconds: number;
}

export interface IntervalStaffingTarget extends StaffingTarget {
  /** Interval length in minutes (default 15). */
  intervalMinutes?: number;
  /** Callers' mean patience in seconds; when given, Erlang A is used instead of Erlang C. */
  patienceSeconds?: number;
  /** Erlang A only: upper bound on abandonment. */
  maxAbandonRate?: number;
  shrinkage?: Shrinkage;
}

export interface IntervalStaffing {
  erlangs: number;
  /** Agents needed on the phones. */
  required: number;
  /** Agents to schedule after shrinkage. */
  scheduled: number;
  serviceLevel: number | null;
  asaSeconds: number;
  occupancy: number;
  /** Erlang A only. */
  abandonRate?: number;
}

/**
 * Staffing for a run of intervals (a week of 15-minute intervals is 672). Identical traffic repeats
 * often in a forecast (nights, copies of a profile), so results are memoised per (volume, AHT).
 */
export function requiredAgentsPerInterval(intervals: readonly IntervalTraffic[], target: IntervalStaffingTarget): IntervalStaffing[] {
  const intervalSeconds = (target.intervalMinutes ?? 15) * 60;
  const memo = new Map<string, IntervalStaffing>();
  return intervals.map(({ volume, ahtSeconds }) => {
    const key = `${volume}|${ahtSeconds}`;
    const hit = memo.get(key);
    if (hit) return { ...hit };
    const traffic = { volume, ahtSeconds, intervalSeconds };
    let out: IntervalStaffing;
    if (target.patienceSeconds !== undefined) {
      const r = requiredAgentsErlangA(traffic, target, target.patienceSeconds);
      out = { erlangs: r.erlangs, required: r.agents, scheduled: 0, serviceLevel: r.serviceLevel, asaSeconds: r.asaSeconds, occupancy: r.occupancy, abandonRate: r.abandonRate };
    } else {
      const r = requiredAgentsErlangC(traffic, target);
      out = { erlangs: r.erlangs, required: r.agents, scheduled: 0, serviceLevel: r.serviceLevel, asaSeconds: r.asaSeconds, occupancy: r.occupancy };
    }
    out.scheduled = scheduledAgents(out.required, target.shrinkage);
    memo.set(key, out);
    return { ...out };
  });
}

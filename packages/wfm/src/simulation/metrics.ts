/** Turning a run's raw sums into the figures a supervisor reads, per interval and in total. */
import type { IntervalResult, IntervalSums } from "./types";

export function emptySums(): IntervalSums {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    answeredWithinThreshold: 0,
    waited: 0,
    answeredWaitSeconds: 0,
    abandonedWaitSeconds: 0,
    deadlineBreaches: 0,
    unresolved: 0,
    busySeconds: 0,
    staffedSeconds: 0,
  };
}

export function addSums(into: IntervalSums, from: IntervalSums): IntervalSums {
  for (const key of Object.keys(from) as Array<keyof IntervalSums>) into[key] += from[key];
  return into;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Figures from sums; a ratio with nothing under it is null rather than a misleading 0 or 100 %. */
export function summarise(s: IntervalSums, startOffsetSeconds: number, lengthSeconds: number): IntervalResult {
  return {
    startOffsetSeconds,
    lengthSeconds,
    ...s,
    serviceLevel: ratio(s.answeredWithinThreshold, s.offered),
    serviceLevelExcludingAbandons: ratio(s.answeredWithinThreshold, s.offered - s.abandoned),
    asaSeconds: ratio(s.answeredWaitSeconds, s.answered),
    abandonRate: ratio(s.abandoned, s.offered),
    probabilityOfWaiting: ratio(s.waited, s.offered),
    occupancy: ratio(s.busySeconds, s.staffedSeconds),
  };
}

/** Figures over a chosen run of intervals (e.g. all but a warm-up), pooled from their sums. */
export function pool(intervals: readonly IntervalResult[]): IntervalResult {
  const sums = emptySums();
  for (const i of intervals) addSums(sums, pick(i));
  const first = intervals[0];
  const last = intervals[intervals.length - 1];
  const start = first?.startOffsetSeconds ?? 0;
  const end = last ? last.startOffsetSeconds + last.lengthSeconds : 0;
  return summarise(sums, start, end - start);
}

function pick(r: IntervalResult): IntervalSums {
  const s = emptySums();
  for (const key of Object.keys(s) as Array<keyof IntervalSums>) s[key] = r[key];
  return s;
}

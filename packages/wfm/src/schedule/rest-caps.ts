/**
 * What the weekly rest does to a skill group's shift counts. The group caps (heads a day, minutes a
 * week) let every agent work seven days, but the weekly rest (36 h in each 7-day week of the horizon by
 * default) rules that out, and so a plan at the caps cannot be named. Per group and week this adds
 * aggregate caps every nameable plan keeps:
 *
 * - at most six working days per agent, when no shift times leave the weekly rest in a week worked every day;
 * - when a day off alone is shorter than the weekly rest, a day off at the week's edge is only enough for
 *   late starts after it (or early ends before it): then each agent is kept one of the inner days off
 *   (days 1–5 of the week), which holds the rest whenever the shifts either side of it are not a late
 *   finish followed by an early start. This one is conservative, not exact: it also rules out weeks that
 *   rest at both edges.
 *
 * Rest between shifts is left to the naming (`assignAgents`), whose repair moves shifts between agents.
 */
import { resolveRules, type LabourRules } from "./rules";
import type { Candidate } from "./optimise";

const DAY = 1440;

/** Σ of a group's shifts on `days` ≤ `perAgent` × the group's heads. */
export interface DayCap {
  days: number[];
  perAgent: number;
}

export function restDayCaps(cands: readonly Candidate[], rules: LabourRules | undefined): DayCap[] {
  const { weeklyRestMinutes: rest } = resolveRules(rules);
  if (cands.length === 0 || !(rest > 0)) return [];
  const starts = cands.map((c) => c.startMinute);
  const ends = cands.map((c) => c.startMinute + c.template.lengthMinutes);
  const minStart = Math.min(...starts);
  const maxStart = Math.max(...starts);
  const minEnd = Math.min(...ends);
  const maxEnd = Math.max(...ends);
  // Longest rest a week worked every day can hold: before the first shift, between two days, after the last.
  const everyDay = Math.max(maxStart, DAY + maxStart - minEnd, DAY - minEnd);
  // A day off at the week's start rests DAY + the next start; at its end, 2·DAY − the previous end.
  const edgeAlwaysEnough = DAY + minStart >= rest && 2 * DAY - maxEnd >= rest;
  const days = new Set(cands.map((c) => c.day));
  const out: DayCap[] = [];
  for (const w of new Set(cands.map((c) => Math.floor(c.day / 7)))) {
    const week = Array.from({ length: 7 }, (_, i) => w * 7 + i);
    // A week the horizon or the templates cut short is already capped by its days.
    if (!week.every((d) => days.has(d))) continue;
    if (everyDay < rest) out.push({ days: week, perAgent: 6 });
    if (rest > DAY && !edgeAlwaysEnough) out.push({ days: week.slice(1, 6), perAgent: 4 });
  }
  return out;
}

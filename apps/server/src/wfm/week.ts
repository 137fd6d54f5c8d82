import { zonedInstant } from "@moked/routing";
import { badRequest } from "../core/errors";

/**
 * A schedule's week in the center's time zone: day 0 is the local Sunday `weekStart` (the Israeli week),
 * and "minute m of the week" is local wall-clock time, turned into an instant per day so a daylight-saving
 * change moves the instants, not the shifts' local start times.
 */
export const MINUTES_PER_WEEK = 7 * 1440;

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function assertWeekStart(weekStart: string): void {
  const at = new Date(`${weekStart}T12:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== weekStart) throw badRequest("invalid_date", `${weekStart} is not a date`);
  if (at.getUTCDay() !== 0) throw badRequest("week_start_not_sunday", `A schedule week starts on a Sunday; ${weekStart} is not one`);
}

/** The instant of local minute `m` of the week. */
export function weekInstant(weekStart: string, m: number, timeZone: string): number {
  return zonedInstant(addDays(weekStart, Math.floor(m / 1440)), m % 1440, timeZone);
}

/** Start instants of every interval of the week. */
export function weekIntervals(weekStart: string, intervalMinutes: number, timeZone: string): number[] {
  return Array.from({ length: MINUTES_PER_WEEK / intervalMinutes }, (_, i) => weekInstant(weekStart, i * intervalMinutes, timeZone));
}

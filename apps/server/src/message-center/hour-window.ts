import { localTime } from "@moked/routing";

export interface HourWindow {
  from: string;
  to: string;
  weekdays?: number[];
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * Whether an instant falls in a rule's hour window, on the line's wall clock (so a DST change moves the
 * window with the clock, not with UTC). From is inclusive, to exclusive; a window ending before it starts
 * crosses midnight, and its early-morning part belongs to the day it started on — Friday's 22:00–06:00
 * covers Saturday 03:00, and weekdays [5] does not cover Friday 03:00.
 */
export function inHourWindow(window: HourWindow, at: number, timeZone: string): boolean {
  const local = localTime(at, timeZone);
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  const onDay = (weekday: number) => !window.weekdays?.length || window.weekdays.includes(weekday);
  if (from < to) return local.minutes >= from && local.minutes < to && onDay(local.weekday);
  if (local.minutes >= from) return onDay(local.weekday);
  if (local.minutes < to) return onDay((local.weekday + 6) % 7);
  return false;
}

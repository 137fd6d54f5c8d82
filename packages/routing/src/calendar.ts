import { HDate, HebrewCalendar, flags } from "@hebcal/core";
import type { BusinessHoursCalendar, Weekday } from "./types";

/**
 * Business hours in a client line's own time zone. Pure: the instant is passed in. Shabbat and Jewish
 * holidays come from @hebcal/core (Israeli schedule); a line marked closed on them is closed the whole civil
 * day of Shabbat and of each yom tov, and explicit exceptions (a date with its own hours, or none) win over
 * both. Lines usually close early on Friday and holiday eves through their weekly hours or exceptions.
 */

interface LocalTime {
  date: string; // YYYY-MM-DD
  weekday: number; // 0 = Sunday
  minutes: number; // minutes since local midnight
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", weekday: "short", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday!] ?? 0,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const holidayCache = new Map<string, boolean>();
/** Shabbat or an Israeli yom tov (including Yom Kippur) on this civil date. */
export function isShabbatOrHoliday(date: string): boolean {
  let closed = holidayCache.get(date);
  if (closed === undefined) {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const civil = new Date(y, m - 1, d, 12);
    closed = civil.getDay() === 6 || (HebrewCalendar.getHolidaysOnDate(new HDate(civil), true) ?? []).some((e) => (e.getFlags() & flags.CHAG) !== 0);
    holidayCache.set(date, closed);
  }
  return closed;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** The opening ranges of one local date, in minutes since midnight. */
function rangesOn(calendar: BusinessHoursCalendar, date: string, weekday: number): Array<[number, number]> {
  const explicit = calendar.exceptions[date];
  if (explicit) return explicit.map(([a, b]) => [toMinutes(a), toMinutes(b)]);
  if (calendar.closedOnShabbatAndHolidays && isShabbatOrHoliday(date)) return [];
  return (calendar.weekly[String(weekday) as Weekday] ?? []).map(([a, b]) => [toMinutes(a), toMinutes(b)]);
}

export function isOpen(calendar: BusinessHoursCalendar, timeZone: string, at: number): boolean {
  if (calendar.alwaysOpen) return true;
  const local = localTime(at, timeZone);
  return rangesOn(calendar, local.date, local.weekday).some(([a, b]) => local.minutes >= a && local.minutes < b);
}

/** The instant of a local wall-clock time in a zone (the first such instant across a DST change). */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  let instant = guess;
  for (let i = 0; i < 3; i++) {
    const seen = localTime(instant, timeZone);
    const [sy, sm, sd] = seen.date.split("-").map(Number) as [number, number, number];
    const seenUtc = Date.UTC(sy, sm - 1, sd, 0, seen.minutes);
    const drift = seenUtc - guess;
    if (drift === 0) break;
    instant -= drift;
  }
  return instant;
}

function addDays(date: string, days: number): { date: string; weekday: number } {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return { date: t.toISOString().slice(0, 10), weekday: t.getUTCDay() };
}

/** When the line next opens at or after `from` (itself if open then); null if not within two weeks. */
export function nextOpening(calendar: BusinessHoursCalendar, timeZone: string, from: number): number | null {
  if (calendar.alwaysOpen || isOpen(calendar, timeZone, from)) return from;
  const local = localTime(from, timeZone);
  for (let day = 0; day <= 14; day++) {
    const { date, weekday } = day === 0 ? local : addDays(local.date, day);
    const starts = rangesOn(calendar, date, weekday)
      .map(([a]) => a)
      .filter((a) => day > 0 || a > local.minutes)
      .sort((a, b) => a - b);
    if (starts.length > 0) return zonedInstant(date, starts[0]!, timeZone);
  }
  return null;
}

/** When the line next closes after `from`, if it is open then; null if closed or always open. */
export function nextClosing(calendar: BusinessHoursCalendar, timeZone: string, from: number): number | null {
  if (calendar.alwaysOpen) return null;
  const local = localTime(from, timeZone);
  const range = rangesOn(calendar, local.date, local.weekday).find(([a, b]) => local.minutes >= a && local.minutes < b);
  if (!range) return null;
  if (range[1] >= 24 * 60) return zonedInstant(addDays(local.date, 1).date, 0, timeZone);
  return zonedInstant(local.date, range[1], timeZone);
}

const dayCache = new Map<string, { day: string; from: number; until: number }>();
/** The local date at an instant; cached per zone until the next local midnight could be reached. */
export function localDay(at: number, timeZone: string): string {
  const hit = dayCache.get(timeZone);
  if (hit && at >= hit.from && at < hit.until) return hit.day;
  const local = localTime(at, timeZone);
  // Midnight is at least this far away, whatever the seconds (and a DST shift only moves it later or by an hour).
  const until = at + Math.max(0, 24 * 60 - local.minutes - 61) * 60_000;
  dayCache.set(timeZone, { day: local.date, from: at, until });
  return local.date;
}

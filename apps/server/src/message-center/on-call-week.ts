import { HDate, HebrewCalendar, flags } from "@hebcal/core";
import type { OnCallDay, OnCallSegment } from "@moked/contracts";
import { isShabbatOrHoliday, localTime, zonedInstant } from "@moked/routing";
import { onCallAt, type Roster } from "./on-call";

export type WeekSegment = OnCallSegment;
export type WeekDay = OnCallDay;

const addDays = (date: string, n: number) => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

function holidaysOn(date: string): Array<{ he: string; en: string }> {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const events = HebrewCalendar.getHolidaysOnDate(new HDate(new Date(y, m - 1, d, 12)), true) ?? [];
  // Holidays and fasts worth seeing on a roster; not every minor day or Rosh Chodesh.
  const wanted = flags.CHAG | flags.MAJOR_FAST | flags.MINOR_HOLIDAY | flags.EREV | flags.CHOL_HAMOED | flags.MODERN_HOLIDAY | flags.MINOR_FAST;
  return events.filter((e) => (e.getFlags() & wanted) !== 0).map((e) => ({ he: e.render("he-x-NoNikud"), en: e.render("en") }));
}

/** Why this person is on call at that instant: an override, the holiday rule, or the weekly turn. */
function sourceAt(roster: Roster, timeZone: string, at: number): WeekSegment["source"] {
  if (roster.overrides.some((o) => Date.parse(o.from) <= at && at < Date.parse(o.to))) return "override";
  if (roster.holidayMemberId && isShabbatOrHoliday(localTime(at, timeZone).date)) return "holiday";
  return "rotation";
}

/**
 * Seven local days from `start` as the roster decides them, cut into segments wherever the person on call
 * changes: at local midnight (Shabbat and holidays are civil days), at the weekly handover and at the edges
 * of overrides. Computed with the same `onCallAt` that dispatch uses, so the calendar cannot disagree with
 * who is actually called.
 */
export function onCallWeek(roster: Roster, timeZone: string, start: string): WeekDay[] {
  const [hh, mm] = roster.handoverTime.split(":").map(Number) as [number, number];
  const days: WeekDay[] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(start, i);
    const dayStart = zonedInstant(date, 0, timeZone);
    const dayEnd = zonedInstant(addDays(date, 1), 0, timeZone);
    const cuts = new Set<number>([dayStart, dayEnd, zonedInstant(date, hh * 60 + mm, timeZone)]);
    for (const o of roster.overrides) for (const edge of [Date.parse(o.from), Date.parse(o.to)]) if (edge > dayStart && edge < dayEnd) cuts.add(edge);
    const points = [...cuts].filter((c) => c >= dayStart && c <= dayEnd).sort((a, b) => a - b);
    const segments: WeekSegment[] = [];
    for (let k = 0; k + 1 < points.length; k++) {
      const from = points[k]!;
      const to = points[k + 1]!;
      const member = onCallAt(roster, timeZone, from);
      const source = sourceAt(roster, timeZone, from);
      const last = segments.at(-1);
      const endMinute = to === dayEnd ? 1440 : localTime(to, timeZone).minutes;
      if (last && last.memberId === (member?.id ?? null) && last.source === source) {
        last.to = new Date(to).toISOString();
        last.endMinute = endMinute;
        continue;
      }
      segments.push({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), startMinute: localTime(from, timeZone).minutes, endMinute, memberId: member?.id ?? null, memberName: member?.name ?? null, source });
    }
    const weekday = localTime(dayStart, timeZone).weekday;
    days.push({ date, weekday, shabbat: weekday === 6, restDay: isShabbatOrHoliday(date), holidays: holidaysOn(date), segments });
  }
  return days;
}

/** The Sunday that starts the local week of an instant (Israeli weeks start on Sunday). */
export function weekStartOf(at: number, timeZone: string): string {
  const l = localTime(at, timeZone);
  return addDays(l.date, -l.weekday);
}

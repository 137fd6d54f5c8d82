/**
 * Israeli special days for forecasting, from @hebcal/core (Israeli schedule). Contact volume on a yom tov
 * looks like a Saturday's and on its eve like a Friday's, whatever the weekday, so the forecast borrows
 * those days' seasonal pattern instead of the weekday's. Shabbat itself needs no mapping: it is Saturday
 * in the weekly seasonality.
 */
import { HDate, HebrewCalendar, flags } from "@hebcal/core";
import { localTime } from "@moked/routing";

export type DayKind = "regular" | "yom_tov" | "erev";

export interface SpecialDay {
  /** Local civil date, YYYY-MM-DD. */
  date: string;
  kind: Exclude<DayKind, "regular">;
  /** Hebcal's name, e.g. "Yom Kippur"; for an eve, "Erev " and the next day's name. */
  name: string;
}

const cache = new Map<string, { kind: DayKind; name: string | null }>();

function yomTovName(date: string): string | null {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // Noon keeps the civil date the same in any process time zone.
  const events = HebrewCalendar.getHolidaysOnDate(new HDate(new Date(y, m - 1, d, 12)), true) ?? [];
  const chag = events.find((e) => (e.getFlags() & flags.CHAG) !== 0);
  return chag ? chag.getDesc() : null;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The kind of a civil date. The eve is defined as the day before a yom tov rather than by hebcal's EREV
 * flag, which Hoshana Raba (the eve of Shmini Atzeret) lacks although the working day ends early on it.
 */
export function dayKind(date: string): { kind: DayKind; name: string | null } {
  let hit = cache.get(date);
  if (!hit) {
    const today = yomTovName(date);
    const tomorrow = today ? null : yomTovName(nextDate(date));
    hit = today ? { kind: "yom_tov", name: today } : tomorrow ? { kind: "erev", name: `Erev ${tomorrow}` } : { kind: "regular", name: null };
    cache.set(date, hit);
  }
  return hit;
}

/** Every yom tov and eve between two instants (inclusive of their local dates). */
export function israeliSpecialDays(from: number, to: number, timeZone = "Asia/Jerusalem"): SpecialDay[] {
  const out: SpecialDay[] = [];
  let date = localTime(from, timeZone).date;
  const last = localTime(to, timeZone).date;
  while (date <= last) {
    const k = dayKind(date);
    if (k.kind !== "regular") out.push({ date, kind: k.kind, name: k.name! });
    date = nextDate(date);
  }
  return out;
}

export interface LocalSlot {
  date: string;
  /** 0 = Sunday. */
  weekday: number;
  kind: DayKind;
  name: string | null;
}

/** Local date, weekday and day kind of an instant. */
export function localSlot(at: number, timeZone: string): LocalSlot {
  const t = localTime(at, timeZone);
  const k = dayKind(t.date);
  return { date: t.date, weekday: t.weekday, kind: k.kind, name: k.name };
}

/** Times of a schedule in its center's time zone, whatever the browser's zone. */

const cache = new Map<string, Intl.DateTimeFormat>();
function parts(at: string | number, timeZone: string): { y: number; m: number; d: number; minute: number } {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    cache.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(at))) p[x.type] = x.value;
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), minute: Number(p.hour) * 60 + Number(p.minute) };
}

/** Day index from `weekStart` (0 = its Sunday) and minute of that local day. */
export function weekPosition(at: string | number, weekStart: string, timeZone: string): { day: number; minute: number } {
  const p = parts(at, timeZone);
  return { day: Math.round((Date.UTC(p.y, p.m - 1, p.d) - Date.parse(`${weekStart}T00:00:00Z`)) / 86_400_000), minute: p.minute };
}

/** "08:30" in the zone, digits in the language's own script. */
export function clock(at: string | number, timeZone: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(at));
}

/** A weekday and date, e.g. "Sun, 29/11". */
export function dayLabel(at: string | number, timeZone: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { timeZone, weekday: "short", day: "numeric", month: "numeric" }).format(new Date(at));
}

/** This week's Sunday and the next `count − 1`, as local dates of the browser. */
export function upcomingSundays(count: number, today = new Date()): string[] {
  const base = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate() - today.getDay());
  return Array.from({ length: count }, (_, i) => new Date(base + i * 7 * 86_400_000).toISOString().slice(0, 10));
}

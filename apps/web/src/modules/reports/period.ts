export type PeriodKey = "today" | "yesterday" | "last7" | "last30" | "lastMonth";
export const PERIODS: readonly PeriodKey[] = ["today", "yesterday", "last7", "last30", "lastMonth"];

const pad = (n: number) => String(Math.abs(n)).padStart(2, "0");

/** A local time as ISO 8601 with its UTC offset, e.g. 2026-11-25T00:00:00+02:00. */
export function isoWithOffset(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date}T${time}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** The period's start (inclusive) and end (exclusive) as whole local days in the browser's time zone. */
export function periodRange(key: PeriodKey, now: Date = new Date()): { from: string; to: string } {
  const day = (offsetDays: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + offsetDays);
  switch (key) {
    case "today":
      return { from: isoWithOffset(day(0)), to: isoWithOffset(day(1)) };
    case "yesterday":
      return { from: isoWithOffset(day(-1)), to: isoWithOffset(day(0)) };
    case "last7":
      return { from: isoWithOffset(day(-6)), to: isoWithOffset(day(1)) };
    case "last30":
      return { from: isoWithOffset(day(-29)), to: isoWithOffset(day(1)) };
    case "lastMonth":
      return { from: isoWithOffset(new Date(now.getFullYear(), now.getMonth() - 1, 1)), to: isoWithOffset(new Date(now.getFullYear(), now.getMonth(), 1)) };
  }
}

/** An interval's start as the line's own wall-clock time ("HH:MM", with the date when days differ). */
export function intervalLabel(interval: string, withDate: boolean): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(interval);
  if (!m) return interval;
  return withDate ? `${m[3]}/${m[2]} ${m[4]}` : m[4]!;
}

/** Service level colour against the 80% goal. */
export function slColor(share: number | null): string | undefined {
  if (share === null) return undefined;
  if (share >= 0.8) return "green";
  if (share >= 0.7) return "yellow";
  return "red";
}

function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(at);
  const p = Object.fromEntries(parts.map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(at / 1000) * 1000;
}

/** The local dates `date` … `date + days` as a period in the line's time zone (ISO instants). */
export function zonedDays(date: string, days: number, timeZone: string): { from: string; to: string } {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const start = (offset: number) => {
    const wall = Date.UTC(y, m - 1, d + offset);
    let at = wall;
    for (let i = 0; i < 2; i++) at = wall - zoneOffsetMs(at, timeZone);
    return new Date(at).toISOString();
  };
  return { from: start(0), to: start(days) };
}

import { isShabbatOrHoliday, localTime } from "@moked/routing";
import type { OnCallMember, onCallRosters } from "@moked/db";

export type Roster = typeof onCallRosters.$inferSelect;
const WEEK_MS = 7 * 86_400_000;

/** Minutes since an epoch of local wall-clock time: lets weekly turns be counted in the line's own time. */
function localEpochMinutes(at: number, timeZone: string): number {
  const l = localTime(at, timeZone);
  const [y, m, d] = l.date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 60_000 + l.minutes;
}

/** Who is on call at an instant: an override, else the holiday person on Shabbat and holidays, else the weekly turn. */
export function onCallAt(roster: Roster, timeZone: string, at: number): OnCallMember | null {
  const byId = (id: string) => roster.members.find((m) => m.id === id) ?? null;
  const override = roster.overrides.find((o) => Date.parse(o.from) <= at && at < Date.parse(o.to));
  if (override) return byId(override.memberId);
  if (roster.holidayMemberId && isShabbatOrHoliday(localTime(at, timeZone).date)) {
    const member = byId(roster.holidayMemberId);
    if (member) return member;
  }
  if (roster.members.length === 0) return null;
  // The first handover at or after the rotation start, in local time; each week after it the next member.
  const [y, m, d] = roster.rotationStart.split("-").map(Number) as [number, number, number];
  const [hh, mm] = roster.handoverTime.split(":").map(Number) as [number, number];
  const startDay = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const firstHandover = Date.UTC(y, m - 1, d + ((roster.handoverWeekday - startDay + 7) % 7)) / 60_000 + hh * 60 + mm;
  const weeks = Math.floor((localEpochMinutes(at, timeZone) - firstHandover) / (WEEK_MS / 60_000));
  const n = roster.members.length;
  return roster.members[(((weeks % n) + n) % n)]!;
}

/** The people to call in order: whoever is on call, then the escalation chain (each once). */
export function chainAt(roster: Roster, timeZone: string, at: number): OnCallMember[] {
  const first = onCallAt(roster, timeZone, at);
  const chain = first ? [first] : [];
  for (const id of roster.escalation) {
    const member = roster.members.find((m) => m.id === id);
    if (member && !chain.some((c) => c.id === member.id)) chain.push(member);
  }
  return chain;
}

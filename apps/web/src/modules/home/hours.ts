import type { TFunction } from "i18next";
import type { BusinessHoursCalendar } from "@moked/contracts";

/** "Sun–Thu 08:00–17:00 · Fri 08:00–13:00" in the reader's language, from the line's weekly calendar. */
export function formatHours(t: TFunction, calendar: BusinessHoursCalendar): string {
  if (calendar.alwaysOpen) return t("hours.alwaysOpen");
  const groups: Array<{ days: number[]; hours: string }> = [];
  for (let day = 0; day < 7; day++) {
    const ranges = calendar.weekly[String(day) as keyof BusinessHoursCalendar["weekly"]] ?? [];
    if (ranges.length === 0) continue;
    const hours = ranges.map(([a, b]) => `${a}–${b}`).join(", ");
    const last = groups[groups.length - 1];
    if (last && last.hours === hours && last.days[last.days.length - 1] === day - 1) last.days.push(day);
    else groups.push({ days: [day], hours });
  }
  if (groups.length === 0) return t("hours.closed");
  return groups
    .map(({ days, hours }) => {
      const first = t(`days.${days[0]}`);
      const span = days.length > 1 ? `${first}–${t(`days.${days[days.length - 1]}`)}` : first;
      return `${span} ${hours}`;
    })
    .join(" · ");
}

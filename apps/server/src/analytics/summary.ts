import { NOT_READY_REASONS, type SummaryItem } from "@moked/contracts";
import { figuresOf, type FcrWindow, type Tally } from "./tally";
import type { Dimension, Slice } from "./metrics";


export interface SliceFilter {
  queueId?: string | undefined;
  channel?: string | undefined;
  agentId?: string | undefined;
}

export function filterSlices(slices: Slice[], f: SliceFilter): Slice[] {
  if (!f.queueId && !f.channel && !f.agentId) return slices;
  return slices.filter((s) => (!f.queueId || s.queueId === f.queueId) && (!f.channel || s.channel === f.channel) && (!f.agentId || s.agentId === f.agentId));
}

const TIME: ReadonlySet<Dimension> = new Set(["interval", "day", "week", "month", "hour", "weekday_hour"]);

/**
 * The figures of a period grouped by one dimension. Time dimensions come in time order (the intervals by
 * the instant they start, hours and weekdays numerically); the others as a ranking, most answered first.
 */
export function summaryItems(groups: Map<string, Tally>, dimension: Dimension, labelOf?: (key: string) => string | null, fcrWindowDays?: FcrWindow): SummaryItem[] {
  const items = [...groups].map(([key, t]) => ({ key, label: labelOf?.(key) ?? null, ...figuresOf(t, fcrWindowDays) }));
  if (dimension === "interval") return items.sort((a, b) => Date.parse(a.key) - Date.parse(b.key));
  if (dimension === "hour") return items.sort((a, b) => Number(a.key) - Number(b.key));
  if (dimension === "weekday_hour") return items.sort((a, b) => weekdayHour(a.key) - weekdayHour(b.key));
  if (TIME.has(dimension)) return items.sort((a, b) => a.key.localeCompare(b.key));
  return items.sort((a, b) => b.answered - a.answered || b.offered - a.offered || a.key.localeCompare(b.key));
}

function weekdayHour(key: string): number {
  const [d, h] = key.split(":").map(Number) as [number, number];
  return d * 24 + h;
}

type Column = [keyof SummaryItem, string];
/** The columns of an exported summary, in order, with their headings. */
const FIGURE_COLUMNS: Column[] = [
  ["key", "key"],
  ["label", "label"],
  ["offered", "offered"],
  ["answered", "answered"],
  ["abandoned", "abandoned"],
  ["shortAbandoned", "short_abandoned"],
  ["answeredWithinTarget", "answered_within_target"],
  ["serviceLevel", "service_level"],
  ["averageSpeedOfAnswerSeconds", "asa_seconds"],
  ["p90SpeedOfAnswerSeconds", "p90_answer_seconds"],
  ["longestWaitSeconds", "longest_wait_seconds"],
  ["averageTalkSeconds", "avg_talk_seconds"],
  ["averageHoldSeconds", "avg_hold_seconds"],
  ["averageWrapUpSeconds", "avg_wrap_up_seconds"],
  ["averageHandleSeconds", "aht_seconds"],
  ["transfers", "transfers"],
  ["callbacksRequested", "callbacks_requested"],
  ["callbacksCompleted", "callbacks_completed"],
  ["messagesTaken", "messages_taken"],
  ["overflowed", "overflowed"],
  ["obligated", "obligated"],
  ["answeredInTime", "answered_in_time"],
  ["compliance", "compliance"],
  ["outboundAttempts", "outbound_attempts"],
  ["outboundReached", "outbound_reached"],
  ["fcrContacts", "fcr_contacts"],
  ["firstContactResolution", "first_contact_resolution"],
  ["csatResponses", "csat_responses"],
  ["csatAverage", "csat_average"],
  ["csatSatisfied", "csat_satisfied"],
  ["staffedSeconds", "staffed_seconds"],
  ["occupancy", "occupancy"],
  ["utilisation", "utilisation"],
  ["notReadySeconds", "not_ready_seconds"],
];

/** An exported column: its heading and how a summary row's value is read (not-ready reasons one column each). */
export interface ExportColumn {
  header: string;
  value: (item: SummaryItem) => unknown;
}
export const EXPORT_COLUMNS: ExportColumn[] = [
  ...FIGURE_COLUMNS.map(([key, header]) => ({ header, value: (i: SummaryItem) => i[key] })),
  ...NOT_READY_REASONS.map((reason) => ({ header: `not_ready_${reason}_seconds`, value: (i: SummaryItem) => i.notReadyByReason[reason] })),
];

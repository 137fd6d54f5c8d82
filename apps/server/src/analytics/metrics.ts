import { localTime } from "@moked/routing";
import type { ContactFacts } from "./contacts";
import { intervalStart } from "./contacts";
import type { MetricsRow } from "@moked/contracts";
import { addTally, emptyTally, figuresOf, tallyContact, type FcrWindow, type Tally } from "./tally";

export const BUCKET_MS = 15 * 60_000;

/**
 * The figures of the contacts that arrived in one 15-minute UTC interval in one queue, channel and agent:
 * a `report_intervals` row, or contacts folded on the spot (still open, or at a period's ragged edge).
 */
export interface Slice {
  tenantId: string;
  bucketStart: number;
  queueId: string | null;
  channel: string;
  agentId: string | null;
  tally: Tally;
}

/** Contacts as slices, one per contact (they add up with stored ones by their keys). */
export function slicesOfContacts(contacts: ContactFacts[], targetSeconds: (queueId: string | null) => number, now: number): Slice[] {
  return contacts.map((c) => ({
    tenantId: c.tenantId,
    bucketStart: Math.floor(c.arrivedAt / BUCKET_MS) * BUCKET_MS,
    queueId: c.firstQueueId,
    channel: c.channel,
    agentId: c.answeredBy,
    tally: tallyContact(c, targetSeconds(c.firstQueueId), now),
  }));
}

export const DIMENSIONS = ["interval", "day", "week", "month", "hour", "weekday_hour", "queue", "channel", "agent", "team", "total"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface GroupOptions {
  timeZone: string;
  /** For the "interval" dimension: 15, 30 or 60 local minutes. */
  intervalMinutes?: number;
  /** For the "team" dimension. */
  teamOf?: (agentId: string | null) => string | null;
}

/**
 * The key a slice is reported under. Time keys are local to the line: an interval carries its UTC offset
 * (the repeated hour of a daylight-saving change stays two intervals); a week starts on Sunday, as in
 * Israel; "hour" is the hour of day (intraday pattern), "weekday_hour" "d:h" with Sunday 0 (heat map).
 */
export function keyFunction(dimension: Dimension, options: GroupOptions): (s: Slice) => string {
  const cache = new Map<number, string>();
  const byTime = (f: (at: number) => string) => (s: Slice) => {
    let k = cache.get(s.bucketStart);
    if (k === undefined) cache.set(s.bucketStart, (k = f(s.bucketStart)));
    return k;
  };
  const { timeZone } = options;
  switch (dimension) {
    case "interval":
      return byTime((at) => intervalStart(at, timeZone, options.intervalMinutes ?? 30));
    case "day":
      return byTime((at) => localTime(at, timeZone).date);
    case "week":
      return byTime((at) => {
        const l = localTime(at, timeZone);
        const [y, m, d] = l.date.split("-").map(Number) as [number, number, number];
        return new Date(Date.UTC(y, m - 1, d - l.weekday)).toISOString().slice(0, 10);
      });
    case "month":
      return byTime((at) => localTime(at, timeZone).date.slice(0, 7));
    case "hour":
      return byTime((at) => String(Math.floor(localTime(at, timeZone).minutes / 60)));
    case "weekday_hour":
      return byTime((at) => {
        const l = localTime(at, timeZone);
        return `${l.weekday}:${Math.floor(l.minutes / 60)}`;
      });
    case "queue":
      return (s) => s.queueId ?? "";
    case "channel":
      return (s) => s.channel;
    case "agent":
      return (s) => s.agentId ?? "";
    case "team":
      return (s) => options.teamOf?.(s.agentId) ?? "";
    case "total":
      return () => "total";
  }
}

/** Adds slices up under the keys `keyOf` gives them. */
export function groupSlices(slices: Iterable<Slice>, keyOf: (s: Slice) => string): Map<string, Tally> {
  const groups = new Map<string, Tally>();
  for (const s of slices) {
    const k = keyOf(s);
    let t = groups.get(k);
    if (!t) groups.set(k, (t = emptyTally()));
    addTally(t, s.tally);
  }
  return groups;
}


/** The groups the queue report reads: each queue per interval, and each queue's total. */
export const QUEUE_GROUPINGS = { intervals: ["queue", "interval"], queues: ["queue"] } as const;

/**
 * Queue figures per interval of arrival (15, 30 or 60 minutes, in the line's time zone) and per queue,
 * with a total row per queue. Contacts count in the interval they arrived in, even when they end after
 * midnight; waits are measured from arrival, as the customer lived them.
 */
export function queueMetrics(groups: { intervals: Map<string, Tally>; queues: Map<string, Tally> }, fcrWindowDays?: FcrWindow): MetricsRow[] {
  const rows: MetricsRow[] = [
    ...[...groups.intervals].map(([key, tally]) => {
      const [queue, iv] = key.split("|") as [string, string];
      return { interval: iv, queueId: queue || null, ...figuresOf(tally, fcrWindowDays) };
    }),
    ...[...groups.queues].map(([queue, tally]) => ({ interval: "total", queueId: queue || null, ...figuresOf(tally, fcrWindowDays) })),
  ];
  // In time order, by the instant each interval starts (the repeated hour sorts by its offset).
  const instant = (r: MetricsRow) => (r.interval === "total" ? Infinity : Date.parse(r.interval));
  return rows.sort((a, b) => (a.queueId ?? "").localeCompare(b.queueId ?? "") || instant(a) - instant(b));
}

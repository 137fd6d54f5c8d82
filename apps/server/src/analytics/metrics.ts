import type { ContactFacts } from "./contacts";
import { intervalStart } from "./contacts";

export interface MetricsRow {
  /** Local start of the interval (with offset), or "total". */
  interval: string;
  queueId: string | null;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinTarget: number;
  /** Answered within the queue's target ÷ (answered + abandoned − short abandons); null with nothing to count. */
  serviceLevel: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  p90SpeedOfAnswerSeconds: number | null;
  longestWaitSeconds: number | null;
  averageTalkSeconds: number | null;
  averageWrapUpSeconds: number | null;
  averageHandleSeconds: number | null;
  transfers: number;
  callbacksRequested: number;
  messagesTaken: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const avg = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
/** Nearest-rank percentile, the definition most contact-center reports use. */
function percentile(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return round1(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!);
}

/**
 * Queue figures per interval of arrival (15, 30 or 60 minutes, in the line's time zone) and per queue,
 * with a total row per queue. Contacts count in the interval they arrived in, even when they end after
 * midnight; waits are measured from arrival, as the customer lived them.
 */
export function queueMetrics(contacts: ContactFacts[], options: { timeZone: string; intervalMinutes: number; targetSeconds: (queueId: string | null) => number }): MetricsRow[] {
  const groups = new Map<string, ContactFacts[]>();
  for (const c of contacts) {
    for (const interval of [intervalStart(c.arrivedAt, options.timeZone, options.intervalMinutes), "total"]) {
      const key = `${c.firstQueueId ?? ""}|${interval}`;
      const list = groups.get(key);
      if (list) list.push(c);
      else groups.set(key, [c]);
    }
  }
  const rows: MetricsRow[] = [];
  for (const [key, list] of groups) {
    const [queue, interval] = key.split("|") as [string, string];
    const queueId = queue || null;
    const target = options.targetSeconds(queueId);
    const answered = list.filter((c) => c.answeredAt !== null);
    const waits = answered.map((c) => (c.answeredAt! - c.arrivedAt) / 1000);
    const abandoned = list.filter((c) => c.final === "abandoned");
    const short = abandoned.filter((c) => c.shortAbandon).length;
    const within = waits.filter((w) => w <= target).length;
    const base = answered.length + abandoned.length - short;
    const allWaits = [...waits, ...abandoned.map((c) => (c.endedAt! - c.arrivedAt) / 1000)];
    const talk = answered.filter((c) => c.completedAt !== null).map((c) => (c.completedAt! - c.answeredAt!) / 1000);
    const wrap = answered.filter((c) => c.completedAt !== null && c.wrappedAt !== null).map((c) => (c.wrappedAt! - c.completedAt!) / 1000);
    const handle = answered.filter((c) => c.completedAt !== null).map((c) => ((c.wrappedAt ?? c.completedAt!) - c.answeredAt!) / 1000);
    rows.push({
      interval,
      queueId,
      offered: list.length,
      answered: answered.length,
      abandoned: abandoned.length,
      shortAbandoned: short,
      answeredWithinTarget: within,
      serviceLevel: base > 0 ? Math.round((within / base) * 10_000) / 10_000 : null,
      averageSpeedOfAnswerSeconds: avg(waits),
      p90SpeedOfAnswerSeconds: percentile(waits, 0.9),
      longestWaitSeconds: allWaits.length ? round1(Math.max(...allWaits)) : null,
      averageTalkSeconds: avg(talk),
      averageWrapUpSeconds: avg(wrap),
      averageHandleSeconds: avg(handle),
      transfers: list.reduce((n, c) => n + c.transfers, 0),
      callbacksRequested: list.filter((c) => c.callbackRequested).length,
      messagesTaken: list.filter((c) => c.messageLeft).length,
    });
  }
  // In time order, by the instant each interval starts (the repeated hour sorts by its offset).
  const instant = (r: MetricsRow) => (r.interval === "total" ? Infinity : Date.parse(r.interval));
  return rows.sort((a, b) => (a.queueId ?? "").localeCompare(b.queueId ?? "") || instant(a) - instant(b));
}

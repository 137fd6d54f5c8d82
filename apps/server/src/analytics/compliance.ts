import type { Breach, ComplianceReport } from "@moked/contracts";
import { answerDeadlineMs } from "@moked/routing";
import type { ContactFacts } from "./contacts";

/**
 * The answer-time compliance of voice contacts (Consumer Protection Law, amendment 57): a human answer
 * within 6 minutes for faults, billing and contract termination, 3 minutes otherwise, counted from the
 * call's arrival. A caller who left, or chose a message or call-back, before the limit is not a breach; a
 * caller still unanswered when the limit passed is, whatever happened next.
 */
/** Where one contact stands against the answer-time rule at `now`. */
export interface ComplianceOutcome {
  sixMinutes: boolean;
  limitMs: number;
  /** ended_before: the caller left or chose before the limit; pending: still within it, unanswered. */
  status: "ended_before" | "pending" | "in_time" | "breach";
  waitMs: number;
}

/** The answer-time rule for one voice contact; null for other channels. */
export function complianceOutcome(c: ContactFacts, now: number): ComplianceOutcome | null {
  if (c.channel !== "voice") return null;
  const limitMs = answerDeadlineMs(c.topic ?? undefined);
  const sixMinutes = limitMs > 3 * 60_000;
  const answeredWait = c.answeredAt === null ? null : c.answeredAt - c.arrivedAt;
  const leftAt = c.choseAt ?? c.endedAt;
  if (answeredWait === null && leftAt !== null && leftAt - c.arrivedAt <= limitMs) return { sixMinutes, limitMs, status: "ended_before", waitMs: leftAt - c.arrivedAt };
  // Still waiting: not yet decided while within the limit, already a breach past it.
  if (answeredWait === null && leftAt === null && now - c.arrivedAt <= limitMs) return { sixMinutes, limitMs, status: "pending", waitMs: now - c.arrivedAt };
  if (answeredWait !== null && answeredWait <= limitMs) return { sixMinutes, limitMs, status: "in_time", waitMs: answeredWait };
  return { sixMinutes, limitMs, status: "breach", waitMs: answeredWait ?? (leftAt ?? now) - c.arrivedAt };
}

/**
 * The answer-time compliance of voice contacts (Consumer Protection Law, amendment 57): a human answer
 * within 6 minutes for faults, billing and contract termination, 3 minutes otherwise, counted from the
 * call's arrival. A caller who left, or chose a message or call-back, before the limit is not a breach; a
 * caller still unanswered when the limit passed is, whatever happened next.
 */
export function complianceReport(contacts: ContactFacts[], now: number): ComplianceReport {
  const report: ComplianceReport = {
    voiceContacts: 0,
    obligated: 0,
    answeredInTime: 0,
    share: null,
    endedBeforeLimit: 0,
    sixMinuteTopics: { obligated: 0, answeredInTime: 0 },
    threeMinuteTopics: { obligated: 0, answeredInTime: 0 },
    breaches: [],
  };
  for (const c of contacts) {
    const o = complianceOutcome(c, now);
    if (!o) continue;
    report.voiceContacts++;
    const bucket = o.sixMinutes ? report.sixMinuteTopics : report.threeMinuteTopics;
    if (o.status === "ended_before") report.endedBeforeLimit++;
    if (o.status === "ended_before" || o.status === "pending") continue;
    report.obligated++;
    bucket.obligated++;
    if (o.status === "in_time") {
      report.answeredInTime++;
      bucket.answeredInTime++;
      continue;
    }
    report.breaches.push(breachOf(c, o));
  }
  report.share = shareOf(report.answeredInTime, report.obligated);
  report.breaches.sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt));
  return report;
}

export function breachOf(c: ContactFacts, o: ComplianceOutcome): Breach {
  return {
    interactionId: c.id,
    queueId: c.firstQueueId,
    arrivedAt: new Date(c.arrivedAt).toISOString(),
    topic: c.topic,
    limitSeconds: o.limitMs / 1000,
    waitSeconds: Math.round(o.waitMs / 100) / 10,
    outcome: c.answeredAt === null ? "unanswered" : "answered_late",
  };
}

export const shareOf = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

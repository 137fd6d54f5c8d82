import { answerDeadlineMs } from "@moked/routing";
import type { ContactFacts } from "./contacts";

export interface Breach {
  interactionId: string;
  queueId: string | null;
  arrivedAt: string;
  topic: string | null;
  limitSeconds: number;
  /** Seconds from arrival to the human answer, or to the end for a contact never answered. */
  waitSeconds: number;
  outcome: "answered_late" | "unanswered";
}

export interface ComplianceReport {
  voiceContacts: number;
  /** Contacts the law required an answer for: answered, or still unanswered when the limit passed. */
  obligated: number;
  answeredInTime: number;
  /** answeredInTime ÷ obligated; null when nothing was obligated. */
  share: number | null;
  /** Callers who hung up or chose a message or call-back before the limit: no obligation was breached. */
  endedBeforeLimit: number;
  sixMinuteTopics: { obligated: number; answeredInTime: number };
  threeMinuteTopics: { obligated: number; answeredInTime: number };
  breaches: Breach[];
}

/**
 * The answer-time compliance of voice contacts (Consumer Protection Law, amendment 57): a human answer
 * within 6 minutes for faults, billing and contract termination, 3 minutes otherwise, counted from the
 * call's arrival. A caller who left, or chose a message or call-back, before the limit is not a breach; a
 * caller still unanswered when the limit passed is, whatever happened next.
 */
export function complianceReport(contacts: ContactFacts[], now: number): ComplianceReport {
  const voice = contacts.filter((c) => c.channel === "voice");
  const report: ComplianceReport = {
    voiceContacts: voice.length,
    obligated: 0,
    answeredInTime: 0,
    share: null,
    endedBeforeLimit: 0,
    sixMinuteTopics: { obligated: 0, answeredInTime: 0 },
    threeMinuteTopics: { obligated: 0, answeredInTime: 0 },
    breaches: [],
  };
  for (const c of voice) {
    const limit = answerDeadlineMs(c.topic ?? undefined);
    const bucket = limit > 3 * 60_000 ? report.sixMinuteTopics : report.threeMinuteTopics;
    const answeredWait = c.answeredAt === null ? null : c.answeredAt - c.arrivedAt;
    const leftAt = c.choseAt ?? c.endedAt;
    if (answeredWait === null && leftAt !== null && leftAt - c.arrivedAt <= limit) {
      report.endedBeforeLimit++;
      continue;
    }
    // Still waiting: not yet decided while within the limit, already a breach past it.
    if (answeredWait === null && leftAt === null && now - c.arrivedAt <= limit) continue;
    report.obligated++;
    bucket.obligated++;
    if (answeredWait !== null && answeredWait <= limit) {
      report.answeredInTime++;
      bucket.answeredInTime++;
      continue;
    }
    report.breaches.push({
      interactionId: c.id,
      queueId: c.firstQueueId,
      arrivedAt: new Date(c.arrivedAt).toISOString(),
      topic: c.topic,
      limitSeconds: limit / 1000,
      waitSeconds: Math.round(((answeredWait ?? (leftAt ?? now) - c.arrivedAt) / 1000) * 10) / 10,
      outcome: answeredWait === null ? "unanswered" : "answered_late",
    });
  }
  report.share = report.obligated > 0 ? Math.round((report.answeredInTime / report.obligated) * 10_000) / 10_000 : null;
  report.breaches.sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt));
  return report;
}

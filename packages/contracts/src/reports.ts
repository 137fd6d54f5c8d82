import { z } from "zod";

// The shapes of the reports API (apps/server/src/analytics), read by the web app's reports module.
const Nullable = z.number().nullable();

/** The figures of one group of contacts: counts, the service level, averages and the 90th percentile. */
export const Figures = z.object({
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  shortAbandoned: z.number(),
  answeredWithinTarget: z.number(),
  /** Answered within the queue's target ÷ (answered + abandoned − short abandons); null with nothing to count. */
  serviceLevel: Nullable,
  averageSpeedOfAnswerSeconds: Nullable,
  p90SpeedOfAnswerSeconds: Nullable,
  longestWaitSeconds: Nullable,
  averageTalkSeconds: Nullable,
  averageWrapUpSeconds: Nullable,
  averageHandleSeconds: Nullable,
  /** Seconds of handling (talk and wrap-up) summed: the work the contacts took. */
  handleSeconds: z.number(),
  transfers: z.number(),
  callbacksRequested: z.number(),
  callbacksCompleted: z.number(),
  messagesTaken: z.number(),
  overflowed: z.number(),
  /** The answer-time rule: voice contacts obligated and answered in time; null share with none obligated. */
  obligated: z.number(),
  answeredInTime: z.number(),
  compliance: Nullable,
});
export type Figures = z.infer<typeof Figures>;

export const SummaryItem = Figures.extend({ key: z.string(), label: z.string().nullable() });
export type SummaryItem = z.infer<typeof SummaryItem>;

/** Queue figures of one interval of arrival (local start with offset), or "total". */
export const MetricsRow = Figures.extend({ interval: z.string(), queueId: z.string().nullable() });
export type MetricsRow = z.infer<typeof MetricsRow>;
export const QueueReport = z.object({ tenantId: z.string(), timeZone: z.string(), items: z.array(MetricsRow) });
export type QueueReport = z.infer<typeof QueueReport>;

export const Breach = z.object({
  interactionId: z.string(),
  queueId: z.string().nullable(),
  arrivedAt: z.string(),
  topic: z.string().nullable(),
  limitSeconds: z.number(),
  /** Seconds from arrival to the human answer, or to the end for a contact never answered. */
  waitSeconds: z.number(),
  outcome: z.enum(["answered_late", "unanswered"]),
});
export type Breach = z.infer<typeof Breach>;

const Counts = z.object({ obligated: z.number(), answeredInTime: z.number() });
export const ComplianceReport = z.object({
  voiceContacts: z.number(),
  /** Contacts the law required an answer for: answered, or still unanswered when the limit passed. */
  obligated: z.number(),
  answeredInTime: z.number(),
  /** answeredInTime ÷ obligated; null when nothing was obligated. */
  share: Nullable,
  /** Callers who hung up or chose a message or call-back before the limit: no obligation was breached. */
  endedBeforeLimit: z.number(),
  sixMinuteTopics: Counts,
  threeMinuteTopics: Counts,
  breaches: z.array(Breach),
});
export type ComplianceReport = z.infer<typeof ComplianceReport>;
export const ComplianceResponse = ComplianceReport.extend({ tenantId: z.string(), from: z.string(), to: z.string() });
export type ComplianceResponse = z.infer<typeof ComplianceResponse>;

export const Dashboard = z.object({
  tenantId: z.string(),
  timeZone: z.string(),
  totals: Figures,
  trend: z.object({ granularity: z.enum(["day", "week"]), items: z.array(SummaryItem) }),
  intraday: z.array(SummaryItem),
  heatmap: z.array(SummaryItem),
  agents: z.array(SummaryItem),
  queues: z.array(SummaryItem),
  channels: z.array(SummaryItem),
});
export type Dashboard = z.infer<typeof Dashboard>;

/** One contact behind a report number (GET /reports/contacts). */
export const ContactRow = z.object({
  id: z.string(),
  arrivedAt: z.string(),
  channel: z.string(),
  topic: z.string().nullable(),
  queueId: z.string().nullable(),
  agentId: z.string().nullable(),
  final: z.string().nullable(),
  waitSeconds: Nullable,
  handleSeconds: Nullable,
  transfers: z.number(),
});
export type ContactRow = z.infer<typeof ContactRow>;

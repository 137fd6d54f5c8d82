import { z } from "zod";
import { NOT_READY_REASONS } from "./routing";

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
  /** Average time on hold per handled contact (talk excludes it: handling = talk + hold + wrap-up). */
  averageHoldSeconds: Nullable,
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
  /** Outbound call-backs an agent dialled, and those where the customer was reached. */
  outboundAttempts: z.number(),
  outboundReached: z.number(),
  /** Satisfaction scores (1–5) recorded: how many, their average, and the share of 4 and 5 (CSAT %). */
  csatResponses: z.number(),
  csatAverage: Nullable,
  csatSatisfied: Nullable,
  /** Answered contacts of a known customer, and the share the customer did not follow up on the line within the line's window. */
  fcrContacts: z.number(),
  firstContactResolution: Nullable,
  /**
   * The agents' time apportioned to these contacts' line (decision 0016): seconds logged in, occupancy =
   * handling ÷ (handling + available idle) and utilisation = handling ÷ logged-in time; null without time.
   */
  staffedSeconds: z.number(),
  occupancy: Nullable,
  utilisation: Nullable,
  /**
   * The not-ready part of that logged-in time (neither handling nor available), in seconds, and split by the
   * reason the agent gave (every reason present, 0 when unused; a reason outside the list counts as "other").
   */
  notReadySeconds: z.number(),
  notReadyByReason: z.record(z.enum(NOT_READY_REASONS), z.number()),
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

export const REPORT_FREQUENCIES = ["daily", "weekly", "monthly"] as const;
/** A scheduled e-mail report of a line (GET/POST /reports/schedules). */
export const ReportSchedule = z.object({
  id: z.string(),
  tenantId: z.string(),
  frequency: z.enum(REPORT_FREQUENCIES),
  recipients: z.array(z.string()),
  hour: z.number(),
  active: z.boolean(),
  nextRunAt: z.string(),
  lastRunAt: z.string().nullable(),
});
export type ReportSchedule = z.infer<typeof ReportSchedule>;

/** A line's cost inputs, set by the center manager; the defaults are placeholders to be replaced. */
export const RoiInputs = z.object({
  /** What one paid agent hour costs the center (wages, seats, supervision), in shekels. */
  costPerAgentHour: z.number().min(0).max(10_000).default(80),
  /**
   * A manual occupancy (handling ÷ handling and available idle time) overriding the measured one; empty
   * (null): the period's measured occupancy (decision 0016), else DEFAULT_ROI_OCCUPANCY when none is measured.
   */
  occupancy: z.number().min(0.05).max(1).nullable().default(null),
  /** Other cost of each handled contact (telephony, licences), in shekels. */
  costPerContact: z.number().min(0).max(10_000).default(0),
  /** The handling time before (a past period, or the contract's assumption); empty: no saving computed. */
  baselineHandleSeconds: z.number().min(0).max(36_000).nullable().default(null),
  /** The wrap-up codes that mean a deal was closed, and what one deal is worth, in shekels. */
  saleCodes: z.array(z.string().min(1).max(60)).max(20).default([]),
  revenuePerSale: z.number().min(0).max(10_000_000).default(0),
  /** First-contact resolution's window: a contact counts as resolved if its customer did not come back to the line within these days. */
  fcrWindowDays: z.union([z.literal(1), z.literal(3), z.literal(7), z.literal(14), z.literal(30)]).default(7),
});
export type RoiInputs = z.infer<typeof RoiInputs>;
/** The occupancy the return on service assumes when none is set and the period has no agent time measured. */
export const DEFAULT_ROI_OCCUPANCY = 0.85;

/** The return on service of a period (GET /reports/roi). */
export const RoiResponse = z.object({
  tenantId: z.string(),
  inputs: RoiInputs,
  /**
   * The occupancy the staffed hours were taken with, and where it came from: the manual input, the period's
   * measured occupancy, or the default (nothing measured); the measured one is given either way.
   */
  occupancy: z.number(),
  occupancySource: z.enum(["manual", "measured", "default"]),
  measuredOccupancy: Nullable,
  handled: z.number(),
  handleHours: z.number(),
  staffedHours: z.number(),
  staffingCost: z.number(),
  costPerContact: Nullable,
  handleTimeSavedHours: Nullable,
  handleTimeSavedValue: Nullable,
  deals: z.number(),
  revenue: z.number(),
  net: z.number(),
  returnOnStaffing: Nullable,
});
export type RoiResponse = z.infer<typeof RoiResponse>;

/** A customer's satisfaction score on a contact (POST /interactions/:id/csat; the chat widget's rating). */
export const CsatRequest = z.object({
  score: z.number().int().min(1).max(5),
  source: z.enum(["chat", "ivr", "sms", "email", "other"]).default("other"),
});
export type CsatRequest = z.infer<typeof CsatRequest>;

export interface MetricsRow {
  interval: string;
  queueId: string | null;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinTarget: number;
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

export interface QueueReport {
  tenantId: string;
  timeZone: string;
  items: MetricsRow[];
}

export interface Breach {
  interactionId: string;
  queueId: string | null;
  arrivedAt: string;
  topic: string | null;
  limitSeconds: number;
  waitSeconds: number;
  outcome: "answered_late" | "unanswered";
}

export interface ComplianceReport {
  voiceContacts: number;
  obligated: number;
  answeredInTime: number;
  share: number | null;
  endedBeforeLimit: number;
  sixMinuteTopics: { obligated: number; answeredInTime: number };
  threeMinuteTopics: { obligated: number; answeredInTime: number };
  breaches: Breach[];
}

/** The figures of one group of contacts (GET /reports/summary and /reports/dashboard). */
export interface Figures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinTarget: number;
  serviceLevel: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  p90SpeedOfAnswerSeconds: number | null;
  longestWaitSeconds: number | null;
  averageTalkSeconds: number | null;
  averageWrapUpSeconds: number | null;
  averageHandleSeconds: number | null;
  handleSeconds: number;
  transfers: number;
  callbacksRequested: number;
  callbacksCompleted: number;
  messagesTaken: number;
  overflowed: number;
  obligated: number;
  answeredInTime: number;
  compliance: number | null;
}

export interface SummaryItem extends Figures {
  key: string;
  label: string | null;
}

export interface Dashboard {
  tenantId: string;
  timeZone: string;
  totals: Figures;
  trend: { granularity: "day" | "week"; items: SummaryItem[] };
  intraday: SummaryItem[];
  heatmap: SummaryItem[];
  agents: SummaryItem[];
  queues: SummaryItem[];
  channels: SummaryItem[];
}

export type Breakdown = "day" | "week" | "queue" | "channel" | "agent" | "team" | "hour";
export const BREAKDOWNS: readonly Breakdown[] = ["day", "week", "queue", "channel", "agent", "team", "hour"];

/** The numbers a report cell opens onto (GET /reports/contacts?measure=). */
export type Measure = "offered" | "answered" | "answeredOutsideTarget" | "abandoned" | "shortAbandoned" | "transfers" | "callbacksRequested" | "callbacksCompleted" | "messagesTaken" | "breached";

export interface ContactRow {
  id: string;
  arrivedAt: string;
  channel: string;
  topic: string | null;
  queueId: string | null;
  agentId: string | null;
  final: string | null;
  waitSeconds: number | null;
  handleSeconds: number | null;
  transfers: number;
}

// The reports API's shapes come from the shared contracts; the rest is the reports module's own.
export type { Breach, ComplianceReport, ContactRow, Dashboard, Figures, MetricsRow, QueueReport, ReportSchedule, RoiInputs, RoiResponse, SummaryItem } from "@moked/contracts";

export type Breakdown = "day" | "week" | "queue" | "channel" | "agent" | "team" | "hour";
export const BREAKDOWNS: readonly Breakdown[] = ["day", "week", "queue", "channel", "agent", "team", "hour"];

/** The numbers a report cell opens onto (GET /reports/contacts?measure=). */
export type Measure = "offered" | "answered" | "answeredOutsideTarget" | "abandoned" | "shortAbandoned" | "transfers" | "callbacksRequested" | "callbacksCompleted" | "messagesTaken" | "breached" | "outboundAttempts" | "outboundReached";


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

/** The message center's shapes, as the API returns them. */
export type MessageStatus = "new" | "acknowledged" | "handled";
export const MESSAGE_STATUSES: readonly MessageStatus[] = ["new", "acknowledged", "handled"];

export interface Message {
  id: string;
  tenantId: string;
  interactionId: string | null;
  customerName: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  subject: string;
  category: string | null;
  urgency: "normal" | "urgent";
  body: string;
  fields: Record<string, unknown>;
  status: MessageStatus;
  source: string;
  createdAt: string;
  callbackDueAt: string | null;
  acknowledgedAt: string | null;
  handledAt: string | null;
}

export interface Delivery {
  channel: string;
  destination: string;
  status: "queued" | "sending" | "sent" | "failed" | "bounced" | "held" | "digested";
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

/** A line's own message field and its settings, as packages/contracts defines them for server and web. */
export type { MessageField as FormField, MessageSettingsView as MessageSettings } from "@moked/contracts";

export interface Person {
  id: string;
  name: string;
  email?: string | null;
  phone?: string | null;
}

export interface DispatchLogEntry {
  at: string;
  action: "notified" | "escalated" | "acknowledged" | "exhausted" | "bounced";
  memberId?: string | null;
  memberName?: string | null;
  by?: string | null;
  note?: string | null;
}

export interface Dispatch {
  id: string;
  tenantId: string;
  messageId: string;
  status: "pending" | "notifying" | "acknowledged" | "exhausted";
  step: number;
  chain: Person[];
  log: DispatchLogEntry[];
  createdAt: string;
  acknowledgedAt: string | null;
}

/** Roles that may take a message for a line (everyone but the client). */
export const TAKER_ROLES = ["admin", "center_manager", "shift_manager", "team_leader", "agent"];
/** Roles that acknowledge and close messages: the client itself and center staff, not agents. */
export const HANDLER_ROLES = ["admin", "center_manager", "shift_manager", "team_leader", "client_viewer"];

/** Roles that change on-call rosters and their overrides. */
export const ROSTER_EDITORS = ["admin", "center_manager"];

export const STATUS_COLOR: Record<MessageStatus, string> = { new: "blue", acknowledged: "yellow", handled: "gray" };

export type { OnCallSegment, OnCallWeek } from "@moked/contracts";

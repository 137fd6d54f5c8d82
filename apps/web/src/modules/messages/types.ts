/** The message center's shapes, as the API returns them. */
import type { MessageDelivery, MessageView } from "@moked/contracts";

export type MessageStatus = "new" | "acknowledged" | "handled";
export const MESSAGE_STATUSES: readonly MessageStatus[] = ["new", "acknowledged", "handled"];

/** A message as the API returns it (packages/contracts), with the statuses the screens switch on. */
export type Message = Omit<MessageView, "status"> & { status: MessageStatus };

/** One forwarding of a message and how far it got through the outbox. */
export type Delivery = Omit<MessageDelivery, "status"> & { status: "queued" | "sending" | "sent" | "failed" | "bounced" | "held" | "digested" };

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

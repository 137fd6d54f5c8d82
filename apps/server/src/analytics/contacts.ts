import { localTime } from "@moked/routing";
import { FINAL_STATE_OF } from "../routing/projection";

/** One event as the reports read it (a row of interaction_events). */
export interface ReportEvent {
  interactionId: string;
  type: string;
  at: number;
  /** The agent the event concerns (a column of its own in interaction_events). */
  agentId?: string | null;
  data: Record<string, unknown>;
}

/** One contact as the reports read it (a row of interactions). */
export interface ReportInteraction {
  id: string;
  tenantId: string;
  queueId: string | null;
  channel: string;
  topic: string | null;
  arrivedAt: number;
  /** Who the customer is, when known (first-contact resolution follows a customer's contacts). */
  customerRef?: string | null;
}

/** What the events say happened to one contact, folded once for every report. */
export interface ContactFacts extends ReportInteraction {
  /** The queue it arrived in: figures belong to the queue that was offered the contact. */
  firstQueueId: string | null;
  answeredAt: number | null;
  /** The agent who answered first: agent figures belong to them. */
  answeredBy: string | null;
  completedAt: number | null;
  wrappedAt: number | null;
  endedAt: number | null;
  final: string | null;
  shortAbandon: boolean;
  transfers: number;
  callbackRequested: boolean;
  messageLeft: boolean;
  /** When the customer chose a message or a call-back (which ends the statutory obligation). */
  choseAt: number | null;
  /** Time on hold while connected, and since when the customer is on hold now (null: not). */
  holdMs: number;
  heldSince: number | null;
  /** An outbound call-back ended by the agent as not reached. */
  notReached: boolean;
  /** The customer's satisfaction score (1–5), the first one recorded. */
  csat: number | null;
  /**
   * From this contact's arrival to its customer's next contact on the line, when a report must count the
   * repeat on the spot (see store.ts); absent when the stored aggregates hold it.
   */
  nextContactGapMs?: number | null;
}


export function foldContacts(interactions: ReportInteraction[], events: ReportEvent[]): ContactFacts[] {
  const byId = new Map<string, ContactFacts>();
  for (const i of interactions) {
    byId.set(i.id, {
      ...i,
      firstQueueId: i.queueId,
      answeredAt: null,
      answeredBy: null,
      completedAt: null,
      wrappedAt: null,
      endedAt: null,
      final: null,
      shortAbandon: false,
      transfers: 0,
      callbackRequested: false,
      messageLeft: false,
      choseAt: null,
      holdMs: 0,
      heldSince: null,
      notReached: false,
      csat: null,
    });
  }
  const ordered = [...events].sort((a, b) => a.at - b.at);
  for (const e of ordered) {
    const c = byId.get(e.interactionId);
    if (!c) continue;
    switch (e.type) {
      case "interaction.arrived":
        if (typeof e.data.queueId === "string") c.firstQueueId = e.data.queueId;
        break;
      case "interaction.answered":
        if (c.answeredAt === null) {
          c.answeredAt = e.at;
          const agent = e.agentId ?? e.data.agentId;
          c.answeredBy = typeof agent === "string" ? agent : null;
        }
        break;
      case "interaction.held":
        c.heldSince ??= e.at;
        break;
      case "interaction.resumed":
        endHold(c, e.at);
        break;
      case "interaction.completed":
        endHold(c, e.at);
        c.completedAt = e.at;
        if (e.data.reached === false) c.notReached = true;
        break;
      case "interaction.csat_recorded":
        if (c.csat === null && typeof e.data.score === "number") c.csat = e.data.score;
        break;
      case "interaction.wrapped_up":
        c.wrappedAt = e.at;
        break;
      case "interaction.transferred":
        endHold(c, e.at);
        c.transfers++;
        break;
      case "interaction.customer_chose":
        if (e.data.choice !== "hold") c.choseAt ??= e.at;
        break;
    }
    const final = FINAL_STATE_OF[e.type];
    if (final && c.final === null) {
      c.final = final;
      c.endedAt = e.at;
      if (final === "abandoned") c.shortAbandon = e.data.short === true;
      if (final === "callback") c.callbackRequested = true;
      if (final === "message") c.messageLeft = true;
    }
  }
  return [...byId.values()];
}

/** A hold ends at the resume, or when the contact ends or is transferred while on hold. */
function endHold(c: ContactFacts, at: number): void {
  if (c.heldSince === null) return;
  c.holdMs += Math.max(0, at - c.heldSince);
  c.heldSince = null;
}

/**
 * The reporting interval an instant falls in, in the client line's time zone: its local start as an ISO
 * time with the offset in force, so the repeated hour of a daylight-saving change stays two intervals.
 */
export function intervalStart(at: number, timeZone: string, minutes: number): string {
  const local = localTime(at, timeZone);
  const [y, m, d] = local.date.split("-").map(Number) as [number, number, number];
  const offsetMin = Math.round((Date.UTC(y, m - 1, d, 0, local.minutes) - Math.floor(at / 60_000) * 60_000) / 60_000);
  const start = Math.floor(local.minutes / minutes) * minutes;
  const hh = String(Math.floor(start / 60)).padStart(2, "0");
  const mm = String(start % 60).padStart(2, "0");
  const sign = offsetMin >= 0 ? "+" : "-";
  const off = Math.abs(offsetMin);
  return `${local.date}T${hh}:${mm}${sign}${String(Math.floor(off / 60)).padStart(2, "0")}:${String(off % 60).padStart(2, "0")}`;
}

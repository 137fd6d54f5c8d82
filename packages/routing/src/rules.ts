import { nextClosing, nextOpening } from "./calendar";
import type { BusinessHoursCalendar } from "./types";

/**
 * The Israeli answer-time rules (Consumer Protection Law, amendment 57): a human must answer a voice call
 * within 6 minutes for fault handling, billing enquiries and contract termination, and within 3 minutes for
 * other topics under the older rules. The clock runs from the call's arrival; menus, recordings and load do
 * not pause it.
 */
export const SIX_MINUTE_TOPICS = new Set(["fault", "billing", "termination"]);
const MINUTE = 60_000;

export function answerDeadlineMs(topic: string | undefined): number {
  return topic && SIX_MINUTE_TOPICS.has(topic) ? 6 * MINUTE : 3 * MINUTE;
}

/** On the 3-minute topics the caller must be offered, within 2 minutes, to hold or leave a message. */
export const CHOICE_OFFER_MS = 90_000;
/** A deadline is "at risk" from this share of it on, for the wallboard to warn before the breach. */
export const AT_RISK_SHARE = 0.75;

/**
 * A message left with the center must be called back by a human within 3 hours; if it was left while the
 * line is closed, or within 2 hours of closing, within 3 hours of the next opening.
 */
export function messageCallbackDue(calendar: BusinessHoursCalendar, timeZone: string, leftAt: number): number {
  const threeHours = 3 * 60 * MINUTE;
  if (calendar.alwaysOpen) return leftAt + threeHours;
  const closing = nextClosing(calendar, timeZone, leftAt);
  if (closing !== null && closing - leftAt > 2 * 60 * MINUTE) return leftAt + threeHours;
  const opening = nextOpening(calendar, timeZone, closing ?? leftAt);
  return (opening ?? leftAt) + threeHours;
}

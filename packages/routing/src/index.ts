/**
 * @moked/routing — the pure skills-based ACD: commands in, events out, no I/O, no clock, no randomness.
 * See README.md.
 */
export * from "./types";
export { RoutingEngine, type EngineState } from "./engine";
export { Heap } from "./heap";
export type { AgentView, ContactView, QueueStats, QueueCounters } from "./views";
export { isOpen, nextOpening, nextClosing, localTime, isShabbatOrHoliday, zonedInstant } from "./calendar";
export { answerDeadlineMs, messageCallbackDue, SIX_MINUTE_TOPICS, CHOICE_OFFER_MS, AT_RISK_SHARE } from "./rules";

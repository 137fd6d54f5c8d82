import { NOT_READY_REASONS, type Figures } from "@moked/contracts";
import { complianceOutcome } from "./compliance";
import type { ContactFacts } from "./contacts";

/**
 * The additive figures of a set of contacts: what one `report_intervals` row holds. Every field is a count,
 * a sum or a maximum, so the figures of any period, queue, channel or agent are the tallies added up;
 * averages and shares are taken only at the end (`figuresOf`), and the 90th percentile comes from the
 * histogram of waits in whole seconds.
 */
export interface Tally {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredInSl: number;
  waitMsSum: number;
  waitHist: Record<string, number>;
  longestWaitMs: number;
  talkMsSum: number;
  talkCount: number;
  holdMsSum: number;
  wrapMsSum: number;
  wrapCount: number;
  handleMsSum: number;
  handleCount: number;
  transfers: number;
  callbacksRequested: number;
  callbacksCompleted: number;
  messagesTaken: number;
  overflowed: number;
  voiceContacts: number;
  obligated: number;
  answeredInTime: number;
  sixObligated: number;
  sixInTime: number;
  endedBeforeLimit: number;
  outboundAttempts: number;
  outboundReached: number;
  csatCount: number;
  csatSum: number;
  csatSatisfied: number;
  fcrEligible: number;
  repeatD1: number;
  repeatD3: number;
  repeatD7: number;
  repeatD14: number;
  repeatD30: number;
  /**
   * The line's share of its agents' time (decision 0016), kept in agent_intervals rather than in a
   * report_intervals row: staffed (logged in), handling (talk, hold, wrap-up) and available idle.
   */
  staffedMs: number;
  occupiedMs: number;
  idleMs: number;
  /** The not-ready rest of the staffed time, and the same split by reason (ms, reasons as in NOT_READY_REASONS). */
  notReadyMs: number;
  notReadyReasons: Record<string, number>;
}

/** The agent-time fields of a tally, added up like the sums but not stored in report_intervals. */
export const TIME_FIELDS = ["staffedMs", "occupiedMs", "idleMs", "notReadyMs"] as const satisfies ReadonlyArray<keyof Tally>;

/** The summed columns, in the table's order (the histogram and the maximum are merged apart). */
export const SUM_FIELDS = [
  "offered",
  "answered",
  "abandoned",
  "shortAbandoned",
  "answeredInSl",
  "waitMsSum",
  "talkMsSum",
  "talkCount",
  "holdMsSum",
  "wrapMsSum",
  "wrapCount",
  "handleMsSum",
  "handleCount",
  "transfers",
  "callbacksRequested",
  "callbacksCompleted",
  "messagesTaken",
  "overflowed",
  "voiceContacts",
  "obligated",
  "answeredInTime",
  "sixObligated",
  "sixInTime",
  "endedBeforeLimit",
  "outboundAttempts",
  "outboundReached",
  "csatCount",
  "csatSum",
  "csatSatisfied",
  "fcrEligible",
  "repeatD1",
  "repeatD3",
  "repeatD7",
  "repeatD14",
  "repeatD30",
] as const satisfies ReadonlyArray<keyof Tally>;

export function emptyTally(): Tally {
  const t = { waitHist: {}, longestWaitMs: 0, notReadyReasons: {} } as Partial<Tally>;
  for (const f of SUM_FIELDS) t[f] = 0;
  for (const f of TIME_FIELDS) t[f] = 0;
  return t as Tally;
}

/** Adds `from` into `into`. */
export function addTally(into: Tally, from: Tally): Tally {
  for (const f of SUM_FIELDS) into[f] += from[f];
  for (const f of TIME_FIELDS) into[f] += from[f] ?? 0;
  if (from.longestWaitMs > into.longestWaitMs) into.longestWaitMs = from.longestWaitMs;
  for (const k in from.waitHist) into.waitHist[k] = (into.waitHist[k] ?? 0) + from.waitHist[k]!;
  for (const k in from.notReadyReasons) into.notReadyReasons[k] = (into.notReadyReasons[k] ?? 0) + from.notReadyReasons[k]!;
  return into;
}

/**
 * One contact's tally. It counts where it arrived (its first queue), however long it lasted; waits are
 * measured from arrival, as the customer lived them; `now` only matters for a contact still waiting.
 */
export function tallyContact(c: ContactFacts, targetSeconds: number, now: number): Tally {
  const t = emptyTally();
  t.offered = 1;
  if (c.answeredAt !== null) {
    const wait = c.answeredAt - c.arrivedAt;
    t.answered = 1;
    if (wait <= targetSeconds * 1000) t.answeredInSl = 1;
    t.waitMsSum = wait;
    t.waitHist[String(Math.round(wait / 1000))] = 1;
    t.longestWaitMs = wait;
    if (c.completedAt !== null) {
      // Handling is talk + hold + wrap-up: the time on hold is taken out of the talk.
      t.holdMsSum = c.holdMs;
      t.talkMsSum = c.completedAt - c.answeredAt - c.holdMs;
      t.talkCount = 1;
      t.handleMsSum = (c.wrappedAt ?? c.completedAt) - c.answeredAt;
      t.handleCount = 1;
      if (c.wrappedAt !== null) {
        t.wrapMsSum = c.wrappedAt - c.completedAt;
        t.wrapCount = 1;
      }
    }
    if (c.channel === "callback") {
      t.callbacksCompleted = 1;
      t.outboundAttempts = 1;
      if (c.completedAt !== null && !c.notReached) t.outboundReached = 1;
    }
    if (c.customerRef) t.fcrEligible = 1;
  }
  if (c.csat !== null) {
    t.csatCount = 1;
    t.csatSum = c.csat;
    if (c.csat >= 4) t.csatSatisfied = 1;
  }
  if (c.nextContactGapMs !== undefined && c.nextContactGapMs !== null && t.fcrEligible) Object.assign(t, repeatTally(c.nextContactGapMs));
  if (c.final === "abandoned") {
    t.abandoned = 1;
    if (c.shortAbandon) t.shortAbandoned = 1;
    t.longestWaitMs = Math.max(t.longestWaitMs, c.endedAt! - c.arrivedAt);
  }
  t.transfers = c.transfers;
  if (c.callbackRequested) t.callbacksRequested = 1;
  if (c.messageLeft) t.messagesTaken = 1;
  if (c.final === "overflowed") t.overflowed = 1;
  const rule = complianceOutcome(c, now);
  if (rule) {
    t.voiceContacts = 1;
    if (rule.status === "ended_before") t.endedBeforeLimit = 1;
    if (rule.status === "in_time" || rule.status === "breach") {
      t.obligated = 1;
      if (rule.sixMinutes) t.sixObligated = 1;
      if (rule.status === "in_time") {
        t.answeredInTime = 1;
        if (rule.sixMinutes) t.sixInTime = 1;
      }
    }
  }
  return t;
}

/** The windows (days) first-contact resolution can be measured over: the line's setting picks one. */
export const FCR_WINDOWS = [1, 3, 7, 14, 30] as const;
export type FcrWindow = (typeof FCR_WINDOWS)[number];
const REPEAT_FIELD = { 1: "repeatD1", 3: "repeatD3", 7: "repeatD7", 14: "repeatD14", 30: "repeatD30" } as const satisfies Record<FcrWindow, keyof Tally>;

/**
 * The repeat marks of one answered contact whose customer came back to the line `gapMs` after its
 * arrival: counted in every window the gap falls inside (a gap of exactly 7 days is not within 7).
 */
export function repeatTally(gapMs: number): Partial<Tally> {
  const marks: Partial<Tally> = {};
  for (const d of FCR_WINDOWS) if (gapMs < d * 86_400_000) marks[REPEAT_FIELD[d]] = 1;
  return marks;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const mean = (sumMs: number, n: number) => (n > 0 ? round1(sumMs / n / 1000) : null);
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** Nearest-rank percentile of a histogram of whole seconds, the definition most contact-center reports use. */
export function histogramPercentile(hist: Record<string, number>, p: number): number | null {
  const entries = Object.entries(hist)
    .map(([k, n]) => [Number(k), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [seconds, n] of entries) {
    seen += n;
    if (seen >= rank) return seconds;
  }
  return entries[entries.length - 1]![0];
}

/**
 * What a report shows of a tally: counts, the service level, averages and the 90th percentile;
 * first-contact resolution over the line's window (7 days unless set).
 */
export function figuresOf(t: Tally, fcrWindowDays: FcrWindow = 7): Figures {
  const base = t.answered + t.abandoned - t.shortAbandoned;
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    shortAbandoned: t.shortAbandoned,
    answeredWithinTarget: t.answeredInSl,
    serviceLevel: ratio(t.answeredInSl, base),
    averageSpeedOfAnswerSeconds: mean(t.waitMsSum, t.answered),
    p90SpeedOfAnswerSeconds: histogramPercentile(t.waitHist, 0.9),
    longestWaitSeconds: t.answered + t.abandoned > 0 ? round1(t.longestWaitMs / 1000) : null,
    averageTalkSeconds: mean(t.talkMsSum, t.talkCount),
    averageHoldSeconds: mean(t.holdMsSum, t.talkCount),
    averageWrapUpSeconds: mean(t.wrapMsSum, t.wrapCount),
    averageHandleSeconds: mean(t.handleMsSum, t.handleCount),
    handleSeconds: round1(t.handleMsSum / 1000),
    transfers: t.transfers,
    callbacksRequested: t.callbacksRequested,
    callbacksCompleted: t.callbacksCompleted,
    messagesTaken: t.messagesTaken,
    overflowed: t.overflowed,
    obligated: t.obligated,
    answeredInTime: t.answeredInTime,
    compliance: ratio(t.answeredInTime, t.obligated),
    outboundAttempts: t.outboundAttempts,
    outboundReached: t.outboundReached,
    csatResponses: t.csatCount,
    csatAverage: t.csatCount > 0 ? Math.round((t.csatSum / t.csatCount) * 100) / 100 : null,
    csatSatisfied: ratio(t.csatSatisfied, t.csatCount),
    fcrContacts: t.fcrEligible,
    firstContactResolution: ratio(t.fcrEligible - t[REPEAT_FIELD[fcrWindowDays]], t.fcrEligible),
    staffedSeconds: round1(t.staffedMs / 1000),
    occupancy: ratio(t.occupiedMs, t.occupiedMs + t.idleMs),
    utilisation: ratio(t.occupiedMs, t.staffedMs),
    notReadySeconds: round1(t.notReadyMs / 1000),
    notReadyByReason: Object.fromEntries(NOT_READY_REASONS.map((r) => [r, round1((t.notReadyReasons[r] ?? 0) / 1000)])) as Figures["notReadyByReason"],
  };
}

export type { Figures };

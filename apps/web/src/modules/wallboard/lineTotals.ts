import type { QueueStats } from "../desk/types";

/** One client business's figures over all its queues, as the wallboard's summary row shows them. */
export interface LineTotals {
  tenantId: string;
  queues: number;
  waiting: number;
  longestWaitSeconds: number;
  /** Answered within the threshold over answered and abandoned (short abandons left out), today; null before any. */
  serviceLevel: number | null;
  answeredToday: number;
  abandonedToday: number;
  breachesToday: number;
  /** Weighted by each queue's answered contacts. */
  averageSpeedOfAnswerSeconds: number | null;
  /** Weighted by each queue's handled contacts. */
  averageHandleSeconds: number | null;
}

/**
 * Adds up each line's queues. Service level, speed of answer and handling time are recombined from each queue's counts (a
 * busy queue weighs more than a quiet one), never averaged as percentages.
 */
export function lineTotals(queues: readonly QueueStats[]): Map<string, LineTotals> {
  const totals = new Map<string, LineTotals & { inSl: number; slBase: number; waitSum: number; handled: number; handleSum: number }>();
  for (const q of queues) {
    const t = totals.get(q.tenantId) ?? {
      tenantId: q.tenantId,
      queues: 0,
      waiting: 0,
      longestWaitSeconds: 0,
      serviceLevel: null,
      answeredToday: 0,
      abandonedToday: 0,
      breachesToday: 0,
      averageSpeedOfAnswerSeconds: null,
      averageHandleSeconds: null,
      inSl: 0,
      slBase: 0,
      waitSum: 0,
      handled: 0,
      handleSum: 0,
    };
    const slBase = q.answeredToday + q.abandonedToday - q.shortAbandonedToday;
    t.queues++;
    t.waiting += q.waiting;
    t.longestWaitSeconds = Math.max(t.longestWaitSeconds, q.longestWaitSeconds);
    t.answeredToday += q.answeredToday;
    t.abandonedToday += q.abandonedToday;
    t.breachesToday += q.breachesToday;
    t.slBase += slBase;
    t.inSl += q.serviceLevel === null ? 0 : Math.round(q.serviceLevel * slBase);
    t.waitSum += (q.averageSpeedOfAnswerSeconds ?? 0) * q.answeredToday;
    t.handled += q.handledToday;
    t.handleSum += (q.averageHandleSeconds ?? 0) * q.handledToday;
    totals.set(q.tenantId, t);
  }
  const result = new Map<string, LineTotals>();
  for (const { inSl, slBase, waitSum, handled, handleSum, ...t } of totals.values()) {
    result.set(t.tenantId, {
      ...t,
      serviceLevel: slBase > 0 ? inSl / slBase : null,
      averageSpeedOfAnswerSeconds: t.answeredToday > 0 ? Math.round((waitSum / t.answeredToday) * 10) / 10 : null,
      averageHandleSeconds: handled > 0 ? Math.round((handleSum / handled) * 10) / 10 : null,
    });
  }
  return result;
}

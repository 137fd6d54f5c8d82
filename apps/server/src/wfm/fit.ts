import { and, eq, gte, sql } from "drizzle-orm";
import type { FittedQueue } from "@moked/contracts";
import { canSeeTenant, interactions, queues, withTenantScope, type Db, type TenantScope } from "@moked/db";
import { distributionMean, fitLognormal, fitPatience, type Distribution } from "@moked/wfm";
import { notFound } from "../core/errors";

interface FitSums {
  handled: number;
  sumLog: number;
  sumLog2: number;
  abandons: number;
  waits: number;
}

export interface QueueFit {
  queueId: string;
  queue: string;
  contacts: number;
  handle: Distribution | null;
  patience: Distribution | null;
  abandons: number;
  sums: FitSums;
}

const fitOf = (s: FitSums) => ({ handle: fitLognormal(s.handled, s.sumLog, s.sumLog2), patience: fitPatience(s.abandons, s.waits) });

/** The whole line's fit: the queues' sums pooled. */
export function pooledFit(fits: readonly QueueFit[]): { handle: Distribution | null; patience: Distribution | null } {
  const total: FitSums = { handled: 0, sumLog: 0, sumLog2: 0, abandons: 0, waits: 0 };
  for (const f of fits) for (const k of Object.keys(total) as Array<keyof FitSums>) total[k] += f.sums[k];
  return fitOf(total);
}

/**
 * Handling time (lognormal) and patience (exponential, answered waits censoring it) of each queue of a
 * line, fitted to its last `weeks` of contacts; the sums come from the database, the fit from @moked/wfm.
 */
export async function fitLineQueues(db: Db, scope: TenantScope, tenantId: string, weeks: number, now = Date.now()): Promise<QueueFit[]> {
  if (!canSeeTenant(scope, tenantId)) throw notFound("client line");
  const handled = sql`${interactions.answeredAt} is not null and ${interactions.endedAt} > ${interactions.answeredAt}`;
  const handleLog = sql`ln(extract(epoch from ${interactions.endedAt} - ${interactions.answeredAt}))`;
  const abandoned = sql`${interactions.finalState} = 'abandoned' and ${interactions.endedAt} is not null`;
  const rows = await withTenantScope(db, scope, (tx) =>
    tx
      .select({
        queueId: queues.id,
        queue: queues.name,
        contacts: sql<number>`count(*)::int`,
        handled: sql<number>`(count(*) filter (where ${handled}))::int`,
        sumLog: sql<number | null>`sum(${handleLog}) filter (where ${handled})`,
        sumLog2: sql<number | null>`sum(${handleLog} * ${handleLog}) filter (where ${handled})`,
        abandons: sql<number>`(count(*) filter (where ${abandoned}))::int`,
        // Every caller's wait: to the answer, or to the hang-up.
        waits: sql<number | null>`sum(extract(epoch from coalesce(${interactions.answeredAt}, ${interactions.endedAt}) - ${interactions.arrivedAt})) filter (where ${interactions.answeredAt} is not null or (${abandoned}))`,
      })
      .from(interactions)
      .innerJoin(queues, eq(queues.id, interactions.queueId))
      .where(and(eq(interactions.tenantId, tenantId), gte(interactions.arrivedAt, new Date(now - weeks * 7 * 86_400_000))))
      .groupBy(queues.id, queues.name)
      .orderBy(sql`count(*) desc`),
  );
  return rows.map((r) => {
    const sums = { handled: Number(r.handled), sumLog: Number(r.sumLog ?? 0), sumLog2: Number(r.sumLog2 ?? 0), abandons: Number(r.abandons), waits: Number(r.waits ?? 0) };
    return { queueId: r.queueId, queue: r.queue, contacts: Number(r.contacts), abandons: sums.abandons, sums, ...fitOf(sums) };
  });
}

/** A fit as the API shows it. */
export function toFittedQueue(f: QueueFit): FittedQueue {
  return {
    queueId: f.queueId,
    queue: f.queue,
    contacts: f.contacts,
    handle: f.handle?.kind === "lognormal" ? { mu: f.handle.mu, sigma: f.handle.sigma, meanSeconds: distributionMean(f.handle) } : null,
    patience: f.patience ? { meanSeconds: distributionMean(f.patience), abandons: f.abandons } : null,
  };
}

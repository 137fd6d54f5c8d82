import { and, eq, gte, lt, sql } from "drizzle-orm";
import { canSeeTenant, interactions, tenants, withTenantScope, type Db, type TenantScope } from "@moked/db";
import { backtest, forecastContacts, type Adjustment, type ForecastPoint } from "@moked/wfm";
import { badRequest, notFound } from "../core/errors";

export interface LineForecast {
  timeZone: string;
  historyContacts: number;
  points: ForecastPoint[];
  /** WAPE of the same model on the last week of history, fitted without it (three weeks or more). */
  accuracy: { holdoutWeeks: number; intervalWape: number; dailyWape: number } | null;
}

export interface ForecastQuery {
  weeks: number;
  intervalMinutes: number;
  horizon: number;
  now?: number;
  /** Only this queue's or this channel's contacts. */
  queueId?: string | undefined;
  channel?: string | undefined;
  adjustments?: Adjustment[] | undefined;
  /**
   * Only contacts needing this language (`lang:xx` among their required skills); with `orUnmarked`, also
   * those needing no language at all (the line's first language takes them).
   */
  language?: { code: string; orUnmarked: boolean } | undefined;
  /** Fewest contacts in the history to forecast from (default 50). */
  minContacts?: number;
  /** Skip the held-out week (a second fit) when only the forecast is wanted. */
  withAccuracy?: boolean;
}

/** Contacts needing language `code`, or (with `orUnmarked`) needing no language. */
function languageFilter(code: string, orUnmarked: boolean) {
  const needs = sql`${interactions.requiredSkills} @> ${JSON.stringify([{ skill: `lang:${code}` }])}::jsonb`;
  if (!orUnmarked) return needs;
  return sql`(${needs} or not exists (select 1 from jsonb_array_elements(${interactions.requiredSkills}) e where e->>'skill' like 'lang:%'))`;
}

/**
 * Forecasts a client line's contacts per interval from its last `weeks` of arrivals, for `horizon`
 * intervals from the current one on. Not enough history is the caller's problem to show (400).
 */
export async function forecastLine(db: Db, scope: TenantScope, tenantId: string, o: ForecastQuery): Promise<LineForecast> {
  if (!canSeeTenant(scope, tenantId)) throw notFound("client line");
  const [tenant] = await db.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("client line");
  const step = o.intervalMinutes * 60_000;
  const end = Math.floor((o.now ?? Date.now()) / step) * step;
  const from = end - o.weeks * 7 * 86_400_000;
  const counts = await withTenantScope(db, scope, (tx) =>
    tx
      .select({
        bucket: sql<string>`floor(extract(epoch from ${interactions.arrivedAt}) * 1000 / ${step})::bigint`,
        n: sql<number>`count(*)::int`,
        // Handling time of the answered contacts: from answer to the end (talk and wrap-up).
        handle: sql<number | null>`avg(extract(epoch from ${interactions.endedAt} - ${interactions.answeredAt})) filter (where ${interactions.answeredAt} is not null and ${interactions.endedAt} is not null)`,
      })
      .from(interactions)
      .where(
        and(
          eq(interactions.tenantId, tenantId),
          gte(interactions.arrivedAt, new Date(from)),
          lt(interactions.arrivedAt, new Date(end)),
          o.queueId ? eq(interactions.queueId, o.queueId) : undefined,
          o.channel ? eq(interactions.channel, o.channel) : undefined,
          o.language ? languageFilter(o.language.code, o.language.orUnmarked) : undefined,
        ),
      )
      .groupBy(sql`1`),
  );
  const byBucket = new Map(counts.map((c) => [Number(c.bucket), c]));
  const total = counts.reduce((n, c) => n + Number(c.n), 0);
  if (total < (o.minContacts ?? 50)) throw badRequest("not_enough_history", `A forecast needs at least two weeks of contacts; this line has ${total} in the last ${o.weeks} weeks`, { tenantId });
  const history = [];
  for (let t = from; t < end; t += step) {
    const c = byBucket.get(t / step);
    history.push(c?.handle != null ? { start: t, count: Number(c.n), handleSeconds: Number(c.handle) } : { start: t, count: c ? Number(c.n) : 0 });
  }
  const result = forecastContacts(history, { horizon: o.horizon, timeZone: tenant.timeZone, ...(o.adjustments ? { adjustments: o.adjustments } : {}) });
  let accuracy: LineForecast["accuracy"] = null;
  if (o.withAccuracy && o.weeks >= 3) {
    const { accuracy: a } = backtest(history, { timeZone: tenant.timeZone, holdoutWeeks: 1 });
    if (Number.isFinite(a.intervalWape) && Number.isFinite(a.dailyWape)) accuracy = { holdoutWeeks: 1, intervalWape: a.intervalWape, dailyWape: a.dailyWape };
  }
  return { timeZone: tenant.timeZone, historyContacts: total, points: result.points, accuracy };
}

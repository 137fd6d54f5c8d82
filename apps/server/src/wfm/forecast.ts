import { and, eq, gte, lt, sql } from "drizzle-orm";
import { canSeeTenant, interactions, tenants, withTenantScope, type Db, type TenantScope } from "@moked/db";
import { forecastContacts, type ForecastPoint } from "@moked/wfm";
import { badRequest, notFound } from "../core/errors";

export interface LineForecast {
  timeZone: string;
  historyContacts: number;
  points: ForecastPoint[];
}

/**
 * Forecasts a client line's contacts per interval from its last `weeks` of arrivals, for `horizon`
 * intervals from the current one on. Not enough history is the caller's problem to show (400).
 */
export async function forecastLine(db: Db, scope: TenantScope, tenantId: string, o: { weeks: number; intervalMinutes: number; horizon: number; now?: number }): Promise<LineForecast> {
  if (!canSeeTenant(scope, tenantId)) throw notFound("client line");
  const [tenant] = await db.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("client line");
  const step = o.intervalMinutes * 60_000;
  const end = Math.floor((o.now ?? Date.now()) / step) * step;
  const from = end - o.weeks * 7 * 86_400_000;
  const counts = await withTenantScope(db, scope, (tx) =>
    tx
      .select({ bucket: sql<string>`floor(extract(epoch from ${interactions.arrivedAt}) * 1000 / ${step})::bigint`, n: sql<number>`count(*)::int` })
      .from(interactions)
      .where(and(eq(interactions.tenantId, tenantId), gte(interactions.arrivedAt, new Date(from)), lt(interactions.arrivedAt, new Date(end))))
      .groupBy(sql`1`),
  );
  const byBucket = new Map(counts.map((c) => [Number(c.bucket), Number(c.n)]));
  const total = counts.reduce((n, c) => n + Number(c.n), 0);
  if (total < 50) throw badRequest("not_enough_history", `A forecast needs at least two weeks of contacts; this line has ${total} in the last ${o.weeks} weeks`, { tenantId });
  const history = [];
  for (let t = from; t < end; t += step) history.push({ start: t, count: byBucket.get(t / step) ?? 0 });
  const result = forecastContacts(history, { horizon: o.horizon, timeZone: tenant.timeZone });
  return { timeZone: tenant.timeZone, historyContacts: total, points: result.points };
}

import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, RoiInputs } from "@moked/contracts";
import { canSeeTenant, reportSettings, tenants, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../auth/context";
import { badRequest, notFound } from "../core/errors";
import { queueTargets } from "./aggregator";
import type { ComplianceReport } from "@moked/contracts";
import { TOTAL_KEY, type GroupQuery, type Groups } from "./grouped";
import { periodBreaches, periodGroups } from "./store";
import { emptyTally, type FcrWindow, type Tally } from "./tally";

export const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
export const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "client_viewer"] as const;
const MAX_DAYS = 93;

export const Period = z.object({
  tenantId: z.uuid(),
  from: z.iso.datetime({ offset: true }).describe("Start (inclusive), ISO 8601"),
  to: z.iso.datetime({ offset: true }).describe("End (exclusive), ISO 8601"),
});
export const Nullable = z.number().nullable();

export interface LoadedPeriod<G extends string> {
  groups: Groups<G>;
  timeZone: string;
  from: Date;
  to: Date;
  breaches?: ComplianceReport["breaches"];
  /** The line's first-contact-resolution window, in days. */
  fcrWindowDays: FcrWindow;
}

/** A line's first-contact-resolution window (its report settings; 7 days unless set). */
export async function fcrWindowOf(tx: Db, tenantId: string): Promise<FcrWindow> {
  const [row] = await tx.select({ roi: reportSettings.roi }).from(reportSettings).where(eq(reportSettings.tenantId, tenantId));
  return RoiInputs.parse(row?.roi ?? {}).fcrWindowDays;
}

/**
 * A line's figures for a period, grouped as asked, read inside the caller's scope in one snapshot: the
 * stored aggregates plus the contacts they do not hold yet (see store.ts); with `breaches`, the
 * answer-time breaches too.
 */
export async function loadPeriod<G extends string>(
  db: Db,
  principal: Principal,
  q: z.infer<typeof Period>,
  spec: Omit<GroupQuery<G>, "tenantId" | "timeZone">,
  withBreaches = false,
  withAgentTime = !withBreaches,
): Promise<LoadedPeriod<G>> {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from < to)) throw badRequest("invalid_period", "The period's start must come before its end");
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw badRequest("period_too_long", `A report covers at most ${MAX_DAYS} days`);
  if (!canSeeTenant(principal.scope, q.tenantId)) throw notFound("client line");
  const now = Date.now();
  return withTenantScope(
    db,
    principal.scope,
    async (tx) => {
      // The histogram's jsonb_each is estimated at 100 keys a row (2 in fact), so at 10 million events the
      // planner expects millions of rows: it JIT-compiled for 0.8–2 s and grouped by external sorts (EXPLAIN
      // ANALYZE). No JIT, and room to group in memory, for this transaction only.
      await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
      const [tenant] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, q.tenantId));
      if (!tenant) throw notFound("client line");
      const groups = await periodGroups(tx, { ...spec, tenantId: q.tenantId, timeZone: tenant.timeZone }, from, to, await queueTargets(tx, q.tenantId), now, withAgentTime);
      const breaches = withBreaches ? await periodBreaches(tx, q.tenantId, from, to, now) : undefined;
      return { groups, timeZone: tenant.timeZone, from, to, fcrWindowDays: await fcrWindowOf(tx, q.tenantId), ...(breaches ? { breaches } : {}) };
    },
    { isolationLevel: "repeatable read" },
  );
}

/** The figures of a total group (an empty period's zeros when nothing was there). */
export const totalOf = (groups: Map<string, Tally>): Tally => groups.get(TOTAL_KEY) ?? emptyTally();


import { and, eq, sql } from "drizzle-orm";
import type { AdherenceReport } from "@moked/contracts";
import { scheduleShifts, schedules, users, withTenantScope, type Db } from "@moked/db";
import { computeAdherence, type Presence, type PresenceChange } from "@moked/wfm";
import type { Principal } from "../auth/context";
import { notFound } from "../core/errors";
import { weekIntervals } from "./week";

/**
 * Adherence of a schedule's agents: their presence from the routing engine's state changes
 * (interaction_events `agent.state_changed`, center-level rows) against their shifts, up to now.
 */
export async function scheduleAdherence(db: Db, p: Principal, id: string, now = Date.now()): Promise<AdherenceReport> {
  return withTenantScope(db, p.scope, async (tx) => {
    const [row] = await tx.select().from(schedules).where(and(eq(schedules.id, id), eq(schedules.organisationId, p.user.organisationId)));
    if (!row) throw notFound("schedule");
    const shifts = await tx
      .select({ agentId: scheduleShifts.agentId, agentName: users.name, startsAt: scheduleShifts.startsAt, endsAt: scheduleShifts.endsAt, breaks: scheduleShifts.breaks })
      .from(scheduleShifts)
      .innerJoin(users, eq(users.id, scheduleShifts.agentId))
      .where(eq(scheduleShifts.scheduleId, id));
    const intervals = weekIntervals(row.weekStart, row.intervalMinutes, row.timeZone);
    const intervalMs = row.intervalMinutes * 60_000;
    const from = new Date(intervals[0]!);
    const to = new Date(Math.min(now, intervals[intervals.length - 1]! + intervalMs));
    const agentIds = [...new Set(shifts.map((s) => s.agentId!))];
    const presence = new Map<string, PresenceChange[]>(agentIds.map((a) => [a, []]));
    if (agentIds.length > 0 && from < to) {
      const ids = sql.join(agentIds.map((a) => sql`${a}::uuid`), sql`, `);
      // Each agent's state at the start of the week, then every change during it.
      const result = await tx.execute(sql`
        (select distinct on (agent_id) agent_id, at, data->>'state' as state from interaction_events
          where type = 'agent.state_changed' and tenant_id is null and agent_id in (${ids}) and at <= ${from}
          order by agent_id, at desc, id desc)
        union all
        (select agent_id, at, data->>'state' as state from interaction_events
          where type = 'agent.state_changed' and tenant_id is null and agent_id in (${ids}) and at > ${from} and at < ${to})
        order by at`);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ agent_id: string; at: string | Date; state: Presence }>;
      for (const r of rows) presence.get(r.agent_id)?.push({ at: new Date(r.at).getTime(), state: r.state });
    }
    const names = new Map(shifts.map((s) => [s.agentId!, s.agentName]));
    const r = computeAdherence({
      intervals,
      intervalMs,
      shifts: shifts.map((s) => ({ agentId: s.agentId!, start: s.startsAt.getTime(), end: s.endsAt.getTime(), breaks: s.breaks.map((b) => ({ start: Date.parse(b.startsAt), end: Date.parse(b.endsAt) })) })),
      presence,
      until: now,
    });
    const scheduledMinutes = r.agents.reduce((n, a) => n + a.scheduledMinutes, 0);
    const adherentMinutes = r.agents.reduce((n, a) => n + a.adherentMinutes, 0);
    return {
      scheduleId: id,
      measuredUntil: new Date(Math.max(from.getTime(), to.getTime())).toISOString(),
      agents: r.agents.map((a) => ({ ...a, agentName: names.get(a.agentId) ?? "" })).sort((a, b) => (a.adherence ?? 2) - (b.adherence ?? 2) || a.agentName.localeCompare(b.agentName)),
      intervals: r.intervals.map((i) => ({ ...i, start: new Date(i.start).toISOString() })),
      total: { scheduledMinutes, adherentMinutes, adherence: scheduledMinutes > 0 ? adherentMinutes / scheduledMinutes : null },
    };
  });
}

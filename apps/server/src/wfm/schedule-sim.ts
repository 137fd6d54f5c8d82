import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { scheduleShifts, schedules, withTenantScope, type Db } from "@moked/db";
import type { SimAgent, SimShift, SimulationScenario } from "@moked/wfm";
import type { Principal } from "../auth/context";
import { notFound } from "../core/errors";
import { weekInstant } from "./week";

export const ScheduleSimRequest = z.object({
  /** Day of the schedule's week (0 = its Sunday). */
  day: z.number().int().min(0).max(6),
  /** Contacts per hour of that day: one figure for every hour, or 24. */
  contactsPerHour: z.union([z.number().min(0).max(20_000), z.array(z.number().min(0).max(20_000)).length(24)]),
  ahtSeconds: z.number().positive().max(7200),
  patienceSeconds: z.number().positive().max(86_400).optional(),
  seed: z.number().int().default(1),
  /** The what-if: the same day with extra agents on the phones between two hours. */
  extraAgents: z.object({ count: z.number().int().min(1).max(200), fromHour: z.number().int().min(0).max(23), toHour: z.number().int().min(1).max(24) }).optional(),
});

const DAY_SECONDS = 86_400;

/** The agents of one day of a schedule as the simulator's shifts: on the phones, breaks cut out. */
export function dayAgents(shifts: ReadonlyArray<{ agentId: string | null; startsAt: Date; endsAt: Date; breaks: Array<{ startsAt: string; endsAt: string }> }>, dayStart: number): SimAgent[] {
  const byAgent = new Map<string, SimShift[]>();
  for (const s of shifts) {
    if (!s.agentId) continue;
    const cuts = [...s.breaks.map((b) => [Date.parse(b.startsAt), Date.parse(b.endsAt)] as const)].sort((a, b) => a[0] - b[0]);
    let from = s.startsAt.getTime();
    const pieces: Array<[number, number]> = [];
    for (const [a, b] of cuts) {
      if (a > from) pieces.push([from, a]);
      from = Math.max(from, b);
    }
    pieces.push([from, s.endsAt.getTime()]);
    for (const [a, b] of pieces) {
      const f = Math.max(0, (a - dayStart) / 1000);
      const t = Math.min(DAY_SECONDS, (b - dayStart) / 1000);
      if (t > f) byAgent.set(s.agentId, [...(byAgent.get(s.agentId) ?? []), { fromSeconds: f, toSeconds: t }]);
    }
  }
  return [...byAgent].map(([id, list]) => ({ id, shifts: list.sort((a, b) => a.fromSeconds - b.fromSeconds) }));
}

/** One day of a stored schedule as a simulation scenario, and the what-if with extra agents beside it. */
export async function scheduleDayScenarios(db: Db, p: Principal, id: string, body: z.infer<typeof ScheduleSimRequest>): Promise<{ scenario: SimulationScenario; compareWith?: SimulationScenario }> {
  const { row, shifts } = await withTenantScope(db, p.scope, async (tx) => {
    const [row] = await tx.select().from(schedules).where(and(eq(schedules.id, id), eq(schedules.organisationId, p.user.organisationId)));
    if (!row) throw notFound("schedule");
    return { row, shifts: await tx.select().from(scheduleShifts).where(eq(scheduleShifts.scheduleId, id)) };
  });
  const dayStart = weekInstant(row.weekStart, body.day * 1440, row.timeZone);
  const len = row.intervalMinutes * 60;
  const perHour = (h: number) => (typeof body.contactsPerHour === "number" ? body.contactsPerHour : body.contactsPerHour[h]!);
  const scenario: SimulationScenario = {
    seed: body.seed,
    start: dayStart,
    intervals: Array.from({ length: DAY_SECONDS / len }, (_, i) => ({ startOffsetSeconds: i * len, lengthSeconds: len, volume: (perHour(Math.floor((i * len) / 3600)) * len) / 3600 })),
    ahtSeconds: body.ahtSeconds,
    agents: dayAgents(shifts, dayStart),
    ...(body.patienceSeconds ? { patienceSeconds: body.patienceSeconds } : {}),
  };
  if (!body.extraAgents) return { scenario };
  const { count, fromHour, toHour } = body.extraAgents;
  const extra = Array.from({ length: count }, (_, i) => ({ id: `extra-${i + 1}`, shifts: [{ fromSeconds: fromHour * 3600, toSeconds: Math.max(fromHour + 1, toHour) * 3600 }] }));
  return { scenario, compareWith: { ...scenario, agents: [...scenario.agents, ...extra] } };
}

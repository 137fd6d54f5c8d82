import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { DaySimRequest, FittedQueue, SimFigures, SimRun } from "@moked/contracts";
import { agentProfiles, canSeeTenant, interactions, scheduleShifts, schedules, tenants, users, withTenantScope, type Db } from "@moked/db";
import type { AgentSkill } from "@moked/routing";
import type { IntervalResult, SimAgent, SimArrival, SimShift, SimStream, SimulationResult, SimulationScenario } from "@moked/wfm";
import type { z } from "zod";
import type { Principal } from "../auth/context";
import { badRequest, notFound } from "../core/errors";
import { fitLineQueues, pooledFit, toFittedQueue } from "./fit";
import { forecastLine } from "./forecast";
import { weekInstant } from "./week";

type DaySimInput = z.output<typeof DaySimRequest>;
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

/** Routing skills as the live engine gives them (routing/host.ts): the profile's, else one per spoken language. */
export function routingSkills(languages: readonly string[], profile: ReadonlyArray<AgentSkill> | null | undefined): AgentSkill[] {
  return profile?.length ? [...profile] : languages.map((lang, i) => ({ skill: `lang:${lang}`, proficiency: i === 0 ? 5 : 4 }));
}

export interface DayScenarios {
  timeZone: string;
  intervalMinutes: number;
  dayStart: number;
  volumeSource: "forecast" | "given" | "history";
  scenario: SimulationScenario;
  compareWith?: SimulationScenario;
  /** Names of the streams that are not languages (a queue's id → its name). */
  labels: Map<string, string>;
  fitted?: FittedQueue[];
}

/** One of a past day's actual contacts: when it arrived, its queue and the language it needed. */
interface PastContact {
  atSeconds: number;
  queueId: string | null;
  language: string | null;
}

/** The line's contacts that arrived during the day, in time order. */
async function pastContacts(db: Db, p: Principal, tenantId: string, dayStart: number): Promise<PastContact[]> {
  if (!canSeeTenant(p.scope, tenantId)) throw notFound("client line");
  const rows = await withTenantScope(db, p.scope, async (tx) => {
    const [line] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
    if (!line) throw notFound("client line");
    return tx
      .select({ arrivedAt: interactions.arrivedAt, queueId: interactions.queueId, requiredSkills: interactions.requiredSkills })
      .from(interactions)
      .where(and(eq(interactions.tenantId, tenantId), gte(interactions.arrivedAt, new Date(dayStart)), lt(interactions.arrivedAt, new Date(dayStart + DAY_SECONDS * 1000))))
      .orderBy(asc(interactions.arrivedAt));
  });
  return rows.map((r) => {
    const lang = (r.requiredSkills as Array<{ skill?: unknown }>).map((x) => x?.skill).find((sk): sk is string => typeof sk === "string" && sk.startsWith("lang:"));
    return { atSeconds: (r.arrivedAt.getTime() - dayStart) / 1000, queueId: r.queueId, language: lang ? lang.slice(5) : null };
  });
}

/**
 * Contacts per interval of the day: from the line's forecast for a coming day, from its actual contacts
 * for a past one (returned too, to be replayed), or spread evenly over each hour given.
 */
async function dayVolumes(db: Db, p: Principal, body: DaySimInput, dayStart: number, len: number): Promise<{ volumes: number[]; past?: PastContact[] }> {
  const n = DAY_SECONDS / len;
  if (body.contactsPerHour !== undefined) {
    const perHour = body.contactsPerHour;
    return { volumes: Array.from({ length: n }, (_, i) => ((typeof perHour === "number" ? perHour : perHour[Math.floor((i * len) / 3600)]!) * len) / 3600) };
  }
  const step = len * 1000;
  const now = Date.now();
  const dayEnd = dayStart + DAY_SECONDS * 1000;
  if (dayEnd <= now) {
    const past = await pastContacts(db, p, body.tenantId!, dayStart);
    const volumes = new Array<number>(n).fill(0);
    for (const c of past) volumes[Math.min(n - 1, Math.floor(c.atSeconds / len))]!++;
    return { volumes, past };
  }
  const horizon = Math.ceil((dayEnd - Math.floor(now / step) * step) / step);
  if (horizon > (42 * DAY_SECONDS) / len) throw badRequest("week_too_far", "A forecast reaches at most six weeks ahead");
  const { points } = await forecastLine(db, p.scope, body.tenantId!, { weeks: body.weeks, intervalMinutes: len / 60, horizon, now });
  const byStart = new Map(points.map((pt) => [pt.start, Math.max(0, pt.count)]));
  return { volumes: Array.from({ length: n }, (_, i) => byStart.get(dayStart + i * step) ?? 0) };
}

/** One day of a stored schedule (any status) as a simulation scenario, and the what-if with extra agents beside it. */
export async function scheduleDayScenarios(db: Db, p: Principal, id: string, body: DaySimInput): Promise<DayScenarios> {
  const { row, shifts, skills } = await withTenantScope(db, p.scope, async (tx) => {
    const [row] = await tx.select().from(schedules).where(and(eq(schedules.id, id), eq(schedules.organisationId, p.user.organisationId)));
    if (!row) throw notFound("schedule");
    const shifts = await tx.select().from(scheduleShifts).where(eq(scheduleShifts.scheduleId, id));
    const ids = [...new Set(shifts.map((s) => s.agentId).filter((a): a is string => a !== null))];
    const people = ids.length
      ? await tx.select({ id: users.id, languages: users.languages, profile: agentProfiles.skills }).from(users).leftJoin(agentProfiles, eq(agentProfiles.userId, users.id)).where(inArray(users.id, ids))
      : [];
    return { row, shifts, skills: new Map(people.map((u) => [u.id, routingSkills(u.languages, u.profile)])) };
  });
  const dayStart = weekInstant(row.weekStart, body.day * 1440, row.timeZone);
  const len = row.intervalMinutes * 60;
  const { volumes, past } = await dayVolumes(db, p, body, dayStart, len);
  const languages = (body.languages ?? []).filter((l) => l.share > 0);
  const fits = body.fitted ? (await fitLineQueues(db, p.scope, body.tenantId!, body.weeks)).filter((f) => f.contacts > 0) : [];
  const line = pooledFit(fits);
  const aht = line.handle ?? body.ahtSeconds;
  const patience = line.patience ?? body.patienceSeconds;
  // Traffic split by language when asked; else, with fits, one stream per queue with its own handling time and patience.
  const streams: SimStream[] =
    languages.length > 0
      ? languages.map((l) => ({ id: l.language, share: l.share, requiredSkills: [{ skill: `lang:${l.language}` }] }))
      : fits.map((f) => {
          const own = f.patience ?? patience;
          return { id: f.queueId, share: f.contacts, ahtSeconds: f.handle ?? aht, ...(own ? { patienceSeconds: own } : {}) };
        });
  const scenario: SimulationScenario = {
    seed: body.seed,
    start: dayStart,
    intervals: volumes.map((volume, i) => ({ startOffsetSeconds: i * len, lengthSeconds: len, volume })),
    ahtSeconds: aht,
    agents: dayAgents(shifts, dayStart).map((a) => ({ ...a, skills: skills.get(a.id) ?? [] })),
    ...(patience ? { patienceSeconds: patience } : {}),
    ...(streams.length > 0 ? { streams } : {}),
    ...(past ? { arrivals: replayed(past, streams, languages.length > 0) } : {}),
  };
  const out: DayScenarios = {
    timeZone: row.timeZone,
    intervalMinutes: row.intervalMinutes,
    dayStart,
    volumeSource: past ? "history" : body.tenantId ? "forecast" : "given",
    scenario,
    labels: new Map(languages.length > 0 ? [] : fits.map((f) => [f.queueId, f.queue])),
    ...(body.fitted ? { fitted: fits.map(toFittedQueue) } : {}),
  };
  if (!body.whatIf) return out;
  return { ...out, compareWith: whatIfScenario(scenario, body.whatIf, languages.map((l) => l.language)) };
}

/**
 * A past day's contacts as the simulator's arrivals, each in its own stream where there is one: its
 * language when traffic is split by language, else its queue (fitted streams); otherwise drawn by share.
 */
function replayed(past: readonly PastContact[], streams: readonly SimStream[], byLanguage: boolean): SimArrival[] {
  const ids = new Set(streams.map((s) => s.id));
  return past.map((c) => {
    const stream = byLanguage ? c.language : c.queueId;
    return stream && ids.has(stream) ? { atSeconds: c.atSeconds, stream } : { atSeconds: c.atSeconds };
  });
}

/** The schedule's day with the what-if applied: the same seed, so the same callers, scaled; extra agents on top. */
export function whatIfScenario(base: SimulationScenario, whatIf: NonNullable<DaySimInput["whatIf"]>, trafficLanguages: readonly string[]): SimulationScenario {
  const factor = 1 + whatIf.volumePercent / 100;
  // A replayed day's callers cannot be scaled one by one: with a volume change the what-if draws Poisson
  // arrivals from the day's actual counts per interval (the same day, fitted rather than replayed).
  const { arrivals, ...drawn } = base;
  if (arrivals && factor !== 1) base = drawn;
  const extra = whatIf.addAgents.flatMap((g, k) => {
    const speaks = g.languages.length > 0 ? g.languages : trafficLanguages;
    const skills = speaks.map((lang) => ({ skill: `lang:${lang}`, proficiency: 5 }));
    const shifts = [{ fromSeconds: g.fromHour * 3600, toSeconds: Math.max(g.fromHour + 1, g.toHour) * 3600 }];
    return Array.from({ length: g.count }, (_, i) => ({ id: `extra-${k + 1}-${i + 1}`, skills, shifts }));
  });
  return { ...base, intervals: base.intervals.map((iv) => ({ ...iv, volume: iv.volume * factor })), agents: [...base.agents, ...extra] };
}

function figures(r: IntervalResult): SimFigures {
  return {
    offered: r.offered,
    answered: r.answered,
    abandoned: r.abandoned,
    answeredWithinThreshold: r.answeredWithinThreshold,
    deadlineBreaches: r.deadlineBreaches,
    unresolved: r.unresolved,
    busySeconds: Math.round(r.busySeconds),
    staffedSeconds: Math.round(r.staffedSeconds),
    serviceLevel: r.serviceLevel,
    asaSeconds: r.asaSeconds,
    abandonRate: r.abandonRate,
    occupancy: r.occupancy,
  };
}

/** A run as the API reports it: interval starts as instants, the agents who were on the phones. */
export function toSimRun(result: SimulationResult, scenario: SimulationScenario, labels: ReadonlyMap<string, string> = new Map()): SimRun {
  return {
    intervals: result.intervals.map((i) => ({ ...figures(i), start: new Date(scenario.start + i.startOffsetSeconds * 1000).toISOString() })),
    total: figures(result.total),
    streams: (result.streams ?? []).map((s) => ({ id: s.id, ...(labels.has(s.id) ? { label: labels.get(s.id)! } : {}), total: figures(s.total), intervals: s.intervals.map(figures) })),
    agents: scenario.agents.filter((a) => !a.shifts || a.shifts.length > 0).length,
    engine: result.engine,
  };
}

/**
 * Schedule adherence: how much of the time an agent was scheduled on the phones (on shift, not on a
 * break) they were actually available for contacts. The agent's presence comes from the routing
 * engine's state changes (`offline`, `available`, `not_ready`); handling a contact keeps the presence
 * `available`, so talk and wrap-up count as adherent. Time after `until` (now) is not measured.
 */

export type Presence = "offline" | "available" | "not_ready";

export interface AdherenceShift {
  agentId: string;
  start: number;
  end: number;
  breaks?: ReadonlyArray<{ start: number; end: number }>;
}

export interface PresenceChange {
  at: number;
  state: Presence;
}

export interface AdherenceInput {
  /** Interval starts (epoch ms), ascending, each `intervalMs` long. */
  intervals: readonly number[];
  intervalMs: number;
  shifts: readonly AdherenceShift[];
  /** Per agent, presence changes in time order; the first may lie before the period (the state at its start). */
  presence: ReadonlyMap<string, readonly PresenceChange[]>;
  /** Measure up to this instant (the present). */
  until: number;
}

export interface AgentAdherence {
  agentId: string;
  /** Minutes scheduled on the phones up to `until`. */
  scheduledMinutes: number;
  /** Of those, minutes available. */
  adherentMinutes: number;
  /** Of those, minutes not ready / logged off. */
  notReadyMinutes: number;
  offlineMinutes: number;
  /** Minutes available while not scheduled on the phones (early, late, on a break, or off shift). */
  unscheduledAvailableMinutes: number;
  /** adherent / scheduled; null when nothing was scheduled yet. */
  adherence: number | null;
}

export interface IntervalAdherence {
  start: number;
  /** Agents scheduled on the phones (agent-equivalents: minutes / interval length). */
  scheduled: number;
  /** Agents available (null for intervals not yet begun). */
  available: number | null;
  /** Agents scheduled and available at once (null for intervals not yet begun). */
  adherent: number | null;
}

export interface AdherenceResult {
  agents: AgentAdherence[];
  intervals: IntervalAdherence[];
}

type Seg = readonly [number, number];

/** Merged, sorted segments minus the ones in `cut`. */
function subtract(from: Seg[], cut: Seg[]): Seg[] {
  let out = from;
  for (const [a, b] of cut) {
    out = out.flatMap(([x, y]): Seg[] => {
      if (b <= x || a >= y) return [[x, y]];
      const parts: Seg[] = [];
      if (a > x) parts.push([x, a]);
      if (b < y) parts.push([b, y]);
      return parts;
    });
  }
  return out;
}

function intersect(a: readonly Seg[], b: readonly Seg[]): Seg[] {
  const out: Seg[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo < hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/** Total length of `segs` inside [from, to). */
function within(segs: readonly Seg[], from: number, to: number): number {
  let n = 0;
  for (const [a, b] of segs) n += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return n;
}

function merge(segs: Seg[]): Seg[] {
  const sorted = [...segs].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Segments in each presence state between `from` and `to`. */
function presenceSegments(changes: readonly PresenceChange[], from: number, to: number): Record<Presence, Seg[]> {
  const out: Record<Presence, Seg[]> = { offline: [], available: [], not_ready: [] };
  let state: Presence = "offline";
  let since = from;
  for (const c of changes) {
    if (c.at <= from) {
      state = c.state;
      continue;
    }
    if (c.at >= to) break;
    if (c.at > since) out[state].push([since, c.at]);
    state = c.state;
    since = c.at;
  }
  if (to > since) out[state].push([since, to]);
  return out;
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;

export function computeAdherence(input: AdherenceInput): AdherenceResult {
  const { intervals, intervalMs, until } = input;
  const from = intervals[0] ?? until;
  const end = (intervals[intervals.length - 1] ?? from) + intervalMs;
  const to = Math.min(end, until);
  const byAgent = new Map<string, AdherenceShift[]>();
  for (const s of input.shifts) byAgent.set(s.agentId, [...(byAgent.get(s.agentId) ?? []), s]);
  const agentIds = [...new Set([...byAgent.keys(), ...input.presence.keys()])].sort();

  const scheduledPer = new Array<number>(intervals.length).fill(0);
  const availablePer = new Array<number>(intervals.length).fill(0);
  const adherentPer = new Array<number>(intervals.length).fill(0);
  const agents: AgentAdherence[] = [];
  for (const agentId of agentIds) {
    const shifts = byAgent.get(agentId) ?? [];
    const onPhones = subtract(
      merge(shifts.map((s) => [s.start, s.end] as const)),
      merge(shifts.flatMap((s) => (s.breaks ?? []).map((b) => [b.start, b.end] as const))),
    );
    const states = presenceSegments(input.presence.get(agentId) ?? [], from, Math.max(from, to));
    const adherent = intersect(onPhones, states.available);
    intervals.forEach((t, i) => {
      scheduledPer[i]! += within(onPhones, t, t + intervalMs);
      availablePer[i]! += within(states.available, t, t + intervalMs);
      adherentPer[i]! += within(adherent, t, t + intervalMs);
    });
    const scheduled = within(onPhones, from, to);
    const adherentMs = within(adherent, from, to);
    agents.push({
      agentId,
      scheduledMinutes: minutes(scheduled),
      adherentMinutes: minutes(adherentMs),
      notReadyMinutes: minutes(within(intersect(onPhones, states.not_ready), from, to)),
      offlineMinutes: minutes(within(intersect(onPhones, states.offline), from, to)),
      unscheduledAvailableMinutes: minutes(within(states.available, from, to) - adherentMs),
      adherence: scheduled > 0 ? adherentMs / scheduled : null,
    });
  }
  const round = (n: number) => Math.round((n / intervalMs) * 100) / 100;
  return {
    agents,
    intervals: intervals.map((t, i) => ({
      start: t,
      scheduled: round(scheduledPer[i]!),
      available: t < until ? round(availablePer[i]!) : null,
      adherent: t < until ? round(adherentPer[i]!) : null,
    })),
  };
}

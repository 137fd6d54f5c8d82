/**
 * Labour rules for named shifts and a checker that lists every breach. Defaults follow Israeli law
 * (Hours of Work and Rest Law): 42 hours a week, 36 consecutive hours of weekly rest, and the common
 * collective-agreement minimum of 8 hours between shifts.
 */
export interface LabourRules {
  maxMinutesPerWeek?: number;
  minRestMinutesBetweenShifts?: number;
  weeklyRestMinutes?: number;
}

export const ISRAELI_LABOUR_RULES: Required<LabourRules> = {
  maxMinutesPerWeek: 2520,
  minRestMinutesBetweenShifts: 480,
  weeklyRestMinutes: 2160,
};

export interface AvailabilityWindow {
  /** Day index within the horizon, as in `ShiftStart.day`. */
  day: number;
  fromMinute: number;
  /** May exceed 1440 for availability running past midnight. */
  toMinute: number;
}

export interface Agent {
  id: string;
  skills?: string[];
  /** When omitted the agent is available at any time. */
  availability?: AvailabilityWindow[];
  contractMinutesPerWeek: number;
  /** Personal cap, applied on top of the rules' weekly maximum. */
  maxMinutesPerWeek?: number;
  preferences?: { templateIds?: string[]; avoidDays?: number[] };
}

/** One shift to be worked by one agent. */
export interface ShiftInstance {
  templateId: string;
  day: number;
  startMinute: number;
  lengthMinutes: number;
  skills?: string[];
}

export interface AssignedShift extends ShiftInstance {
  agentId: string;
}

export interface Assignment {
  shifts: AssignedShift[];
  unassigned: ShiftInstance[];
  /** Minutes assigned to each agent over the whole horizon. */
  agentMinutes: Record<string, number>;
}

export type RuleName = "maxMinutesPerWeek" | "minRest" | "weeklyRest" | "availability" | "skills";

export interface RuleViolation {
  agentId: string;
  rule: RuleName;
  /** Horizon week (0-based) for weekly rules, else the day of the offending shift. */
  week?: number;
  day?: number;
  detail: string;
}

const DAY = 1440;
const WEEK = 7 * DAY;

export const shiftStart = (s: ShiftInstance) => s.day * DAY + s.startMinute;
export const shiftEnd = (s: ShiftInstance) => shiftStart(s) + s.lengthMinutes;

export function resolveRules(rules: LabourRules | undefined): Required<LabourRules> {
  return { ...ISRAELI_LABOUR_RULES, ...Object.fromEntries(Object.entries(rules ?? {}).filter(([, v]) => v !== undefined)) };
}

export function isAvailable(agent: Agent, s: ShiftInstance): boolean {
  if (!agent.availability) return true;
  return agent.availability.some((w) => w.day === s.day && w.fromMinute <= s.startMinute && s.startMinute + s.lengthMinutes <= w.toMinute);
}

export function hasSkills(agent: Agent, s: ShiftInstance): boolean {
  return (s.skills ?? []).every((k) => agent.skills?.includes(k) ?? false);
}

/** Minutes of [from, to) that fall inside horizon week `w`. */
function minutesInWeek(from: number, to: number, w: number): number {
  return Math.max(0, Math.min(to, (w + 1) * WEEK) - Math.max(from, w * WEEK));
}

/** Longest stretch without work inside week `w`, given one agent's shifts sorted by start. */
export function longestRestInWeek(sorted: readonly ShiftInstance[], w: number): number {
  let cursor = w * WEEK;
  let best = 0;
  for (const s of sorted) {
    const a = shiftStart(s);
    const b = shiftEnd(s);
    if (b <= cursor || a >= (w + 1) * WEEK) continue;
    best = Math.max(best, a - cursor);
    cursor = Math.max(cursor, b);
  }
  return Math.max(best, (w + 1) * WEEK - cursor);
}

/**
 * Every rule breach of one agent's shifts: weekly hours, rest between shifts (an overlap is a negative
 * rest), and weekly rest. Used both to check a finished assignment and, by `assignAgents`, to test a candidate.
 */
export function agentViolations(agentId: string, shifts: readonly ShiftInstance[], rules: Required<LabourRules>, agent?: Agent): RuleViolation[] {
  const out: RuleViolation[] = [];
  const sorted = [...shifts].sort((a, b) => shiftStart(a) - shiftStart(b));
  const cap = Math.min(rules.maxMinutesPerWeek, agent?.maxMinutesPerWeek ?? Infinity);
  const weeks = new Set<number>();
  for (const s of sorted) {
    weeks.add(Math.floor(shiftStart(s) / WEEK));
    weeks.add(Math.floor((shiftEnd(s) - 1) / WEEK));
  }
  for (const w of weeks) {
    const minutes = sorted.reduce((a, s) => a + minutesInWeek(shiftStart(s), shiftEnd(s), w), 0);
    if (minutes > cap) out.push({ agentId, rule: "maxMinutesPerWeek", week: w, detail: `${minutes} min in week ${w}, cap ${cap}` });
    const rest = longestRestInWeek(sorted, w);
    if (rest < rules.weeklyRestMinutes) out.push({ agentId, rule: "weeklyRest", week: w, detail: `longest rest ${rest} min in week ${w}, need ${rules.weeklyRestMinutes}` });
  }
  for (let k = 1; k < sorted.length; k++) {
    const rest = shiftStart(sorted[k]!) - shiftEnd(sorted[k - 1]!);
    if (rest < rules.minRestMinutesBetweenShifts) {
      out.push({ agentId, rule: "minRest", day: sorted[k]!.day, detail: `${rest} min between shifts, need ${rules.minRestMinutesBetweenShifts}` });
    }
  }
  if (agent) {
    for (const s of sorted) {
      if (!isAvailable(agent, s)) out.push({ agentId, rule: "availability", day: s.day, detail: `${s.templateId} at ${s.startMinute} outside availability` });
      if (!hasSkills(agent, s)) out.push({ agentId, rule: "skills", day: s.day, detail: `${s.templateId} needs ${(s.skills ?? []).join(", ")}` });
    }
  }
  return out;
}

/**
 * All breaches in an assignment. With `agents`, availability, skills and personal weekly caps are
 * checked too; without, only the labour rules.
 */
export function checkRules(assignment: Pick<Assignment, "shifts">, rules?: LabourRules, agents?: readonly Agent[]): RuleViolation[] {
  const r = resolveRules(rules);
  const byAgent = new Map<string, AssignedShift[]>();
  for (const s of assignment.shifts) {
    const list = byAgent.get(s.agentId) ?? [];
    list.push(s);
    byAgent.set(s.agentId, list);
  }
  const agentById = new Map((agents ?? []).map((a) => [a.id, a]));
  return [...byAgent].flatMap(([id, shifts]) => agentViolations(id, shifts, r, agentById.get(id)));
}

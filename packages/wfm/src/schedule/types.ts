/** Types shared by the shift optimiser, the agent assignment and the labour-rule checker. */
import type { LabourRules } from "./rules";

/** Required agents in one interval. `start` is in minutes from midnight of day 0 of the planning horizon. */
export interface RequirementInterval {
  start: number;
  required: number;
  /**
   * Required agents per skill (`lang:ru` → 3), for a per-skill plan (with `skillGroups`). Each skill is
   * its own queue: an agent on the phones works one of them at a time. `required` is then not used.
   */
  bySkill?: Record<string, number>;
}

/** Agents holding the same required skills: interchangeable for the optimiser. */
export interface SkillGroup {
  id: string;
  skills: string[];
  /** Heads in the group: at most this many of its shifts start on one day. */
  size: number;
  /** Minutes the group may work over the horizon (Σ of its agents' weekly maximum). */
  maxMinutes?: number;
}

/** Coverage of one skill. */
export interface SkillCoverage {
  skill: string;
  coverage: IntervalCoverage[];
  under: number;
  over: number;
}

export interface ShiftBreak {
  /** Minutes after the shift start at which the break begins. */
  afterMinutes: number;
  lengthMinutes: number;
}

export interface ShiftTemplate {
  id: string;
  lengthMinutes: number;
  /** Allowed start times as minutes of the day (inclusive); starts are tried on the interval grid. */
  startWindow: { earliestMinute: number; latestMinute: number };
  /** Spacing of allowed starts (default: the interval length); 60 allows starts on the hour only. */
  startStepMinutes?: number;
  breaks?: ShiftBreak[];
  /** Weekdays (0 = Sunday … 6 = Saturday) on which the template may start; all when omitted. */
  days?: number[];
  /** Skills an agent needs to work this shift (checked by `assignAgents`). */
  skills?: string[];
}

export interface OptimiseShiftsOptions {
  /**
   * Labour rules the named roster must keep (default `ISRAELI_LABOUR_RULES`, as in `assignAgents`). Per
   * skill, the weekly rest caps each group's working days so that the plan can be named.
   */
  labourRules?: LabourRules;
  /** Cap on shifts starting on any one day: an agent works at most one shift a day. */
  maxAgents?: number;
  /** Cost of one agent-interval short (default 10). */
  underWeight?: number;
  /** Cost of one agent-interval over (default 1). */
  overWeight?: number;
  /** Wall-clock limit for the MIP (default 30 s). The LP bound is solved separately and is not limited. */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which HiGHS may stop (default 1e-4). */
  mipRelGap?: number;
  /** Weekday of day 0 (0 = Sunday, the Israeli week start; default 0). */
  firstWeekday?: number;
  /**
   * Whether shifts running past the end of the horizon wrap to its beginning (a repeating week).
   * Default false: the part past the end covers nothing.
   */
  cyclic?: boolean;
}

export interface OptimiseShiftsInput {
  /** Interval length in minutes; every requirement's start lies on this grid. */
  intervalMinutes: number;
  requirements: readonly RequirementInterval[];
  templates: readonly ShiftTemplate[];
  /** Per-skill plan: who can cover which skill. Requirements then come from each interval's `bySkill`. */
  skillGroups?: readonly SkillGroup[];
  options?: OptimiseShiftsOptions;
}

/** A block of identical shifts: `count` agents start template `templateId` on `day` at `startMinute`. */
export interface ShiftStart {
  templateId: string;
  /** Day index within the horizon (0-based), not the weekday. */
  day: number;
  startMinute: number;
  lengthMinutes: number;
  count: number;
  /** Skills the agent needs: the template's, and in a per-skill plan the group's (so coverage holds once named). */
  skills?: string[];
  /** The skill group the shift was planned for (per-skill plans). */
  group?: string;
}

export interface IntervalCoverage {
  start: number;
  required: number;
  scheduled: number;
  under: number;
  over: number;
}

export interface OptimiseShiftsResult {
  starts: ShiftStart[];
  coverage: IntervalCoverage[];
  /** Σ agent-intervals short. */
  under: number;
  /** Σ agent-intervals over. */
  over: number;
  objective: number;
  /** Objective of the LP relaxation: no integer plan can be cheaper. */
  lpBound: number;
  /** (objective − lpBound) / max(1, objective). */
  gap: number;
  /** HiGHS's proven lower bound for the MIP (≥ lpBound): objective − mipBound is all the solver could still gain. */
  mipBound: number;
  /** (objective − mipBound) / max(1, objective). */
  mipGap: number;
  /** HiGHS model status of the MIP ("optimal", "timeLimit", …), noting when the rounded-up LP plan was used. */
  status: string;
  solveMs: number;
  /** Per-skill plans: coverage of each skill, from the best split of every interval's agents over their skills. */
  bySkill?: SkillCoverage[];
}

/**
 * Shift-start optimiser: how many agents should start each shift template at each allowed time so that
 * coverage tracks the required agents per interval. A set-covering MIP solved with HiGHS (WebAssembly):
 *
 *   x_k ∈ ℤ≥0   agents starting candidate k (template × day × start time)
 *   Σ_k a_ik·x_k + under_i − over_i = required_i      for every interval i
 *   minimise underWeight·Σ under + overWeight·Σ over
 *
 * a_ik is 1 when candidate k works interval i (on shift and not on break). The slacks make every x
 * feasible, so a time-limited solve always yields a usable plan.
 */
import type { Highs } from "highs";
import { greedyPlan } from "./greedy";
import { restDayCaps } from "./rest-caps";
import { groupCandidates, requiredSkills, skillLpModel, splitBySkill, type GroupCandidate } from "./skills";
import type { IntervalCoverage, OptimiseShiftsInput, OptimiseShiftsResult, ShiftStart, ShiftTemplate, SkillCoverage } from "./types";

const MINUTES_PER_DAY = 1440;

export interface Candidate {
  template: ShiftTemplate;
  day: number;
  startMinute: number;
  /** Indices of the intervals this candidate covers. */
  covers: number[];
}

let highsPromise: Promise<Highs> | undefined;
/** The Wasm module is compiled once per process; each solve still gets a fresh native solver. */
export function loadHighs(): Promise<Highs> {
  highsPromise ??= import("highs").then((m) => m.default());
  return highsPromise;
}

/** Validates the grid and returns the index of each interval keyed by its start minute. */
function indexIntervals(input: OptimiseShiftsInput): Map<number, number> {
  const len = input.intervalMinutes;
  if (!(len > 0 && Number.isInteger(len))) throw new RangeError(`intervalMinutes must be a positive integer, got ${len}`);
  const byStart = new Map<number, number>();
  input.requirements.forEach((r, i) => {
    if (r.start % len !== 0) throw new RangeError(`requirement ${i} starts at ${r.start}, off the ${len}-minute grid`);
    if (!(r.required >= 0)) throw new RangeError(`requirement ${i} has required ${r.required}`);
    if (byStart.has(r.start)) throw new RangeError(`two requirements start at minute ${r.start}`);
    byStart.set(r.start, i);
  });
  return byStart;
}

/** Every (template, day, start) the model may use, with the intervals each one covers. */
export function enumerateCandidates(input: OptimiseShiftsInput): Candidate[] {
  const len = input.intervalMinutes;
  const byStart = indexIntervals(input);
  if (input.requirements.length === 0) return [];
  const starts = input.requirements.map((r) => r.start);
  const first = Math.min(...starts);
  const last = Math.max(...starts) + len;
  const firstDay = Math.floor(first / MINUTES_PER_DAY);
  const lastDay = Math.floor((last - 1) / MINUTES_PER_DAY);
  const horizon = last - first;
  const cyclic = input.options?.cyclic ?? false;
  const firstWeekday = input.options?.firstWeekday ?? 0;
  const out: Candidate[] = [];
  for (const template of input.templates) {
    if (!(template.lengthMinutes > 0)) throw new RangeError(`template ${template.id} has length ${template.lengthMinutes}`);
    const { earliestMinute, latestMinute } = template.startWindow;
    // Round the window inwards onto the grid: a start between two intervals could not be measured.
    const step = Math.max(len, Math.ceil((template.startStepMinutes ?? len) / len) * len);
    const from = Math.ceil(earliestMinute / len) * len;
    for (let day = firstDay; day <= lastDay; day++) {
      const weekday = (((firstWeekday + day) % 7) + 7) % 7;
      if (template.days && !template.days.includes(weekday)) continue;
      for (let startMinute = from; startMinute <= latestMinute; startMinute += step) {
        const absStart = day * MINUTES_PER_DAY + startMinute;
        const covers: number[] = [];
        for (let off = 0; off < template.lengthMinutes; off += len) {
          // An interval only partly on break counts as off the phones: coverage is never overstated.
          const onBreak = (template.breaks ?? []).some((b) => off < b.afterMinutes + b.lengthMinutes && off + len > b.afterMinutes);
          if (onBreak || off + len > template.lengthMinutes) continue;
          let t = absStart + off;
          if (cyclic && t >= last) t = first + ((t - first) % horizon);
          const idx = byStart.get(t);
          if (idx !== undefined) covers.push(idx);
        }
        if (covers.length > 0) out.push({ template, day, startMinute, covers });
      }
    }
  }
  return out;
}

/** CPLEX LP text. Long sums are wrapped because some LP readers cap line length. */
function lpModel(input: OptimiseShiftsInput, cands: Candidate[], integer: boolean): string {
  const under = input.options?.underWeight ?? 10;
  const over = input.options?.overWeight ?? 1;
  const n = input.requirements.length;
  const wrap = (terms: string[]) => {
    const lines: string[] = [];
    for (let i = 0; i < terms.length; i += 12) lines.push(" " + terms.slice(i, i + 12).join(" "));
    return lines.join("\n");
  };
  const rowTerms: string[][] = Array.from({ length: n }, () => []);
  cands.forEach((c, k) => {
    for (const i of c.covers) rowTerms[i]!.push(`+ x${k}`);
  });
  const obj: string[] = [];
  for (let i = 0; i < n; i++) obj.push(`+ ${under} u${i}`, `+ ${over} o${i}`);
  const out = ["Minimize", " obj:", wrap(obj), "Subject To"];
  for (let i = 0; i < n; i++) {
    out.push(` c${i}:`, wrap([...rowTerms[i]!, `+ u${i}`, `- o${i}`]), ` = ${input.requirements[i]!.required}`);
  }
  const maxAgents = input.options?.maxAgents;
  if (maxAgents !== undefined && cands.length > 0) {
    const days = [...new Set(cands.map((c) => c.day))];
    for (const d of days) {
      const terms = cands.flatMap((c, k) => (c.day === d ? [`+ x${k}`] : []));
      out.push(` day${d}:`, wrap(terms), ` <= ${maxAgents}`);
    }
  }
  if (integer && cands.length > 0) out.push("General", wrap(cands.map((_, k) => `x${k}`)));
  out.push("End");
  return out.join("\n");
}

/** Coverage, slacks and cost of a given integer plan; also used for baselines in tests. */
export function evaluatePlan(input: OptimiseShiftsInput, cands: readonly Candidate[], counts: readonly number[]) {
  const underW = input.options?.underWeight ?? 10;
  const overW = input.options?.overWeight ?? 1;
  const scheduled = new Array<number>(input.requirements.length).fill(0);
  cands.forEach((c, k) => {
    for (const i of c.covers) scheduled[i]! += counts[k] ?? 0;
  });
  const coverage: IntervalCoverage[] = input.requirements.map((r, i) => {
    const s = scheduled[i]!;
    return { start: r.start, required: r.required, scheduled: s, under: Math.max(0, r.required - s), over: Math.max(0, s - r.required) };
  });
  const under = coverage.reduce((a, c) => a + c.under, 0);
  const over = coverage.reduce((a, c) => a + c.over, 0);
  return { coverage, under, over, objective: underW * under + overW * over };
}

function columnValues(sol: { Columns: Record<string, unknown> }, count: number): number[] {
  return Array.from({ length: count }, (_, k) => {
    const col = sol.Columns[`x${k}`] as { Primal?: number } | undefined;
    return col?.Primal ?? 0;
  });
}

interface MipOutcome {
  status: string;
  /** Integer starts per candidate, when HiGHS has a feasible solution. */
  counts?: number[];
  /** HiGHS's proven lower bound (LP bound strengthened by cuts and branching). */
  dualBound?: number;
}

/**
 * The MIP through the persistent API rather than the one-shot `solve()`, for two things the latter
 * lacks: a warm start (the rounded-up LP plan, so a time-limited run never ends worse than it) and the
 * proven dual bound, which tells solver slack apart from the integrality gap.
 */
function solveMip(highs: Highs, lpText: string, start: readonly number[], nCands: number, options: { time_limit: number; mip_rel_gap: number }): MipOutcome {
  const model = highs.createModel({ format: "lp", data: lpText });
  try {
    model.options.set({ output_flag: false, log_to_console: false, ...options });
    const idx = Array.from({ length: nCands }, (_, k) => model.getColByName(`x${k}`));
    // Only the starts are given: HiGHS completes the slacks, which are continuous and always feasible.
    model.setSolution({ indices: idx, values: start });
    model.run();
    const code = model.getModelStatus();
    const status = Object.entries(highs.constants.modelStatus).find(([, c]) => c === code)?.[0] ?? `status ${code}`;
    const dualBound = Number(model.info.get("mip_dual_bound"));
    // primal_solution_status 2 = feasible solution held.
    if (Number(model.info.get("primal_solution_status")) !== 2) return { status, dualBound };
    const col = model.getSolution().colValue;
    // Primal values of an integer column come back as e.g. 2.9999999; round to the integer intended.
    return { status, dualBound, counts: idx.map((i) => Math.max(0, Math.round(col[i]!))) };
  } finally {
    model.dispose();
  }
}

export async function optimiseShifts(input: OptimiseShiftsInput): Promise<OptimiseShiftsResult> {
  // The one clock read in the library: solve time is part of the result because HiGHS is time-limited.
  const t0 = performance.now();
  const base = enumerateCandidates(input);
  const highs = await loadHighs();
  const perSkill = input.skillGroups !== undefined;
  const skills = perSkill ? requiredSkills(input) : [];
  const cands: Candidate[] = perSkill ? groupCandidates(base, input.skillGroups!, skills) : base;
  // Groups stand for people, so their caps must leave each person the weekly rest, or the plan cannot be named.
  const caps = perSkill ? restDayCaps(base, input.options?.labourRules) : [];
  const model = (integer: boolean, around?: readonly number[]) => (perSkill ? skillLpModel(input, cands as GroupCandidate[], skills, caps, integer, around) : lpModel(input, cands, integer));
  const evaluate = (counts: readonly number[]): ReturnType<typeof evaluatePlan> & { bySkill?: SkillCoverage[] } =>
    perSkill ? splitBySkill(input, cands as GroupCandidate[], skills, counts) : evaluatePlan(input, cands, counts);

  // The LP relaxation first: its value bounds every integer plan from below, and its rounded solution
  // warm-starts the MIP and is the fallback when the MIP ends without an incumbent. Per skill the
  // rounding keeps the groups' head and hours caps; the slacks make any such plan feasible.
  // Per skill the LP is larger and degenerate: the interior-point method (with crossover) solves it in a
  // fraction of the simplex's time on the benchmark week (3 s against 14–20 s).
  const lp = highs.solve(model(false), { output_flag: false, log_to_console: false, ...(perSkill ? { solver: "ipm" as const } : {}) });
  if (lp.Status !== "Optimal") throw new Error(`shift LP relaxation not solved: ${lp.Status}`);
  const lpBound = lp.ObjectiveValue;
  const lpValues = columnValues(lp, cands.length);
  const lpCounts = perSkill ? greedyPlan(input, cands as GroupCandidate[], skills, caps, lpValues) : lpValues.map((v) => Math.ceil(v - 1e-6));
  const lpEval = evaluate(lpCounts);

  let mip: MipOutcome = { status: "no candidates" };
  if (cands.length > 0) {
    // Per skill the limit covers the whole solve: the LP and the heuristic take a real share of it.
    const elapsed = perSkill ? (performance.now() - t0) / 1000 : 0;
    // Per skill the full MIP is too big to improve on the heuristic in time (its root LP alone takes 15 s
    // of the minute), so it searches the LP solution's neighbourhood instead: every start count between
    // its LP value's floor and ceiling (RENS). Any plan found is a plan of the full model; only the LP
    // bound then bounds the optimum, since the neighbourhood's own bound does not.
    mip = solveMip(highs, model(true, perSkill ? lpValues : undefined), lpCounts, cands.length, {
      time_limit: Math.max(1, (input.options?.timeLimitSeconds ?? 30) - elapsed),
      mip_rel_gap: input.options?.mipRelGap ?? 1e-4,
    });
  }
  const mipEval = mip.counts && evaluate(mip.counts);
  // Rounding the LP up can break the per-day cap, so it only replaces an incumbent when no cap is set.
  const useLp = !mipEval || (lpEval.objective < mipEval.objective && (perSkill || input.options?.maxAgents === undefined));
  const counts = useLp ? lpCounts : mip.counts!;
  const evaluated = useLp ? lpEval : mipEval;
  const status = !mipEval ? `${mip.status}; LP rounding` : useLp ? `${mip.status}; LP rounding better` : mip.status;
  const mipBound = perSkill ? lpBound : Math.max(lpBound, Number.isFinite(mip.dualBound) ? mip.dualBound! : -Infinity);

  const starts: ShiftStart[] = [];
  cands.forEach((c, k) => {
    const count = counts[k] ?? 0;
    if (count <= 0) return;
    const s: ShiftStart = { templateId: c.template.id, day: c.day, startMinute: c.startMinute, lengthMinutes: c.template.lengthMinutes, count };
    const group = (c as Partial<GroupCandidate>).group;
    const needs = [...new Set([...(c.template.skills ?? []), ...(group?.skills ?? [])])].sort();
    if (needs.length > 0) s.skills = needs;
    if (group) s.group = group.id;
    starts.push(s);
  });
  starts.sort((a, b) => a.day - b.day || a.startMinute - b.startMinute || a.templateId.localeCompare(b.templateId) || (a.group ?? "").localeCompare(b.group ?? ""));
  return {
    starts,
    ...evaluated,
    lpBound,
    gap: (evaluated.objective - lpBound) / Math.max(1, evaluated.objective),
    mipBound,
    mipGap: (evaluated.objective - mipBound) / Math.max(1, evaluated.objective),
    status,
    solveMs: performance.now() - t0,
  };
}

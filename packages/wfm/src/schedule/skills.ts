/**
 * Per-skill shift optimisation. Agents speak several languages, so "how many on the phones" is not
 * enough: eight Hebrew speakers leave the Russian queue unanswered. Agents with the same skills are
 * interchangeable, so the model counts shifts per skill group (agents holding the same set of the
 * required skills) instead of per person:
 *
 *   x_gk ∈ ℤ≥0        agents of group g starting candidate k
 *   y_gsi ≥ 0         agents of group g on the phones in interval i who work skill s (s ∈ skills of g)
 *   Σ_k a_ik·x_gk = Σ_s y_gsi                 every agent on the phones works exactly one skill
 *   Σ_g y_gsi + under_si − over_si = req_si   per skill and interval
 *   Σ_{k on day d} x_gk ≤ |g|                 one shift a day per agent of the group
 *   Σ_k len_k·x_gk ≤ minutes_g                the group's weekly hours
 *   Σ_{k on days D} x_gk ≤ n_D·|g|             the weekly rest's working days (see rest-caps.ts)
 *
 * The y need not be integer: once the x (hence the heads per group and interval) are integers, each
 * interval's split is a transportation problem from groups to skills with integer supplies and
 * demands, whose constraint matrix is totally unimodular, so an optimal integer split exists with the
 * same cost. `splitBySkill` computes one for any integer plan (a maximum flow per interval).
 */
import type { Candidate } from "./optimise";
import type { DayCap } from "./rest-caps";
import { splitHeads } from "./split";
import type { OptimiseShiftsInput, SkillCoverage, SkillGroup } from "./types";

export interface GroupCandidate extends Candidate {
  group: SkillGroup;
}

/** The skills that appear in the requirement, in first-seen order. */
export function requiredSkills(input: OptimiseShiftsInput): string[] {
  const seen = new Set<string>();
  for (const r of input.requirements) for (const s of Object.keys(r.bySkill ?? {})) seen.add(s);
  return [...seen];
}

/** Every base candidate once per group whose agents hold the template's skills and some required skill. */
export function groupCandidates(base: readonly Candidate[], groups: readonly SkillGroup[], skills: readonly string[]): GroupCandidate[] {
  const out: GroupCandidate[] = [];
  for (const group of groups) {
    if (!(group.size > 0)) continue;
    if (!group.skills.some((s) => skills.includes(s))) continue;
    for (const c of base) {
      if ((c.template.skills ?? []).every((s) => group.skills.includes(s))) out.push({ ...c, group });
    }
  }
  return out;
}

const wrap = (terms: string[]) => {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += 12) lines.push(" " + terms.slice(i, i + 12).join(" "));
  return lines.join("\n");
};

/**
 * CPLEX LP text of the per-skill model. `around` (an LP solution) bounds every start count between its
 * floor and ceiling: the neighbourhood the MIP searches (see `optimiseShifts`).
 */
export function skillLpModel(input: OptimiseShiftsInput, cands: readonly GroupCandidate[], skills: readonly string[], caps: readonly DayCap[], integer: boolean, around?: readonly number[]): string {
  const under = input.options?.underWeight ?? 10;
  const over = input.options?.overWeight ?? 1;
  const n = input.requirements.length;
  const groups = [...new Set(cands.map((c) => c.group))];
  const gIndex = new Map(groups.map((g, j) => [g, j]));
  const sIndex = new Map(skills.map((s, j) => [s, j]));
  // Heads per (group, interval) as x terms.
  const heads: Array<Array<string[]>> = groups.map(() => Array.from({ length: n }, () => []));
  cands.forEach((c, k) => {
    const g = gIndex.get(c.group)!;
    for (const i of c.covers) heads[g]![i]!.push(`+ x${k}`);
  });
  const rows: string[] = [];
  const skillTerms: string[][][] = skills.map(() => Array.from({ length: n }, () => []));
  groups.forEach((group, g) => {
    const mine = group.skills.filter((s) => sIndex.has(s)).map((s) => sIndex.get(s)!);
    for (let i = 0; i < n; i++) {
      if (heads[g]![i]!.length === 0) continue;
      const ys = mine.map((s) => `y${g}_${s}_${i}`);
      mine.forEach((s, j) => skillTerms[s]![i]!.push(`+ ${ys[j]}`));
      rows.push(` h${g}_${i}:`, wrap([...heads[g]![i]!, ...ys.map((y) => `- ${y}`)]), " = 0");
    }
  });
  const obj: string[] = [];
  skills.forEach((skill, s) => {
    for (let i = 0; i < n; i++) {
      obj.push(`+ ${under} u${s}_${i}`, `+ ${over} o${s}_${i}`);
      const req = input.requirements[i]!.bySkill?.[skill] ?? 0;
      rows.push(` c${s}_${i}:`, wrap([...skillTerms[s]![i]!, `+ u${s}_${i}`, `- o${s}_${i}`]), ` = ${req}`);
    }
  });
  groups.forEach((group, g) => {
    const days = new Map<number, string[]>();
    const minutes: string[] = [];
    cands.forEach((c, k) => {
      if (c.group !== group) return;
      days.set(c.day, [...(days.get(c.day) ?? []), `+ x${k}`]);
      minutes.push(`+ ${c.template.lengthMinutes} x${k}`);
    });
    for (const [d, terms] of days) rows.push(` g${g}day${d}:`, wrap(terms), ` <= ${group.size}`);
    caps.forEach((cap, j) => {
      const terms = cap.days.flatMap((d) => days.get(d) ?? []);
      if (terms.length > 0) rows.push(` g${g}rest${j}:`, wrap(terms), ` <= ${cap.perAgent * group.size}`);
    });
    if (group.maxMinutes !== undefined) rows.push(` g${g}min:`, wrap(minutes), ` <= ${group.maxMinutes}`);
  });
  const maxAgents = input.options?.maxAgents;
  if (maxAgents !== undefined) {
    for (const d of new Set(cands.map((c) => c.day))) rows.push(` day${d}:`, wrap(cands.flatMap((c, k) => (c.day === d ? [`+ x${k}`] : []))), ` <= ${maxAgents}`);
  }
  const out = ["Minimize", " obj:", wrap(obj), "Subject To", ...rows];
  if (around) {
    out.push("Bounds");
    around.forEach((v, k) => out.push(` ${Math.floor(v + 1e-6)} <= x${k} <= ${Math.ceil(v - 1e-6)}`));
  }
  if (integer && cands.length > 0) out.push("General", wrap(cands.map((_, k) => `x${k}`)));
  out.push("End");
  return out.join("\n");
}

/** An integer plan's coverage per skill: each interval's heads split over their skills by `splitHeads`. */
export function splitBySkill(input: OptimiseShiftsInput, cands: readonly GroupCandidate[], skills: readonly string[], counts: readonly number[]) {
  const n = input.requirements.length;
  const groups = [...new Set(cands.map((c) => c.group))];
  const gIndex = new Map(groups.map((g, j) => [g, j]));
  const holds = groups.map((g) => skills.flatMap((s, j) => (g.skills.includes(s) ? [j] : [])));
  const heads: number[][] = Array.from({ length: n }, () => new Array<number>(groups.length).fill(0));
  cands.forEach((c, k) => {
    for (const i of c.covers) heads[i]![gIndex.get(c.group)!]! += counts[k] ?? 0;
  });
  const perInterval = input.requirements.map((r, i) => splitHeads(holds, heads[i]!, skills.map((s) => r.bySkill?.[s] ?? 0)));
  const bySkill: SkillCoverage[] = skills.map((skill, s) => {
    const coverage = input.requirements.map((r, i) => {
      const split = perInterval[i]!;
      return { start: r.start, required: r.bySkill?.[skill] ?? 0, scheduled: split.scheduled[s]!, under: split.under[s]!, over: split.over[s]! };
    });
    return { skill, coverage, under: coverage.reduce((a, c) => a + c.under, 0), over: coverage.reduce((a, c) => a + c.over, 0) };
  });
  const underW = input.options?.underWeight ?? 10;
  const overW = input.options?.overWeight ?? 1;
  const under = bySkill.reduce((a, s) => a + s.under, 0);
  const over = bySkill.reduce((a, s) => a + s.over, 0);
  const coverage = input.requirements.map((r, i) => {
    const sum = (f: (c: SkillCoverage["coverage"][number]) => number) => bySkill.reduce((a, s) => a + f(s.coverage[i]!), 0);
    return { start: r.start, required: sum((c) => c.required), scheduled: sum((c) => c.scheduled), under: sum((c) => c.under), over: sum((c) => c.over) };
  });
  return { coverage, bySkill, under, over, objective: underW * under + overW * over };
}

/**
 * Agents grouped by the skills that matter to the plan (the required skills and the templates'), so
 * the optimiser sees a few interchangeable groups rather than every person.
 */
export function skillGroups(agents: ReadonlyArray<{ id: string; skills?: readonly string[]; contractMinutesPerWeek?: number; maxMinutesPerWeek?: number }>, relevant: readonly string[], maxMinutesPerAgent = 2520): SkillGroup[] {
  const byKey = new Map<string, SkillGroup>();
  for (const a of agents) {
    const skills = [...new Set((a.skills ?? []).filter((s) => relevant.includes(s)))].sort();
    const key = skills.join(",");
    const g = byKey.get(key) ?? { id: key || "-", skills, size: 0, maxMinutes: 0 };
    g.size++;
    g.maxMinutes! += Math.min(maxMinutesPerAgent, a.maxMinutesPerWeek ?? Infinity);
    byKey.set(key, g);
  }
  return [...byKey.values()].sort((a, b) => a.id.localeCompare(b.id));
}


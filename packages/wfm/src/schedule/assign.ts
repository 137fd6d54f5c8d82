/**
 * From shift counts to named shifts. Greedy: the shift with the fewest eligible agents is placed
 * first (so scarce skills and narrow availability are not used up by easy shifts), and each goes to
 * the eligible, rule-compliant agent with the most contract minutes still to fill.
 */
import type { ShiftStart } from "./types";
import { agentViolations, hasSkills, isAvailable, resolveRules, shiftStart, type Agent, type AssignedShift, type Assignment, type LabourRules, type ShiftInstance } from "./rules";

/** One instance per counted shift. */
export function expandStarts(starts: readonly ShiftStart[]): ShiftInstance[] {
  return starts.flatMap((s) =>
    Array.from({ length: s.count }, () => {
      const inst: ShiftInstance = { templateId: s.templateId, day: s.day, startMinute: s.startMinute, lengthMinutes: s.lengthMinutes };
      if (s.skills) inst.skills = [...s.skills];
      return inst;
    }),
  );
}

export function assignAgents(shifts: readonly ShiftStart[] | readonly ShiftInstance[], agents: readonly Agent[], rules?: LabourRules): Assignment {
  const r = resolveRules(rules);
  const instances: ShiftInstance[] = shifts.length > 0 && "count" in shifts[0]! ? expandStarts(shifts as readonly ShiftStart[]) : [...(shifts as readonly ShiftInstance[])];
  const eligible = (a: Agent, s: ShiftInstance) => isAvailable(a, s) && hasSkills(a, s);
  const order = instances
    .map((s) => ({ s, options: agents.reduce((n, a) => n + (eligible(a, s) ? 1 : 0), 0) }))
    .sort((x, y) => x.options - y.options || shiftStart(x.s) - shiftStart(y.s) || x.s.templateId.localeCompare(y.s.templateId));

  const held = new Map<string, ShiftInstance[]>(agents.map((a) => [a.id, []]));
  const minutes = new Map<string, number>(agents.map((a) => [a.id, 0]));
  const out: AssignedShift[] = [];
  const unassigned: ShiftInstance[] = [];
  for (const { s } of order) {
    let best: Agent | undefined;
    let bestKey = -Infinity;
    for (const a of agents) {
      if (!eligible(a, s)) continue;
      const mine = held.get(a.id)!;
      // Every rule is re-checked on the agent's week with this shift added: cheap at a few shifts per agent.
      if (agentViolations(a.id, [...mine, s], r, a).length > 0) continue;
      const remaining = a.contractMinutesPerWeek - minutes.get(a.id)!;
      // Preferences only break ties between agents with equal remaining contract time.
      const liked = (a.preferences?.templateIds?.includes(s.templateId) ? 1 : 0) - (a.preferences?.avoidDays?.includes(s.day) ? 1 : 0);
      const key = remaining * 4 + liked;
      if (key > bestKey) {
        best = a;
        bestKey = key;
      }
    }
    if (!best) {
      unassigned.push(s);
      continue;
    }
    held.get(best.id)!.push(s);
    minutes.set(best.id, minutes.get(best.id)! + s.lengthMinutes);
    out.push({ ...s, agentId: best.id });
  }
  out.sort((a, b) => shiftStart(a) - shiftStart(b) || a.agentId.localeCompare(b.agentId));
  return { shifts: out, unassigned, agentMinutes: Object.fromEntries(minutes) };
}

/**
 * From shift counts to named shifts, in two passes.
 *
 * 1. Greedy: the shift with the fewest eligible agents is placed first (so scarce skills and narrow
 *    availability are not used up by easy shifts), and each goes to the eligible, rule-compliant agent
 *    with the most contract minutes still to fill.
 * 2. Repair: greedy choices can strand a shift — every agent who could take it is already working a
 *    shift too close to it, or a sixth day that would cost their weekly rest. For each shift left, an
 *    augmenting path (breadth-first, as in bipartite matching) looks for a chain of moves: agent A takes
 *    the stranded shift by giving up one of theirs, which agent B takes by giving up one of theirs, …,
 *    until someone takes the last one freely. Every move keeps each agent's week within the rules, and
 *    each success names one more shift, so the repair never makes the roster worse.
 */
import { seededRng } from "../random";
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

const eligible = (a: Agent, s: ShiftInstance) => isAvailable(a, s) && hasSkills(a, s);

export function assignAgents(shifts: readonly ShiftStart[] | readonly ShiftInstance[], agents: readonly Agent[], rules?: LabourRules): Assignment {
  const r = resolveRules(rules);
  const instances: ShiftInstance[] = shifts.length > 0 && "count" in shifts[0]! ? expandStarts(shifts as readonly ShiftStart[]) : [...(shifts as readonly ShiftInstance[])];
  const options = new Map(instances.map((s) => [s, agents.reduce((n, a) => n + (eligible(a, s) ? 1 : 0), 0)]));
  const byScarcity = (later: boolean) =>
    [...instances].sort((x, y) => options.get(x)! - options.get(y)! || (later ? shiftStart(y) - shiftStart(x) : shiftStart(x) - shiftStart(y)) || x.templateId.localeCompare(y.templateId));
  // Among equally scarce shifts, the week is filled from its start; if that strands some, once more from
  // its end (the weekly rest binds at the week's edges, so which edge fills first matters), keeping the better.
  let best = nameShifts(byScarcity(false), agents, r);
  if (best.unassigned.length > 0) {
    const other = nameShifts(byScarcity(true), agents, r);
    if (other.unassigned.length < best.unassigned.length) best = other;
  }
  const { held, unassigned } = best;
  const minutesOf = (a: Agent) => held.get(a.id)!.reduce((n, s) => n + s.lengthMinutes, 0);
  const out: AssignedShift[] = [];
  for (const a of agents) for (const s of held.get(a.id)!) out.push({ ...s, agentId: a.id });
  out.sort((a, b) => shiftStart(a) - shiftStart(b) || a.agentId.localeCompare(b.agentId));
  return { shifts: out, unassigned: [...unassigned].sort((a, b) => shiftStart(a) - shiftStart(b)), agentMinutes: Object.fromEntries(agents.map((a) => [a.id, minutesOf(a)])) };
}

/** The greedy pass over shifts in `order`, then the repair of what it stranded. */
function nameShifts(order: readonly ShiftInstance[], agents: readonly Agent[], r: Required<LabourRules>) {
  const held = new Map<string, ShiftInstance[]>(agents.map((a) => [a.id, []]));
  // Every rule is re-checked on the agent's whole week with the change made: cheap at a few shifts per agent.
  const legal = (a: Agent, week: readonly ShiftInstance[]) => agentViolations(a.id, week, r, a).length === 0;
  const minutes = new Map<string, number>(agents.map((a) => [a.id, 0]));

  const stranded: ShiftInstance[] = [];
  for (const s of order) {
    // The eligible agent with the most contract minutes left whose week stays legal. Ranked first and
    // checked in rank order: the rules are the costly part, and the top candidate usually passes.
    const ranked: Array<{ a: Agent; key: number }> = [];
    for (const a of agents) {
      if (!eligible(a, s)) continue;
      const remaining = a.contractMinutesPerWeek - minutes.get(a.id)!;
      // Preferences only break ties between agents with equal remaining contract time.
      const liked = (a.preferences?.templateIds?.includes(s.templateId) ? 1 : 0) - (a.preferences?.avoidDays?.includes(s.day) ? 1 : 0);
      ranked.push({ a, key: remaining * 4 + liked });
    }
    ranked.sort((x, y) => y.key - x.key);
    const best = ranked.find(({ a }) => legal(a, [...held.get(a.id)!, s]))?.a;
    if (!best) {
      stranded.push(s);
      continue;
    }
    held.get(best.id)!.push(s);
    minutes.set(best.id, minutes.get(best.id)! + s.lengthMinutes);
  }

  // Which chain a search finds depends on the order agents are tried in, and each success changes the
  // weeks later searches start from: a few passes in other (seeded, so repeatable) orders name more.
  let unassigned = stranded;
  const rng = seededRng(1);
  const budget = { left: REPAIR_BUDGET };
  for (let pass = 0; pass < REPAIR_PASSES && unassigned.length > 0 && budget.left > 0; pass++) {
    const tryOrder = pass === 0 ? agents : shuffle([...agents], rng);
    // A search that failed fails again for a shift alike until some success changes the weeks.
    const failed = new Set<string>();
    unassigned = unassigned.filter((s) => {
      if (failed.has(kindOf(s)) || budget.left <= 0) return true;
      if (augment(s, tryOrder, held, legal, budget)) {
        failed.clear();
        return false;
      }
      failed.add(kindOf(s));
      return true;
    });
  }
  return { held, unassigned };
}

const REPAIR_PASSES = 4;

function shuffle<T>(xs: T[], rng: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** A shift looking for an agent; `from` gave it up to take `parent`'s shift. */
interface PathNode {
  shift: ShiftInstance;
  parent?: PathNode;
  from?: Agent;
}

/**
 * Agent-shift rule checks (a few microseconds each) one search, and the whole repair, may spend: a
 * failed search is exhaustive, so these bound the worst case of a plan the staff cannot cover.
 */
const SEARCH_BUDGET = 100_000;
const REPAIR_BUDGET = 1_000_000;

/** Shifts alike in everything an agent's eligibility and rules see: one of them in the search stands for all. */
const kindOf = (s: ShiftInstance) => `${s.day}:${s.startMinute}:${s.lengthMinutes}:${s.templateId}:${(s.skills ?? []).join(",")}`;

/**
 * Names `stranded` by a chain of moves if one exists (breadth-first, so the shortest chain wins), and
 * applies it to `held`. As in bipartite matching, an agent joins at most one chain per search, and a
 * kind of shift is looked for once.
 */
function augment(stranded: ShiftInstance, agents: readonly Agent[], held: Map<string, ShiftInstance[]>, legal: (a: Agent, week: readonly ShiftInstance[]) => boolean, total: { left: number }): boolean {
  const used = new Set<string>();
  const kinds = new Set<string>([kindOf(stranded)]);
  const queue: PathNode[] = [{ shift: stranded }];
  const stop = Math.max(0, total.left - SEARCH_BUDGET);
  for (let head = 0; head < queue.length && total.left > stop; head++) {
    const node = queue[head]!;
    for (const a of agents) {
      if (used.has(a.id) || !eligible(a, node.shift)) continue;
      const mine = held.get(a.id)!;
      total.left -= 1 + mine.length;
      if (legal(a, [...mine, node.shift])) {
        mine.push(node.shift);
        // Walk back: each agent on the chain gives up the shift passed on and takes the one before it.
        for (let n = node; n.parent; n = n.parent) {
          const theirs = held.get(n.from!.id)!;
          theirs.splice(theirs.indexOf(n.shift), 1, n.parent.shift);
        }
        return true;
      }
      for (const s of mine) {
        if (kinds.has(kindOf(s)) || !legal(a, [...mine.filter((x) => x !== s), node.shift])) continue;
        kinds.add(kindOf(s));
        used.add(a.id);
        queue.push({ shift: s, parent: node, from: a });
      }
    }
  }
  return false;
}

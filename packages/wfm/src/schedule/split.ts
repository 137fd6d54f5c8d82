/**
 * How the agents on the phones in one interval are best spread over the skills they hold: a maximum
 * flow from skill groups (supply: heads on the phones) to skills (demand: required agents). The most
 * required agents covered is also the cheapest split for any positive under- and over-staffing weights,
 * since every head not covering a need is over wherever it is put. A head left over is counted as over
 * on the first of its skills (all of them are full by then, or the flow would have used it).
 */
export interface SkillSplit {
  /** Agents working each skill (covering a need or over). */
  scheduled: number[];
  under: number[];
  over: number[];
}

/**
 * `holds[g]` lists the skill indices group g can work; `heads[g]` its agents on the phones;
 * `required[s]` the agents skill s needs.
 */
export function splitHeads(holds: readonly (readonly number[])[], heads: readonly number[], required: readonly number[]): SkillSplit {
  const G = holds.length;
  const S = required.length;
  const flow: number[][] = holds.map(() => new Array<number>(S).fill(0));
  const supply = [...heads];
  const demand = [...required];
  // Augmenting paths alternate group → skill (any capacity) and skill → group (undoing flow): BFS from
  // every group with supply left to a skill with demand left.
  for (;;) {
    const prevOfSkill = new Array<number>(S).fill(-1);
    const prevOfGroup = new Array<number>(G).fill(-2);
    const queue: number[] = [];
    for (let g = 0; g < G; g++) {
      if (supply[g]! > 0) {
        prevOfGroup[g] = -1;
        queue.push(g);
      }
    }
    let target = -1;
    for (let q = 0; q < queue.length && target < 0; q++) {
      const g = queue[q]!;
      for (const s of holds[g]!) {
        if (prevOfSkill[s] !== -1) continue;
        prevOfSkill[s] = g;
        if (demand[s]! > 0) {
          target = s;
          break;
        }
        for (let h = 0; h < G; h++) {
          if (prevOfGroup[h] === -2 && flow[h]![s]! > 0) {
            prevOfGroup[h] = s;
            queue.push(h);
          }
        }
      }
    }
    if (target < 0) break;
    // Bottleneck along the path, then push.
    let amount = demand[target]!;
    for (let s = target; ; ) {
      const g = prevOfSkill[s]!;
      const back = prevOfGroup[g]!;
      if (back === -1) {
        amount = Math.min(amount, supply[g]!);
        break;
      }
      amount = Math.min(amount, flow[g]![back]!);
      s = back;
    }
    demand[target]! -= amount;
    for (let s = target; ; ) {
      const g = prevOfSkill[s]!;
      flow[g]![s]! += amount;
      const back = prevOfGroup[g]!;
      if (back === -1) {
        supply[g]! -= amount;
        break;
      }
      flow[g]![back]! -= amount;
      s = back;
    }
  }
  const scheduled = required.map((r, s) => r - demand[s]!);
  holds.forEach((skills, g) => {
    if (supply[g]! > 0 && skills.length > 0) scheduled[skills[0]!]! += supply[g]!;
  });
  return { scheduled, under: [...demand], over: scheduled.map((n, s) => Math.max(0, n - required[s]!)) };
}

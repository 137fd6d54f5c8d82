import type { LiveAgent } from "./model";

/**
 * The free agents of one channel in longest-idle order: by the `idleSince` each was filed under, then by id.
 * An agent who becomes free has usually just become idle, so it goes at the end in O(1); one who leaves
 * leaves a gap (found by binary search, no shifting of the thousands behind it), and the gaps are swept out
 * once they outnumber the agents. Readers walk `slots` in order and skip the gaps. Where each agent is filed is
 * kept on the agent (`load.filed`), so asking needs no map.
 */
export class IdleOrder {
  readonly slots: (LiveAgent | null)[] = [];
  private keys: number[] = [];
  private ids: string[] = [];
  private gaps = 0;

  /** `channel`: the CHANNEL_INDEX under which each agent's load records where it is filed here. */
  constructor(private readonly channel: number) {}

  /** The idleSince the agent was filed under, or undefined if it is not here. */
  filedUnder(agent: LiveAgent): number | undefined {
    const key = agent.load.filed[this.channel]!;
    return Number.isNaN(key) ? undefined : key;
  }

  insert(agent: LiveAgent): void {
    const key = agent.idleSince;
    const id = agent.id;
    const n = this.slots.length;
    agent.load.filed[this.channel] = key;
    const lastKey = this.keys[n - 1]!;
    if (n === 0 || lastKey < key || (lastKey === key && this.ids[n - 1]! < id)) {
      this.slots.push(agent);
      this.keys.push(key);
      this.ids.push(id);
      return;
    }
    const i = this.position(key, id);
    if (this.slots[i] === null && this.keys[i] === key && this.ids[i] === id) {
      // Back into the gap it left under the same key.
      this.slots[i] = agent;
      this.gaps--;
      return;
    }
    this.slots.splice(i, 0, agent);
    this.keys.splice(i, 0, key);
    this.ids.splice(i, 0, id);
  }

  remove(agent: LiveAgent): void {
    const key = agent.load.filed[this.channel]!;
    if (Number.isNaN(key)) return;
    agent.load.filed[this.channel] = NaN;
    let i = this.position(key, agent.id);
    while (i < this.slots.length && this.slots[i] !== agent) i++;
    if (i === this.slots.length) return;
    this.slots[i] = null;
    this.gaps++;
    if (this.gaps > 32 && this.gaps * 2 > this.slots.length) this.sweep();
  }

  /** The first index whose (key, id) is not before the given one; gaps keep their keys, so order holds. */
  private position(key: number, id: string): number {
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const k = this.keys[mid]!;
      if (k < key || (k === key && this.ids[mid]! < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private sweep(): void {
    let w = 0;
    for (let r = 0; r < this.slots.length; r++) {
      const a = this.slots[r]!;
      if (a === null) continue;
      this.slots[w] = a;
      this.keys[w] = this.keys[r]!;
      this.ids[w] = this.ids[r]!;
      w++;
    }
    this.slots.length = w;
    this.keys.length = w;
    this.ids.length = w;
    this.gaps = 0;
  }
}

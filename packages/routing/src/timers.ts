import { KeyedHeap } from "./heap";

/** A pending timer as listed by `toArray`: when it falls due, the order it was armed in (unique), and what for. */
export interface PendingTimer<C> {
  at: number;
  seq: number;
  /** The caller's kind of timer (a small integer). */
  kind: number;
  token: number;
  contact: C;
}

/**
 * Timers armed with one delay, in the order they were armed, which is also the order they fall due: a ring
 * of parallel arrays rather than an object per timer, so arming allocates nothing and reading the next due
 * time reads contiguous memory instead of a timer object armed minutes ago and long out of the cache.
 */
class Lane<C> {
  private mask = 63;
  at = new Float64Array(64);
  seq = new Float64Array(64);
  token = new Float64Array(64);
  kind = new Uint8Array(64);
  contact: (C | undefined)[] = new Array<C | undefined>(64).fill(undefined);
  /** Index of the first timer (before masking) and the number of timers. */
  head = 0;
  size = 0;
  constructor(readonly delay: number) {}

  /** Slot of the i-th timer from the front. */
  slot(i: number): number {
    return (this.head + i) & this.mask;
  }

  lastAt(): number {
    return this.at[this.slot(this.size - 1)]!;
  }

  lastSeq(): number {
    return this.seq[this.slot(this.size - 1)]!;
  }

  append(at: number, seq: number, kind: number, token: number, contact: C): void {
    if (this.size > this.mask) this.grow();
    const s = this.slot(this.size++);
    this.at[s] = at;
    this.seq[s] = seq;
    this.kind[s] = kind;
    this.token[s] = token;
    this.contact[s] = contact;
  }

  /** Drops the front timer (letting go of its contact). */
  shift(): void {
    this.contact[this.head & this.mask] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
  }

  /** Doubles the ring, laying its timers out from slot 0 in order. */
  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const at = new Float64Array(capacity);
    const seq = new Float64Array(capacity);
    const token = new Float64Array(capacity);
    const kind = new Uint8Array(capacity);
    const contact = new Array<C | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.size; i++) {
      const s = this.slot(i);
      at[i] = this.at[s]!;
      seq[i] = this.seq[s]!;
      token[i] = this.token[s]!;
      kind[i] = this.kind[s]!;
      contact[i] = this.contact[s];
    }
    this.at = at;
    this.seq = seq;
    this.token = token;
    this.kind = kind;
    this.contact = contact;
    this.head = 0;
    this.mask = capacity - 1;
  }
}

const MAX_LANES = 256;

/**
 * Pending timers, taken in the order (at, seq). Most timers are armed a fixed delay from now (a routing step's
 * wait, the offer timeout, the statutory at-risk and breach points), and the engine's clock never goes back,
 * so the timers of one delay fall due in the order they were armed: each delay is a first-in first-out lane,
 * appended and taken from the front in O(1), and only the lanes' heads are kept in a heap. Timers that do not
 * fit a lane (armed in the past, restored from a snapshot, or past the number of lanes) go in a heap of their
 * own. The order of taking is exactly the single heap's it replaces.
 *
 * `peek` and `pop` describe the earliest timer in the queue's own fields (`at`, `seq`, `kind`, `token`,
 * `contact`), so taking a timer allocates nothing either.
 */
export class TimerQueue<C> {
  private readonly lanes = new Map<number, Lane<C>>();
  /** Non-empty lanes by their head's (at, seq). */
  private readonly heads = new KeyedHeap<Lane<C>>();
  private readonly others = new KeyedHeap<PendingTimer<C>>();
  /** The earliest timer, as found by the last `peek` or taken by the last `pop`. */
  at = 0;
  seq = 0;
  kind = 0;
  token = 0;
  contact: C | null = null;
  /** Where the earliest timer is: its lane, or null for the heap of others. */
  private source: Lane<C> | null = null;

  /** Files a timer armed at `now`. */
  push(at: number, seq: number, kind: number, token: number, contact: C, now: number): void {
    const delay = at - now;
    let lane = this.lanes.get(delay);
    if (!lane && delay >= 0 && this.lanes.size < MAX_LANES) this.lanes.set(delay, (lane = new Lane<C>(delay)));
    if (!lane || (lane.size > 0 && (lane.lastAt() > at || (lane.lastAt() === at && lane.lastSeq() > seq)))) {
      this.others.push({ at, seq, kind, token, contact }, at, seq);
      return;
    }
    if (lane.size === 0) this.heads.push(lane, at, seq);
    lane.append(at, seq, kind, token, contact);
  }

  /** Finds the earliest timer and describes it in this queue's fields; false when there is none. */
  peek(): boolean {
    const lane = this.heads.peek();
    const other = this.others.peek();
    if (!lane && !other) {
      this.contact = null;
      return false;
    }
    if (lane) {
      const s = lane.head;
      const at = lane.at[s]!;
      const seq = lane.seq[s]!;
      if (!other || at < other.at || (at === other.at && seq < other.seq)) {
        this.source = lane;
        this.at = at;
        this.seq = seq;
        this.kind = lane.kind[s]!;
        this.token = lane.token[s]!;
        this.contact = lane.contact[s]!;
        return true;
      }
    }
    this.source = null;
    this.at = other!.at;
    this.seq = other!.seq;
    this.kind = other!.kind;
    this.token = other!.token;
    this.contact = other!.contact;
    return true;
  }

  /** Takes the earliest timer, leaving it described in this queue's fields; false when there is none. */
  pop(): boolean {
    if (!this.peek()) return false;
    const lane = this.source;
    if (!lane) {
      this.others.pop();
      return true;
    }
    lane.shift();
    if (lane.size > 0) this.heads.replaceTop(lane, lane.at[lane.head]!, lane.seq[lane.head]!);
    else {
      this.heads.pop();
      this.lanes.delete(lane.delay);
    }
    return true;
  }

  toArray(): PendingTimer<C>[] {
    const out = this.others.toArray();
    for (const lane of this.lanes.values()) {
      for (let i = 0; i < lane.size; i++) {
        const s = lane.slot(i);
        out.push({ at: lane.at[s]!, seq: lane.seq[s]!, kind: lane.kind[s]!, token: lane.token[s]!, contact: lane.contact[s]! });
      }
    }
    return out.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
}

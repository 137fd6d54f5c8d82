import { KeyedHeap } from "./heap";

/** What the queue needs of a timer: when it falls due, and the order it was armed in (unique). */
export interface Timed {
  at: number;
  seq: number;
}

/** Timers armed with one delay, in the order they were armed, which is also the order they fall due. */
class Lane<T extends Timed> {
  items: (T | undefined)[] = [];
  head = 0;
  constructor(readonly delay: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  last(): T | undefined {
    return this.items[this.items.length - 1];
  }

  shift(): T {
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined;
    // Drop the consumed front once it is most of the array, so a busy lane does not grow forever; moved
    // within the array rather than copied to a new one, which would be garbage the size of the lane.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      const items = this.items;
      items.copyWithin(0, this.head);
      items.length -= this.head;
      this.head = 0;
    }
    return item;
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
 */
export class TimerQueue<T extends Timed> {
  private readonly lanes = new Map<number, Lane<T>>();
  /** Non-empty lanes by their head's (at, seq). */
  private readonly heads = new KeyedHeap<Lane<T>>();
  private readonly others = new KeyedHeap<T>();

  /** Files a timer armed at `now`. */
  push(item: T, now: number): void {
    const delay = item.at - now;
    let lane = this.lanes.get(delay);
    if (!lane && delay >= 0 && this.lanes.size < MAX_LANES) this.lanes.set(delay, (lane = new Lane<T>(delay)));
    const last = lane?.last();
    if (!lane || (last && (last.at > item.at || (last.at === item.at && last.seq > item.seq)))) {
      this.others.push(item, item.at, item.seq);
      return;
    }
    if (lane.size === 0) this.heads.push(lane, item.at, item.seq);
    lane.items.push(item);
  }

  peek(): T | undefined {
    const lane = this.heads.peek();
    const a = lane?.items[lane.head];
    const b = this.others.peek();
    if (!a) return b;
    if (!b) return a;
    return b.at < a.at || (b.at === a.at && b.seq < a.seq) ? b : a;
  }

  pop(): T | undefined {
    const top = this.peek();
    if (!top) return undefined;
    if (top === this.others.peek()) return this.others.pop();
    const lane = this.heads.pop()!;
    lane.shift();
    if (lane.size > 0) {
      const next = lane.items[lane.head]!;
      this.heads.push(lane, next.at, next.seq);
    } else this.lanes.delete(lane.delay);
    return top;
  }

  toArray(): T[] {
    const out = this.others.toArray();
    for (const lane of this.lanes.values()) for (let i = lane.head; i < lane.items.length; i++) out.push(lane.items[i]!);
    return out.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
}

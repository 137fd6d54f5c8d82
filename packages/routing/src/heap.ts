/** A binary min-heap under a comparator. Stale entries are dropped by the caller (lazy deletion). */
export class Heap<T> {
  private items: T[] = [];
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    // Sift the hole up rather than swapping pairs: one write per level, no temporary arrays.
    const a = this.items;
    let i = a.length;
    a.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent]!;
      if (!this.before(item, p)) break;
      a[i] = p;
      i = parent;
    }
    a[i] = item;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    const n = a.length;
    if (n > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        let child = a[l]!;
        if (r < n && this.before(a[r]!, child)) {
          m = r;
          child = a[r]!;
        }
        if (!this.before(child, last)) break;
        a[i] = child;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }

  toArray(): T[] {
    return [...this.items];
  }
}

/**
 * A binary min-heap ordered by up to three numeric keys, compared in turn. The keys live in typed arrays
 * beside the items, so sifting reads contiguous memory instead of chasing each item across the heap:
 * with tens of thousands of timers or waiting contacts, that is most of the cost of a push or pop. Each item
 * also carries a numeric tag (the contact's version when it was filed), so a waiting list needs no wrapper
 * object per entry to tell a stale entry from a live one.
 */
export class KeyedHeap<T> {
  private items: (T | undefined)[] = [];
  private k1 = new Float64Array(16);
  private k2 = new Float64Array(16);
  private k3 = new Float64Array(16);
  private tags = new Float64Array(16);
  private n = 0;

  get size(): number {
    return this.n;
  }

  peek(): T | undefined {
    return this.n > 0 ? this.items[0] : undefined;
  }

  /** The tag the head was filed with (NaN when empty). */
  peekTag(): number {
    return this.n > 0 ? this.tags[0]! : NaN;
  }

  push(item: T, key1: number, key2 = 0, key3 = 0, tag = 0): void {
    if (this.n === this.k1.length) this.grow();
    const { items, k1, k2, k3, tags } = this;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const p1 = k1[p]!;
      if (key1 > p1) break;
      if (key1 === p1) {
        const p2 = k2[p]!;
        if (key2 > p2 || (key2 === p2 && key3 >= k3[p]!)) break;
      }
      items[i] = items[p];
      k1[i] = p1;
      k2[i] = k2[p]!;
      k3[i] = k3[p]!;
      tags[i] = tags[p]!;
      i = p;
    }
    items[i] = item;
    k1[i] = key1;
    k2[i] = key2;
    k3[i] = key3;
    tags[i] = tag;
  }

  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const { items, k1, k2, k3, tags } = this;
    const top = items[0];
    const n = --this.n;
    const last = items[n];
    items[n] = undefined;
    if (n > 0) this.siftDown(last as T, k1[n]!, k2[n]!, k3[n]!, tags[n]!);
    return top;
  }

  /** Pops the head and pushes `item` in one sift: half the work of a pop and a push. */
  replaceTop(item: T, key1: number, key2 = 0, key3 = 0, tag = 0): void {
    if (this.n === 0) this.push(item, key1, key2, key3, tag);
    else this.siftDown(item, key1, key2, key3, tag);
  }

  /** Fills the root's place with the given item, moving it down to where its keys belong. */
  private siftDown(item: T, l1: number, l2: number, l3: number, lt: number): void {
    const { items, k1, k2, k3, tags } = this;
    const n = this.n;
    let i = 0;
    for (;;) {
      let m = 2 * i + 1;
      if (m >= n) break;
      const r = m + 1;
      if (r < n && less(k1, k2, k3, r, m)) m = r;
      const m1 = k1[m]!;
      if (m1 > l1 || (m1 === l1 && (k2[m]! > l2 || (k2[m] === l2 && k3[m]! >= l3)))) break;
      items[i] = items[m];
      k1[i] = m1;
      k2[i] = k2[m]!;
      k3[i] = k3[m]!;
      tags[i] = tags[m]!;
      i = m;
    }
    items[i] = item;
    k1[i] = l1;
    k2[i] = l2;
    k3[i] = l3;
    tags[i] = lt;
  }

  toArray(): T[] {
    return this.items.slice(0, this.n) as T[];
  }

  private grow(): void {
    const size = this.k1.length * 2;
    for (const name of ["k1", "k2", "k3", "tags"] as const) {
      const next = new Float64Array(size);
      next.set(this[name]);
      this[name] = next;
    }
  }
}

function less(k1: Float64Array, k2: Float64Array, k3: Float64Array, a: number, b: number): boolean {
  if (k1[a] !== k1[b]) return k1[a]! < k1[b]!;
  if (k2[a] !== k2[b]) return k2[a]! < k2[b]!;
  return k3[a]! < k3[b]!;
}

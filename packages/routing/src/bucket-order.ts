/**
 * Where a freed agent finds its next contact: the buckets of waiting contacts, kept in order of their recorded
 * heads within each group (a channel and a set of required skills), and the scan of that order. Moved out of
 * engine.ts as it was (decision 0021).
 */
import type { KeyedHeap } from "./heap";
import type { Bucket, BucketGroup, Contact } from "./live";
import { CHANNEL_BIT, contactBefore, eligible, type LiveAgent as Agent } from "./model";

function holdsAll(agent: Agent, skills: string[]): boolean {
  for (const s of skills) if (agent.skills[s] === undefined) return false;
  return true;
}

export function servesBucket(agent: Agent, bucket: Bucket): boolean {
  return (!agent.tenantIds || agent.tenantIds.includes(bucket.tenantId)) && eligible(agent, bucket.target, bucket.required);
}

/**
 * The first bucket in a group's order whose recorded head is not before `head` (contactBefore, written out:
 * this runs on every reordering, and a comparator closure per call was garbage and an indirect call per step).
 */
function orderBound(order: readonly Bucket[], head: Contact): number {
  const p = head.priority;
  const at = head.arrivedAt;
  const seq = head.seq;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = order[mid]!.recorded!;
    if (r.priority !== p ? r.priority > p : r.arrivedAt !== at ? r.arrivedAt < at : r.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The best waiting contact among the buckets an agent serves. Buckets are scanned in the order of their
 * recorded heads, which are lower bounds: once the next recorded head cannot beat the best real head
 * found, nothing further can. Stale records met on the way are put right afterwards (`stale`: a scratch
 * list, left empty).
 */
export function bestInOrder(groups: readonly BucketGroup[], agent: Agent, open: number, stale: Bucket[]): Bucket | null {
  let best: Bucket | null = null;
  let bestContact: Contact | null = null;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (!(open & CHANNEL_BIT[group.channel]) || group.order.length === 0 || !holdsAll(agent, group.skills)) continue;
    const order = group.order;
    for (let b = 0; b < order.length; b++) {
      const bucket = order[b]!;
      if (bestContact && !contactBefore(bucket.recorded!, bestContact)) break;
      if (!servesBucket(agent, bucket)) continue;
      const head = headOf(bucket.heap);
      if (head !== bucket.recorded) stale.push(bucket);
      if (head && (!bestContact || contactBefore(head, bestContact))) {
        best = bucket;
        bestContact = head;
      }
    }
  }
  if (stale.length > 0) {
    for (const bucket of stale) reorder(bucket, headOf(bucket.heap) ?? null);
    stale.length = 0;
  }
  return best;
}

/**
 * Moves a bucket to its place in its group's order for a new recorded head (or out of it when empty): one
 * shift of the buckets between its old place and its new one, rather than a removal and an insertion.
 */
export function reorder(bucket: Bucket, head: Contact | null): void {
  if (!head) return unorder(bucket);
  const order = bucket.group.order;
  const from = bucket.recorded ? placeOf(bucket) : -1;
  if (from < 0) {
    bucket.recorded = head;
    order.splice(orderBound(order, head), 0, bucket);
    return;
  }
  // Searched with the bucket still in place under its old head, which keeps the order sorted.
  let to = orderBound(order, head);
  if (to > from) {
    to--;
    for (let i = from; i < to; i++) order[i] = order[i + 1]!;
  } else for (let i = from; i > to; i--) order[i] = order[i - 1]!;
  order[to] = bucket;
  bucket.recorded = head;
}

export function unorder(bucket: Bucket): void {
  if (!bucket.recorded) return;
  const i = placeOf(bucket);
  if (i >= 0) {
    const order = bucket.group.order;
    for (let j = i; j < order.length - 1; j++) order[j] = order[j + 1]!;
    order.pop();
  }
  bucket.recorded = null;
}

/** Where a bucket is in its group's order, found by its recorded head; -1 if it is not there. */
function placeOf(bucket: Bucket): number {
  const head = bucket.recorded!;
  const order = bucket.group.order;
  // Several buckets may share a recorded head (a contact that moved on): find this one among them.
  for (let i = orderBound(order, head); i < order.length && !contactBefore(head, order[i]!.recorded!); i++) if (order[i] === bucket) return i;
  return -1;
}

export function headOf(heap: KeyedHeap<Contact>): Contact | undefined {
  for (;;) {
    const c = heap.peek();
    if (!c) return undefined;
    // Every way out of a bucket bumps the contact's version, so a matching version means it is still here.
    if (heap.peekTag() === c.version && c.status === "waiting") return c;
    heap.pop();
  }
}

import { Heap } from "@moked/routing";

/**
 * Simulation events ordered by (time, sequence): the routing engine's own heap under a timed order. The
 * sequence breaks ties in the order events were scheduled, so a run never depends on how the heap happens
 * to shuffle equal times.
 */
export interface Timed {
  at: number;
  seq: number;
}

export class EventHeap<T extends Timed> extends Heap<T> {
  constructor() {
    super((a, b) => (a.at !== b.at ? a.at < b.at : a.seq < b.seq));
  }
}

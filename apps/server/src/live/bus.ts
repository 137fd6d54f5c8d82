import { EventEmitter } from "node:events";
import type { LiveEvent } from "@moked/contracts";

/**
 * Fan-out of live events to every WebSocket on every node. One node: in-process. Several nodes: Redis
 * pub/sub (redis-bus.ts). Both pass the same test suite (test/live-bus.test.ts).
 */
export interface LiveBus {
  publish(event: LiveEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export function createInProcessBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(event) {
      emitter.emit("event", event);
    },
    subscribe(listener) {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

import { Redis } from "ioredis";
import { LiveEvent } from "@moked/contracts";
import type { LiveBus } from "./bus";

/** Live events shared by every node through one Redis pub/sub channel. */
export async function createRedisBus(url: string, channel = "moked:live"): Promise<LiveBus> {
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await Promise.all([pub.connect(), sub.connect()]);
  const listeners = new Set<(event: LiveEvent) => void>();
  sub.on("message", (_channel: string, message: string) => {
    const parsed = LiveEvent.safeParse(JSON.parse(message));
    if (!parsed.success) return;
    for (const listener of listeners) listener(parsed.data);
  });
  await sub.subscribe(channel);
  return {
    async publish(event) {
      await pub.publish(channel, JSON.stringify(event));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}

import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@moked/contracts";
import { createInProcessBus, type LiveBus } from "../src/live/bus";
import { createRedisBus } from "../src/live/redis-bus";

// One suite, every implementation: what a node relies on must hold for the in-process bus and for Redis.
const implementations: Array<[string, () => Promise<LiveBus[]>]> = [
  ["in-process", async () => {
    const bus = createInProcessBus();
    return [bus, bus];
  }],
];
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  // Two buses on one Redis stand for two nodes: what one publishes, the other's sockets receive.
  implementations.push(["redis", async () => [await createRedisBus(redisUrl, `moked:test:${process.pid}`), await createRedisBus(redisUrl, `moked:test:${process.pid}`)]]);
}

const sample = (n: number): LiveEvent => ({ type: "queue.stats", tenantId: null, at: new Date(0).toISOString(), payload: { n } });

describe.each(implementations)("live bus: %s", (_name, make) => {
  it("delivers every published event, in order, to every subscriber, until unsubscribed", async () => {
    const [publisher, node] = await make();
    const a: number[] = [];
    const b: number[] = [];
    const offA = node!.subscribe((e) => a.push(e.payload.n as number));
    node!.subscribe((e) => b.push(e.payload.n as number));
    for (let n = 1; n <= 50; n++) await publisher!.publish(sample(n));
    await until(() => a.length === 50 && b.length === 50);
    expect(a).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(b).toEqual(a);
    offA();
    await publisher!.publish(sample(51));
    await until(() => b.length === 51);
    expect(a).toHaveLength(50);
    await publisher!.close();
    if (node !== publisher) await node!.close();
  });
});

async function until(check: () => boolean): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 5_000) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { LiveEvent } from "@moked/contracts";
import { startTestApp, type TestApp } from "./harness";

interface Listener {
  socket: WebSocket;
  received: Array<{ type: string; [k: string]: unknown }>;
}

describe("live events over the WebSocket channel", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    base = (await t.app.listen({ port: 0, host: "127.0.0.1" })).replace("http", "ws");
  });
  afterAll(() => t.close());

  async function connect(email: string): Promise<Listener> {
    const cookie = await t.login(email);
    const socket = new WebSocket(`${base}/api/v1/live`, { headers: { cookie } });
    const received: Listener["received"] = [];
    socket.on("message", (data) => received.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    await waitFor(() => received.some((m) => m.type === "hello"));
    return { socket, received };
  }

  const event = (type: string, tenantId: string | null, audience?: LiveEvent["audience"]): LiveEvent => ({
    type,
    tenantId,
    at: new Date().toISOString(),
    payload: { marker: type },
    ...(audience ? { audience } : {}),
  });

  it("greets with the user, then delivers each event only to those allowed to see its client line", async () => {
    const viewerTravel = await connect("viewer.travel@moked.local");
    const viewerBank = await connect("viewer.banking@moked.local");
    const manager = await connect("manager@moked.local");
    const agent = await connect("agent4@moked.local"); // serves sky-tours, not galil-motors
    expect(viewerTravel.received[0]).toMatchObject({ type: "hello", user: { email: "viewer.travel@moked.local" } });

    await t.bus.publish(event("queue.stats", t.tenantId("sky-tours")));
    await t.bus.publish(event("queue.stats.auto", t.tenantId("galil-motors")));
    await t.bus.publish(event("center.alert", null));
    await t.bus.publish(event("offer.private", t.tenantId("sky-tours"), { userId: t.userId("agent4@moked.local") }));
    await t.bus.publish(event("supervisors.only", t.tenantId("sky-tours"), { roles: ["team_leader", "center_manager"] }));
    await t.bus.publish(event("done", null));
    await waitFor(() => manager.received.some((m) => m.type === "done"));
    await new Promise((r) => setTimeout(r, 100));

    const types = (l: Listener) => l.received.map((m) => m.type).filter((x) => x !== "hello");
    expect(types(viewerTravel)).toEqual(["queue.stats"]);
    expect(types(viewerBank)).toEqual([]);
    expect(types(agent)).toEqual(["queue.stats", "offer.private"]);
    expect(types(manager)).toEqual(["queue.stats", "queue.stats.auto", "center.alert", "supervisors.only", "done"]);
    for (const l of [viewerTravel, viewerBank, manager, agent]) l.socket.close();
  });

  it("refuses a connection without a session", async () => {
    const socket = new WebSocket(`${base}/api/v1/live`);
    const status = await new Promise<number>((resolve) => socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

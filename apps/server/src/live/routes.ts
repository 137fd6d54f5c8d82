import type { FastifyPluginAsync } from "fastify";
import { principalOf } from "../auth/guard";
import type { LiveBus } from "./bus";
import { mayReceive } from "./delivery";

const HEARTBEAT_MS = 30_000;

/** GET /api/v1/live (WebSocket): a hello, then every event the caller may see, as JSON text frames. */
export const liveRoutes: FastifyPluginAsync<{ bus: LiveBus }> = async (app, { bus }) => {
  app.get("/live", { websocket: true, config: { access: "authenticated" }, schema: { hide: true } }, (socket, request) => {
    const principal = principalOf(request);
    const { organisationId: _org, ...user } = principal.user;
    socket.send(JSON.stringify({ type: "hello", user, at: new Date().toISOString() }));
    const unsubscribe = bus.subscribe((event) => {
      if (socket.readyState === socket.OPEN && mayReceive(principal, event)) socket.send(JSON.stringify(event));
    });
    let alive = true;
    socket.on("pong", () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    socket.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    // The live channel is one-way; a client that talks gets told so rather than silently ignored.
    socket.on("message", () => socket.send(JSON.stringify({ type: "error", code: "read_only", message: "This channel only sends" })));
  });
};

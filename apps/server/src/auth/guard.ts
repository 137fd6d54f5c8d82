import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Db } from "@moked/db";
import { forbidden, unauthenticated } from "../core/errors";
import type { Access, Principal } from "./context";
import { SESSION_COOKIE, resolvePrincipal } from "./principal";

/**
 * Every /api route must say who may call it (`config.access`); a route that forgets is refused at start-up,
 * so a missing guard is a crash in development, never an open door in production.
 */
export function installAccessGuard(app: FastifyInstance, db: Db): void {
  app.decorateRequest("principal", null);

  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1")) return;
    if (route.config?.access === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    }
  });

  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === "public") return;
    const principal = await resolvePrincipal(
      db,
      { cookie: request.cookies[SESSION_COOKIE], authorization: request.headers.authorization },
      new Date(),
    );
    if (!principal) throw unauthenticated();
    if (access !== "authenticated" && !access.includes(principal.user.role)) throw forbidden();
    request.principal = principal;
  });
}

/** The caller of a guarded route; only call from routes whose access is not "public". */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

export const CENTER_ADMINS: Access = ["admin", "center_manager"];
export const CENTER_STAFF: Access = ["admin", "center_manager", "shift_manager", "team_leader"];

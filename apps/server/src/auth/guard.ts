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
  const cache = new PrincipalCache();
  app.decorate("principals", cache);

  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1")) return;
    if (route.config?.access === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    }
  });

  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === "public") return;
    const credentials = { cookie: request.cookies[SESSION_COOKIE], authorization: request.headers.authorization };
    const key = `${credentials.cookie ?? ""}|${credentials.authorization ?? ""}`;
    let principal: Principal | null | undefined = cache.get(key);
    if (principal === undefined) {
      principal = await resolvePrincipal(db, credentials, new Date());
      if (principal) cache.set(key, principal);
    }
    if (!principal) throw unauthenticated();
    if (access !== "authenticated" && !access.includes(principal.user.role)) throw forbidden();
    request.principal = principal;
  });
}

/**
 * Resolved callers for a few seconds, so a busy integration or desktop does not pay a database round trip
 * on every request. Logout, password changes and user changes clear it on this node; on other nodes of a
 * cluster a revoked session lives on for at most TTL_MS.
 */
export class PrincipalCache {
  static readonly TTL_MS = 5_000;
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  get(key: string): Principal | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.principal;
  }

  set(key: string, principal: Principal): void {
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(key, { principal, until: Date.now() + PrincipalCache.TTL_MS });
  }

  clear(): void {
    this.entries.clear();
  }
}

declare module "fastify" {
  interface FastifyInstance {
    principals: PrincipalCache;
  }
}

/** The caller of a guarded route; only call from routes whose access is not "public". */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

export const CENTER_ADMINS: Access = ["admin", "center_manager"];
export const CENTER_STAFF: Access = ["admin", "center_manager", "shift_manager", "team_leader"];

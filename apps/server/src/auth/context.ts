import type { Role, User } from "@moked/contracts";
import type { TenantScope } from "@moked/db";

export interface Principal {
  user: User & { organisationId: string };
  scope: TenantScope;
  via: "session" | "token";
  sessionId?: string;
}

/** Who may call a route: "public" (no login), "authenticated" (any role) or a list of roles. */
export type Access = "public" | "authenticated" | readonly Role[];

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

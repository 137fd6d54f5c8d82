import { and, eq, gt, isNull, or } from "drizzle-orm";
import { CENTER_ROLES, type User } from "@moked/contracts";
import { agentTenants, apiTokens, centerScope, sessions, tenantsScope, users, type Db, type TenantScope } from "@moked/db";
import type { Principal } from "./context";
import { API_TOKEN_PREFIX, hashSecret } from "./tokens";

type UserRow = typeof users.$inferSelect;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    tenantId: row.tenantId,
    teamId: row.teamId,
    languages: row.languages,
    locale: row.locale,
    active: row.active,
  };
}

/** The client businesses a user may see: all for center staff, served lines for agents, one for a client. */
export async function scopeFor(db: Db, row: UserRow): Promise<TenantScope> {
  if (CENTER_ROLES.includes(row.role)) return centerScope;
  if (row.role === "client_viewer") return tenantsScope(row.tenantId ? [row.tenantId] : []);
  const served = await db.select({ tenantId: agentTenants.tenantId }).from(agentTenants).where(eq(agentTenants.userId, row.id));
  return tenantsScope(served.map((s) => s.tenantId));
}

export const SESSION_COOKIE = "moked_session";

/** Resolves the caller from the session cookie or a bearer token. System context: runs before any scope. */
export async function resolvePrincipal(
  db: Db,
  credentials: { cookie?: string | undefined; authorization?: string | undefined },
  now: Date,
): Promise<Principal | null> {
  const bearer = credentials.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer?.startsWith(API_TOKEN_PREFIX)) {
    const [found] = await db
      .select({ user: users, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.tokenHash, hashSecret(bearer)),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        ),
      );
    if (!found || !found.user.active) return null;
    // "Last used" to the minute is enough, and spares a write on every call of a busy integration.
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000) await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, found.tokenId));
    return { user: { ...toUser(found.user), organisationId: found.user.organisationId }, scope: await scopeFor(db, found.user), via: "token" };
  }
  if (!credentials.cookie) return null;
  const [found] = await db
    .select({ user: users, sessionId: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashSecret(credentials.cookie)), gt(sessions.expiresAt, now)));
  if (!found || !found.user.active) return null;
  return {
    user: { ...toUser(found.user), organisationId: found.user.organisationId },
    scope: await scopeFor(db, found.user),
    via: "session",
    sessionId: found.sessionId,
  };
}

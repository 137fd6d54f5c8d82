import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Role, User } from "@moked/contracts";
import { agentTenants, teams, tenantFilter, tenants, users, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../auth/context";
import { hashPassword } from "../auth/passwords";
import { toUser } from "../auth/principal";
import { recordAudit } from "../audit/record";
import { badRequest, conflict, forbidden, notFound } from "../core/errors";

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  password: string;
  tenantId?: string | undefined;
  teamId?: string | undefined;
  languages?: string[] | undefined;
  locale?: User["locale"] | undefined;
  servesTenantIds?: string[] | undefined;
}

/** Only an admin may create or promote admins. */
function assertMayGrant(principal: Principal, role: Role): void {
  if (role === "admin" && principal.user.role !== "admin") throw forbidden("Only an admin may grant the admin role");
}

async function checkBindings(tx: Db, principal: Principal, role: Role, tenantId: string | undefined, servesTenantIds: string[] | undefined, teamId: string | undefined) {
  if (role === "client_viewer" && !tenantId) throw badRequest("tenant_required", "A client viewer belongs to one client line: give tenantId");
  if (role !== "client_viewer" && tenantId) throw badRequest("tenant_not_allowed", "Only client viewers are bound to one client line");
  const wanted = [...new Set([...(tenantId ? [tenantId] : []), ...(servesTenantIds ?? [])])];
  if (wanted.length > 0) {
    const found = await tx.select({ id: tenants.id }).from(tenants).where(and(inArray(tenants.id, wanted), tenantFilter(tenants.id, principal.scope)));
    if (found.length !== wanted.length) throw badRequest("unknown_tenant", "One of the client lines does not exist");
  }
  if (teamId) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.id, teamId), eq(teams.organisationId, principal.user.organisationId)));
    if (!team) throw badRequest("unknown_team", "The team does not exist");
  }
}

export async function listUsers(db: Db, principal: Principal): Promise<User[]> {
  return withTenantScope(db, principal.scope, async (tx) => {
    const rows = await tx.select().from(users).where(eq(users.organisationId, principal.user.organisationId)).orderBy(asc(users.name));
    return rows.map(toUser);
  });
}

export async function getUser(db: Db, principal: Principal, id: string): Promise<User> {
  return withTenantScope(db, principal.scope, async (tx) => {
    const [row] = await tx.select().from(users).where(and(eq(users.id, id), eq(users.organisationId, principal.user.organisationId)));
    if (!row) throw notFound("user");
    return toUser(row);
  });
}

export async function createUser(db: Db, principal: Principal, input: UserInput): Promise<User> {
  assertMayGrant(principal, input.role);
  const passwordHash = await hashPassword(input.password);
  return withTenantScope(db, principal.scope, async (tx) => {
    await checkBindings(tx, principal, input.role, input.tenantId, input.servesTenantIds, input.teamId);
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, input.email.toLowerCase()));
    if (clash) throw conflict("email_taken", "A user with this e-mail already exists");
    const [row] = await tx
      .insert(users)
      .values({
        organisationId: principal.user.organisationId,
        email: input.email.toLowerCase(),
        name: input.name,
        role: input.role,
        tenantId: input.tenantId ?? null,
        teamId: input.teamId ?? null,
        languages: input.languages ?? [],
        locale: input.locale ?? "he",
        passwordHash,
      })
      .returning();
    if (input.servesTenantIds?.length) {
      await tx.insert(agentTenants).values(input.servesTenantIds.map((tenantId) => ({ userId: row!.id, tenantId })));
    }
    await recordAudit(tx, principal, {
      action: "user.created",
      entity: "user",
      entityId: row!.id,
      tenantId: row!.tenantId,
      details: { email: row!.email, role: row!.role, serves: input.servesTenantIds ?? [] },
    });
    return toUser(row!);
  });
}

export type UserPatch = Partial<Omit<UserInput, "email" | "password">> & { active?: boolean | undefined };

export async function updateUser(db: Db, principal: Principal, id: string, patch: UserPatch): Promise<User> {
  if (patch.role) assertMayGrant(principal, patch.role);
  return withTenantScope(db, principal.scope, async (tx) => {
    const [current] = await tx.select().from(users).where(and(eq(users.id, id), eq(users.organisationId, principal.user.organisationId)));
    if (!current) throw notFound("user");
    if (current.role === "admin" && principal.user.role !== "admin") throw forbidden("Only an admin may change an admin");
    if (id === principal.user.id && (patch.active === false || (patch.role && patch.role !== current.role))) {
      throw badRequest("self_lockout", "You cannot deactivate yourself or change your own role");
    }
    const role = patch.role ?? current.role;
    const tenantId = patch.tenantId ?? (role === "client_viewer" ? (current.tenantId ?? undefined) : undefined);
    await checkBindings(tx, principal, role, tenantId, patch.servesTenantIds, patch.teamId);
    const { servesTenantIds, ...fields } = patch;
    const [row] = await tx
      .update(users)
      .set({ ...fields, tenantId: tenantId ?? null, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    if (servesTenantIds) {
      await tx.delete(agentTenants).where(eq(agentTenants.userId, id));
      if (servesTenantIds.length) await tx.insert(agentTenants).values(servesTenantIds.map((t) => ({ userId: id, tenantId: t })));
    }
    await recordAudit(tx, principal, { action: "user.updated", entity: "user", entityId: id, tenantId: row!.tenantId, details: { fields: Object.keys(patch) } });
    return toUser(row!);
  });
}

export async function listTenantAgents(db: Db, principal: Principal, tenantId: string) {
  return withTenantScope(db, principal.scope, async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(and(eq(tenants.id, tenantId), tenantFilter(tenants.id, principal.scope)));
    if (!tenant) throw notFound("client line");
    return tx
      .select({ id: users.id, name: users.name, languages: users.languages })
      .from(agentTenants)
      .innerJoin(users, eq(users.id, agentTenants.userId))
      .where(eq(agentTenants.tenantId, tenantId))
      .orderBy(asc(users.name));
  });
}

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { asc, eq } from "drizzle-orm";
import { CreateTeamRequest, CreateUserRequest, ErrorBody, IdParams, Team, TeamList, UpdateUserRequest, UserList, UserResponse } from "@moked/contracts";
import { teams, withTenantScope, type Db } from "@moked/db";
import { z } from "zod";
import { CENTER_ADMINS, CENTER_STAFF, principalOf } from "../auth/guard";
import { recordAudit } from "../audit/record";
import { badRequest } from "../core/errors";
import type { RoutingHost } from "../routing/host";
import { createUser, getUser, listUsers, updateUser } from "./users-service";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const userRoutes: FastifyPluginAsyncZod<{ db: Db; routing: RoutingHost | null }> = async (app, { db, routing }) => {
  app.get(
    "/users",
    { config: { access: CENTER_STAFF }, schema: { tags: ["users"], summary: "Users of the center", response: { 200: UserList, ...errors } } },
    async (request) => ({ items: await listUsers(db, principalOf(request)) }),
  );
  app.get(
    "/users/:id",
    { config: { access: CENTER_STAFF }, schema: { tags: ["users"], summary: "One user", params: IdParams, response: { 200: UserResponse, ...errors } } },
    async (request) => ({ user: await getUser(db, principalOf(request), request.params.id) }),
  );
  app.post(
    "/users",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["users"], summary: "Create a user", body: CreateUserRequest, response: { 201: UserResponse, ...errors } } },
    async (request, reply) => {
      const user = await createUser(db, principalOf(request), request.body);
      await routing?.syncAgent(user.id);
      return reply.status(201).send({ user });
    },
  );
  app.patch(
    "/users/:id",
    {
      config: { access: CENTER_ADMINS },
      schema: { tags: ["users"], summary: "Change a user's role, team, lines or status", params: IdParams, body: UpdateUserRequest, response: { 200: UserResponse, ...errors } },
    },
    async (request) => {
      const user = await updateUser(db, principalOf(request), request.params.id, request.body);
      // Role, lines served or deactivation change what the user may do from the next request on.
      app.principals.clear();
      // Languages, team and lines served are routing facts: the engine hears of them at once.
      await routing?.syncAgent(user.id);
      return { user };
    },
  );

  app.get(
    "/teams",
    { config: { access: CENTER_STAFF }, schema: { tags: ["users"], summary: "Teams", response: { 200: TeamList, ...errors } } },
    async (request) => {
      const principal = principalOf(request);
      const rows = await db.select().from(teams).where(eq(teams.organisationId, principal.user.organisationId)).orderBy(asc(teams.name));
      return { items: rows.map((t) => ({ id: t.id, name: t.name, leaderId: t.leaderId })) };
    },
  );
  app.post(
    "/teams",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["users"], summary: "Create a team", body: CreateTeamRequest, response: { 201: z.object({ team: Team }), ...errors } } },
    async (request, reply) => {
      const principal = principalOf(request);
      const team = await withTenantScope(db, principal.scope, async (tx) => {
        if (request.body.leaderId) {
          const leader = await getUser(tx, principal, request.body.leaderId).catch(() => null);
          if (!leader) throw badRequest("unknown_user", "The team leader does not exist");
        }
        const [row] = await tx
          .insert(teams)
          .values({ organisationId: principal.user.organisationId, name: request.body.name, leaderId: request.body.leaderId ?? null })
          .returning();
        await recordAudit(tx, principal, { action: "team.created", entity: "team", entityId: row!.id, tenantId: null, details: { name: row!.name } });
        return row!;
      });
      return reply.status(201).send({ team: { id: team.id, name: team.name, leaderId: team.leaderId } });
    },
  );
};

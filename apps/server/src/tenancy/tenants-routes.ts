import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { CreateTenantRequest, ErrorBody, IdParams, TenantAgents, TenantList, TenantResponse, UpdateTenantRequest } from "@moked/contracts";
import type { Db } from "@moked/db";
import { CENTER_ADMINS, CENTER_STAFF, principalOf } from "../auth/guard";
import type { RoutingHost } from "../routing/host";
import { createTenant, getTenant, listTenants, updateTenant } from "./tenants-service";
import { listTenantAgents } from "./users-service";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const tenantRoutes: FastifyPluginAsyncZod<{ db: Db; routing: RoutingHost | null }> = async (app, { db, routing }) => {
  app.get(
    "/tenants",
    { config: { access: "authenticated" }, schema: { tags: ["client lines"], summary: "Client lines you may see", response: { 200: TenantList, ...errors } } },
    async (request) => ({ items: await listTenants(db, principalOf(request)) }),
  );

  app.get(
    "/tenants/:id",
    { config: { access: "authenticated" }, schema: { tags: ["client lines"], summary: "One client line", params: IdParams, response: { 200: TenantResponse, ...errors } } },
    async (request) => ({ tenant: await getTenant(db, principalOf(request), request.params.id) }),
  );

  app.post(
    "/tenants",
    {
      config: { access: CENTER_ADMINS },
      schema: { tags: ["client lines"], summary: "Add a client line", body: CreateTenantRequest, response: { 201: TenantResponse, ...errors } },
    },
    async (request, reply) => {
      const tenant = await createTenant(db, principalOf(request), request.body);
      await routing?.syncTenant(tenant.id);
      return reply.status(201).send({ tenant });
    },
  );

  app.patch(
    "/tenants/:id",
    {
      config: { access: CENTER_ADMINS },
      schema: { tags: ["client lines"], summary: "Change a client line's settings", params: IdParams, body: UpdateTenantRequest, response: { 200: TenantResponse, ...errors } },
    },
    async (request) => {
      const tenant = await updateTenant(db, principalOf(request), request.params.id, request.body);
      // New hours or time zone take effect in routing at once.
      await routing?.syncTenant(tenant.id);
      return { tenant };
    },
  );

  app.get(
    "/tenants/:id/agents",
    { config: { access: CENTER_STAFF }, schema: { tags: ["client lines"], summary: "Agents who serve this line", params: IdParams, response: { 200: TenantAgents, ...errors } } },
    async (request) => ({ items: await listTenantAgents(db, principalOf(request), request.params.id) }),
  );
};

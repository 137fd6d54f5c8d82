import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq } from "drizzle-orm";
import { Customer360, ErrorBody, IdParams } from "@moked/contracts";
import { interactions, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { principalOf } from "../auth/guard";
import { notFound } from "../core/errors";
import { customer360, withAgentNames } from "./customer360";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Whoever handles or supervises contacts. */
export const DESK_USERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent"] as const;

/** What the agent desktop shows beside a contact: the customer 360 view. */
export const deskRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/interactions/:id/customer",
    {
      config: { access: DESK_USERS },
      schema: {
        tags: ["agent desktop"],
        summary: "Customer 360: who the contact's customer is, every earlier contact on every channel, notes, wrap-up codes and open cases",
        description: "The customer is found by the contact's customer record, else by its phone number (E.164) or e-mail address within the same client line.",
        params: IdParams,
        response: { 200: Customer360, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const view = await withTenantScope(db, p.scope, async (tx) => {
        const [row] = await tx.select().from(interactions).where(and(eq(interactions.id, request.params.id), tenantFilter(interactions.tenantId, p.scope)));
        if (!row) throw notFound("interaction");
        return customer360(tx as unknown as Db, row);
      });
      return withAgentNames(db, view);
    },
  );
};

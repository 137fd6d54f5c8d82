import { and, desc, eq, lt } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AuditList, AuditQuery, ErrorBody } from "@moked/contracts";
import { auditLog, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { principalOf } from "../auth/guard";

export const auditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/audit",
    {
      config: { access: ["admin", "center_manager", "client_viewer"] },
      schema: {
        tags: ["audit"],
        summary: "Administrative changes, newest first (a client sees its own line's only)",
        querystring: AuditQuery,
        response: { 200: AuditList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { limit, before, tenantId } = request.query;
      const rows = await withTenantScope(db, principal.scope, (tx) =>
        tx
          .select()
          .from(auditLog)
          .where(
            and(
              eq(auditLog.organisationId, principal.user.organisationId),
              principal.scope.kind === "center" ? undefined : tenantFilter(auditLog.tenantId, principal.scope),
              tenantId ? eq(auditLog.tenantId, tenantId) : undefined,
              before ? lt(auditLog.id, before) : undefined,
            ),
          )
          .orderBy(desc(auditLog.id))
          .limit(limit),
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorName: r.actorName,
          action: r.action,
          entity: r.entity,
          entityId: r.entityId,
          tenantId: r.tenantId,
          details: r.details,
        })),
      };
    },
  );
};

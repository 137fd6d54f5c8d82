import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, asc, eq, sql } from "drizzle-orm";
import { ErrorBody, MyWorkRules, MyWorkRulesInput } from "@moked/contracts";
import { agentWorkRules, shiftTemplates, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import type { Principal } from "../auth/context";
import { principalOf } from "../auth/guard";
import { withAgentScope } from "./agent-scope";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ["workforce"];

/**
 * An agent's own weekly availability and preferences, read and written in the agent's own scope: row-level
 * security (migration 0023) lets that scope reach only the agent's own work rules and their center's shift
 * templates. Contract hours stay the shift manager's.
 */
async function readOwn(tx: Db, p: Principal) {
  const [row] = await tx.select().from(agentWorkRules).where(eq(agentWorkRules.userId, p.user.id));
  const templates = await tx
    .select({ id: shiftTemplates.id, name: shiftTemplates.name })
    .from(shiftTemplates)
    .where(and(eq(shiftTemplates.organisationId, p.user.organisationId), eq(shiftTemplates.active, true)))
    .orderBy(asc(shiftTemplates.earliestStartMinute), asc(shiftTemplates.name));
  return {
    contractMinutesPerWeek: row?.contractMinutesPerWeek ?? 2520,
    availability: row?.availability ?? [],
    preferences: row?.preferences ?? {},
    templates,
  };
}

export const myWorkRulesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/wfm/my-work-rules",
    { config: { access: ["agent"] }, schema: { tags, summary: "Your weekly availability and shift preferences, and the shift templates you may prefer", response: { 200: MyWorkRules, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      return withAgentScope(db, p.scope, p.user.id, (tx) => readOwn(tx, p));
    },
  );
  app.put(
    "/wfm/my-work-rules",
    {
      config: { access: ["agent"] },
      schema: {
        tags,
        summary: "Set your weekly availability (the schedule keeps to it) and preferences (preferred shifts, days off it tries to keep)",
        body: MyWorkRulesInput,
        response: { 200: MyWorkRules, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { availability, preferences } = request.body;
      return withAgentScope(db, p.scope, p.user.id, async (tx) => {
        await tx
          .insert(agentWorkRules)
          .values({ userId: p.user.id, organisationId: p.user.organisationId, availability, preferences })
          .onConflictDoUpdate({ target: agentWorkRules.userId, set: { availability, preferences, updatedAt: new Date() } });
        const saved = await readOwn(tx, p);
        // Work rules are center data, so their audit row is a center row (tenant null), which an agent's
        // scope may not write. The scope is widened for this one insert, last in the transaction, so the
        // change and its record still commit together and nothing else runs with the wider scope.
        await tx.execute(sql`select set_config('moked.tenant_scope', '*', true)`);
        await recordAudit(tx, p, {
          action: "work_rules.self_updated",
          entity: "user",
          entityId: p.user.id,
          tenantId: null,
          details: { availability, preferences },
        });
        return saved;
      });
    },
  );
};

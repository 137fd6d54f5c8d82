import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { eq } from "drizzle-orm";
import { AgentProfile, AgentProfileResponse, AgentStateRequest, AgentStatusList, AgentStatusResponse, ErrorBody, IdParams } from "@moked/contracts";
import { agentProfiles, users, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import { CENTER_STAFF, principalOf } from "../auth/guard";
import { notFound } from "../core/errors";
import type { RoutingHost } from "./host";
import { requireRouting, toAgentStatus } from "./views";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const AGENTS = ["agent", "team_leader"] as const;
const PROFILE_EDITORS = ["admin", "center_manager", "shift_manager"] as const;

export const agentRoutes: FastifyPluginAsyncZod<{ db: Db; routing: RoutingHost | null }> = async (app, { db, routing }) => {
  const status = (agentId: string) => {
    const agent = requireRouting(routing).engine.agent(agentId);
    if (!agent) throw notFound("agent in routing");
    return toAgentStatus(agent);
  };

  app.get(
    "/agents/me",
    { config: { access: AGENTS }, schema: { tags: ["agent desktop"], summary: "Your state and work", response: { 200: AgentStatusResponse, ...errors } } },
    async (request) => ({ agent: status(principalOf(request).user.id) }),
  );

  app.put(
    "/agents/me/state",
    {
      config: { access: AGENTS },
      schema: { tags: ["agent desktop"], summary: "Become available, not ready (with a reason) or log off", body: AgentStateRequest, response: { 200: AgentStatusResponse, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      status(p.user.id);
      const { state, reason } = request.body;
      await requireRouting(routing).submit({ type: "agent_state", agentId: p.user.id, state, ...(reason ? { reason } : {}) });
      return { agent: status(p.user.id) };
    },
  );

  app.get(
    "/agents",
    { config: { access: CENTER_STAFF }, schema: { tags: ["supervisor"], summary: "Every agent's live state (wallboard)", response: { 200: AgentStatusList, ...errors } } },
    async () => ({ items: requireRouting(routing).engine.listAgents().map(toAgentStatus) }),
  );

  app.put(
    "/agents/:id/state",
    {
      config: { access: CENTER_STAFF },
      schema: { tags: ["supervisor"], summary: "Set an agent's state (e.g. log off an agent who left)", params: IdParams, body: AgentStateRequest, response: { 200: AgentStatusResponse, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      status(request.params.id);
      const { state, reason } = request.body;
      await requireRouting(routing).submit({ type: "agent_state", agentId: request.params.id, state, ...(reason ? { reason } : {}), meta: { actorId: p.user.id } });
      await recordAudit(db, p, { action: "agent.state_forced", entity: "user", entityId: request.params.id, tenantId: null, details: { state, reason: reason ?? null } });
      return { agent: status(request.params.id) };
    },
  );

  app.get(
    "/agents/:id/profile",
    { config: { access: CENTER_STAFF }, schema: { tags: ["supervisor"], summary: "An agent's skills and capacity", params: IdParams, response: { 200: AgentProfileResponse, ...errors } } },
    async (request) => {
      const [u] = await db.select().from(users).where(eq(users.id, request.params.id));
      if (!u) throw notFound("user");
      const [profile] = await db.select().from(agentProfiles).where(eq(agentProfiles.userId, u.id));
      return {
        userId: u.id,
        profile: AgentProfile.parse({
          skills: profile?.skills.length ? profile.skills : u.languages.map((lang, i) => ({ skill: `lang:${lang}`, proficiency: i === 0 ? 5 : 4 })),
          capacity: profile?.capacity ?? {},
        }),
      };
    },
  );

  app.put(
    "/agents/:id/profile",
    {
      config: { access: PROFILE_EDITORS },
      schema: { tags: ["supervisor"], summary: "Set an agent's skills (language and region are skills) and capacity per channel", params: IdParams, body: AgentProfile, response: { 200: AgentProfileResponse, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const [u] = await db.select().from(users).where(eq(users.id, request.params.id));
      if (!u || u.organisationId !== p.user.organisationId) throw notFound("user");
      const values = { userId: u.id, organisationId: u.organisationId, skills: request.body.skills, capacity: request.body.capacity, updatedAt: new Date() };
      await db.transaction(async (tx) => {
        await tx.insert(agentProfiles).values(values).onConflictDoUpdate({ target: agentProfiles.userId, set: { skills: values.skills, capacity: values.capacity, updatedAt: values.updatedAt } });
        await recordAudit(tx as unknown as Db, p, { action: "agent.profile_updated", entity: "user", entityId: u.id, tenantId: null, details: { skills: values.skills, capacity: values.capacity } });
      });
      await routing?.syncAgent(u.id);
      return { userId: u.id, profile: request.body };
    },
  );
};

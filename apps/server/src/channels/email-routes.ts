import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { EmailReplyRequest, EmailReplyResponse, EmailView, ErrorBody, IdParams } from "@moked/contracts";
import { interactions, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { principalOf } from "../auth/guard";
import type { Config } from "../core/config";
import { AppError, notFound } from "../core/errors";
import type { RoutingHost } from "../routing/host";
import { replyToEmail } from "./email";
import { emailThread } from "./email-thread";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;
const AGENTS = ["agent", "team_leader"] as const;

/** The e-mail conversation of a contact on the agent's desk, and the agent's threaded reply. */
export const emailRoutes: FastifyPluginAsyncZod<{ db: Db; routing: RoutingHost | null; config: Config }> = async (app, { db, routing, config }) => {
  app.get(
    "/interactions/:id/emails",
    {
      config: { access: READERS },
      schema: {
        tags: ["channels"],
        summary: "The e-mail conversation of a contact, oldest first: every mail in and out with its attachments, sanitised HTML and delivery state",
        params: IdParams,
        response: { 200: z.object({ items: z.array(EmailView) }), ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return withTenantScope(db, p.scope, async (tx) => {
        const [row] = await tx.select({ id: interactions.id, tenantId: interactions.tenantId }).from(interactions).where(and(eq(interactions.id, request.params.id), tenantFilter(interactions.tenantId, p.scope)));
        if (!row) throw notFound("interaction");
        return { items: await emailThread(tx, row.tenantId, row.id) };
      });
    },
  );

  app.post(
    "/interactions/:id/email-reply",
    {
      config: { access: AGENTS },
      schema: {
        tags: ["agent desktop"],
        summary: "Reply to the customer's e-mail: sent over SMTP from the outbox, threaded with In-Reply-To and References",
        description: "Only the agent handling the contact may reply, while it is connected or in wrap-up. Answers with the mail as it now stands in the conversation (delivery `queued`).",
        params: IdParams,
        body: EmailReplyRequest,
        response: { 200: EmailReplyResponse, ...errors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(interactions).where(and(eq(interactions.id, request.params.id), tenantFilter(interactions.tenantId, p.scope))));
      if (!row) throw notFound("interaction");
      const live = routing?.engine.contact(row.id);
      if ((live?.agentId ?? row.agentId) !== p.user.id) throw new AppError("not_your_contact", 409, "Only the agent handling this contact may reply");
      if (row.channel !== "email") throw new AppError("not_an_email", 409, "This contact did not come by e-mail");
      const { messageId, id } = await replyToEmail(db, { interactionId: row.id, text: request.body.text, mailDomain: config.mailDomain });
      const thread = await withTenantScope(db, p.scope, (tx) => emailThread(tx, row.tenantId, row.id));
      return { messageId, email: thread.find((m) => m.id === id)! };
    },
  );
};

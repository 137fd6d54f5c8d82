import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ChatAttachmentView, ChatMessageView, ChatSessionView, ErrorBody, IdParams } from "@moked/contracts";
import { chatAttachments, chatMessages, chatSessions, outbox, tenantFilter, withTenantScope, type Db } from "@moked/db";
import type { Principal } from "../../auth/context";
import { principalOf } from "../../auth/guard";
import { AppError, badRequest, notFound } from "../../core/errors";
import { plainText } from "../../core/plain-text";
import { acceptFileBodies, MAX_ATTACHMENT_BYTES, sendAttachment, storeAttachment } from "./attachments";
import { appendMessage, handlingAgent, history, messageView, publishTyping, type ChatDeps, type ChatSession } from "./conversation";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody };
const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;
const AGENTS = ["agent", "team_leader"] as const;
const Ok = z.object({ ok: z.literal(true) });

export function sessionView(s: ChatSession): z.infer<typeof ChatSessionView> {
  return {
    id: s.id,
    tenantId: s.tenantId,
    medium: s.medium as "web" | "sms" | "whatsapp",
    interactionId: s.interactionId,
    customerId: s.customerId,
    name: s.name,
    phone: s.phone,
    email: s.email,
    topic: s.topic,
    language: s.language,
    status: s.status as "open" | "ended" | "message" | "callback",
    createdAt: s.createdAt.toISOString(),
  };
}

/** The conversation a contact belongs to (its current contact, or an earlier one of the same conversation). */
async function sessionOfInteraction(db: Db, principal: Principal, interactionId: string): Promise<ChatSession> {
  return withTenantScope(db, principal.scope, async (tx) => {
    const [direct] = await tx.select().from(chatSessions).where(and(eq(chatSessions.interactionId, interactionId), tenantFilter(chatSessions.tenantId, principal.scope)));
    if (direct) return direct;
    const [line] = await tx.select({ sessionId: chatMessages.sessionId }).from(chatMessages).where(and(eq(chatMessages.interactionId, interactionId), tenantFilter(chatMessages.tenantId, principal.scope))).limit(1);
    const [earlier] = line ? await tx.select().from(chatSessions).where(eq(chatSessions.id, line.sessionId)) : [];
    if (!earlier) throw notFound("chat");
    return earlier;
  });
}

/** The agent's side of a chat or messaging conversation: read it, answer it, show that they are typing. */
export const agentChatRoutes: FastifyPluginAsyncZod<ChatDeps> = async (app, deps) => {
  const { db } = deps;
  acceptFileBodies(app);

  /** Only the agent handling the contact now may write in it. */
  const mine = async (principal: Principal, interactionId: string): Promise<ChatSession> => {
    const session = await sessionOfInteraction(db, principal, interactionId);
    if (session.interactionId !== interactionId || (await handlingAgent(deps, session)) !== principal.user.id) {
      throw new AppError("not_your_contact", 409, "Only the agent handling this chat may write in it");
    }
    if (session.status !== "open") throw new AppError("chat_closed", 409, "The customer has left this chat");
    return session;
  };

  app.get(
    "/interactions/:id/chat",
    { config: { access: READERS }, schema: { tags: ["chat"], summary: "A chat or messaging conversation, whole (text only)", params: IdParams, response: { 200: z.object({ session: ChatSessionView, items: z.array(ChatMessageView) }), ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const session = await sessionOfInteraction(db, p, request.params.id);
      const items = await withTenantScope(db, p.scope, (tx) => history(tx, session.id));
      return { session: sessionView(session), items: items.map(messageView) };
    },
  );

  app.post(
    "/interactions/:id/chat/messages",
    { config: { access: AGENTS }, bodyLimit: 16 * 1024, schema: { tags: ["agent desktop"], summary: "Answer in the chat (SMS and WhatsApp answers leave through the outbox)", params: IdParams, body: z.object({ text: z.string().min(1).max(4_000) }), response: { 201: z.object({ message: ChatMessageView }), ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      const session = await mine(p, request.params.id);
      const text = plainText(request.body.text);
      if (!text) throw badRequest("empty_message", "Write something first");
      // A messaging customer is answered through the provider: the send is queued with the line it records.
      const viaProvider = session.medium !== "web" && session.address;
      const message = await appendMessage(deps, session, { author: "agent", agentId: p.user.id, text }, viaProvider
        ? async (tx, m) => {
            await tx.insert(outbox).values({ tenantId: session.tenantId, channel: "messaging", destination: session.address!, payload: { medium: session.medium, text, sessionId: session.id, seq: m.seq } });
          }
        : undefined);
      return reply.status(201).send({ message: messageView(message) });
    },
  );

  app.post(
    "/interactions/:id/chat/attachments",
    {
      config: { access: AGENTS },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags: ["agent desktop"],
        summary: "Send the visitor a file: images (PNG, JPEG, GIF, WebP) and PDF up to 5 MB, checked by their content, as the visitor's are",
        description: "The body is the file itself (Content-Type: its type or application/octet-stream); `name` is the file name. Web chat only: a text message cannot carry it.",
        params: IdParams,
        querystring: z.object({ name: z.string().max(200).optional() }),
        response: { 201: z.object({ attachment: ChatAttachmentView, message: ChatMessageView }), ...errors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const session = await mine(p, request.params.id);
      if (session.medium !== "web") throw new AppError("files_web_chat_only", 409, "Files can be sent in web chat only; a text message cannot carry them");
      if (!Buffer.isBuffer(request.body)) throw new AppError("unsupported_file_type", 415, "Send the file itself as the body (an image or a PDF)");
      const body = request.body;
      const attachment = await withTenantScope(db, p.scope, (tx) => storeAttachment(tx, { tenantId: session.tenantId, sessionId: session.id }, body, request.headers["content-type"], request.query.name));
      const message = await appendMessage(deps, session, { author: "agent", agentId: p.user.id, text: attachment.name, attachmentId: attachment.id });
      return reply.status(201).send({ attachment, message: messageView(message) });
    },
  );

  app.post(
    "/interactions/:id/chat/typing",
    { config: { access: AGENTS }, schema: { tags: ["agent desktop"], summary: "Show the visitor that you are typing", params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const session = await mine(p, request.params.id);
      await publishTyping(deps, session, "agent", p.user.id);
      return { ok: true as const };
    },
  );

  app.get(
    "/chat/attachments/:id",
    { config: { access: READERS }, schema: { tags: ["chat"], summary: "A file sent in a chat (served so that it never runs in the browser)", params: IdParams } },
    async (request, reply) => {
      const p = principalOf(request);
      const [file] = await withTenantScope(db, p.scope, (tx) => tx.select().from(chatAttachments).where(and(eq(chatAttachments.id, request.params.id), tenantFilter(chatAttachments.tenantId, p.scope))));
      if (!file) throw notFound("file");
      return sendAttachment(reply, file);
    },
  );

};

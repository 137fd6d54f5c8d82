import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { FastifyReply, FastifyRequest } from "fastify";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ChatAttachmentView, ChatMessageView, ErrorBody, LeaveChoiceRequest, PublicChatLine, StartChatRequest } from "@moked/contracts";
import { chatAttachments, chatSessions, interactions, tenants, type Db } from "@moked/db";
import { AppError, badRequest, notFound } from "../../core/errors";
import { plainText } from "../../core/plain-text";
import { enforceRateLimit, RateLimiter } from "../../core/rate-limit";
import { recordCsat } from "../../analytics/csat";
import { requestCallback } from "../callbacks";
import { matchCustomer, toE164 } from "../customers";
import { acceptFileBodies, MAX_ATTACHMENT_BYTES, sendAttachment, storeAttachment } from "./attachments";
import { appendMessage, ensureRouted, handlingAgent, history, messageView, newVisitorToken, publishTyping, queueTranscript, routeChat, visitorSession, type ChatDeps, type ChatSession } from "./conversation";
import { streamToVisitor } from "./stream";
import { publicLine } from "./widget-settings";

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody, 503: ErrorBody };
const SessionParams = z.object({ id: z.string().max(64) });
const TokenQuery = z.object({ token: z.string().max(100).optional() });
const Ok = z.object({ ok: z.literal(true) });
const WIDGET_JS = readFileSync(new URL("./widget.js", import.meta.url), "utf8");

/** The widget's secret travels in a header (fetch) or the query (EventSource and links, which cannot set one). */
const tokenOf = (request: FastifyRequest) => (request.headers["x-chat-token"] as string | undefined) ?? (request.query as { token?: string }).token;

/**
 * The visitor's side of web chat, all public (the widget runs on the client business's own site, so every
 * answer carries `Access-Control-Allow-Origin: *`; the visitor is known by the secret token the session
 * was started with, never by a cookie). Every route is rate-limited per address and, where it writes,
 * per conversation.
 */
export const publicChatRoutes: FastifyPluginAsyncZod<ChatDeps> = async (app, deps) => {
  const { db } = deps;
  const limits = {
    read: new RateLimiter(240, 60_000),
    start: new RateLimiter(6, 60_000),
    write: new RateLimiter(40, 60_000),
    typing: new RateLimiter(60, 60_000),
    upload: new RateLimiter(10, 60_000),
    perSession: new RateLimiter(60, 60_000),
  };
  const limit = (limiter: RateLimiter, key: string) => async (request: FastifyRequest, reply: FastifyReply) => enforceRateLimit(limiter, `${key}|${request.ip}`, reply);

  app.addHook("onRequest", async (_request, reply) => {
    reply.header("access-control-allow-origin", "*");
  });
  acceptFileBodies(app);

  app.options("/public/chat/*", { config: { access: "public" }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .header("access-control-allow-methods", "GET, POST, OPTIONS")
      .header("access-control-allow-headers", "content-type, x-chat-token, last-event-id")
      .header("access-control-max-age", "600")
      .status(204)
      .send(),
  );

  app.get("/public/chat/widget.js", { config: { access: "public" }, schema: { hide: true } }, async (request, reply) => {
    enforceRateLimit(limits.read, `read|${request.ip}`, reply);
    return reply.header("content-type", "application/javascript; charset=utf-8").header("cache-control", "public, max-age=300").send(WIDGET_JS);
  });

  app.get(
    "/public/chat/lines/:line",
    {
      config: { access: "public" },
      preHandler: limit(limits.read, "read"),
      schema: {
        tags: ["chat"],
        summary: "What the widget shows before a chat: the line's name, the languages offered, whether it is open now, and its look (colour, logo, greeting, corner)",
        params: z.object({ line: z.string().max(60) }),
        response: { 200: z.object({ line: PublicChatLine }), ...errors },
      },
    },
    async (request) => {
      const [tenant] = await db.select().from(tenants).where(and(eq(tenants.slug, request.params.line), eq(tenants.active, true)));
      if (!tenant) throw notFound("client line");
      return { line: publicLine(tenant) };
    },
  );

  app.post(
    "/public/chat/sessions",
    {
      config: { access: "public" },
      bodyLimit: 8 * 1024,
      preHandler: limit(limits.start, "start"),
      schema: {
        tags: ["chat"],
        summary: "Start a chat (the pre-chat form): routed to the line's queue as a chat contact",
        description: "Answers the conversation id and a secret token; keep both to send, to listen and to reconnect.",
        body: StartChatRequest,
        response: { 201: z.object({ session: z.object({ id: z.uuid(), token: z.string(), interactionId: z.uuid() }) }), ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const [tenant] = await db.select().from(tenants).where(and(eq(tenants.slug, body.line), eq(tenants.active, true)));
      if (!tenant) throw notFound("client line");
      const phone = body.phone ? toE164(body.phone) : null;
      if (body.phone && !phone) throw badRequest("invalid_phone", "This is not a valid phone number", [{ path: "phone", message: "e.g. 050-1234567 or +972501234567" }]);
      // Only what the widget offers: the line's languages, narrowed by its widget settings.
      const offered = publicLine(tenant).languages;
      if (!offered.includes(body.language)) throw badRequest("unsupported_language", "This line does not chat in that language", [{ path: "language", message: `one of ${offered.join(", ")}` }]);
      const { token, hash } = newVisitorToken();
      const name = plainText(body.name, 120);
      const session = await db.transaction(async (tx) => {
        const customerId = await matchCustomer(tx as unknown as Db, tenant.id, { phone, email: body.email ?? null, name });
        const [row] = await tx
          .insert(chatSessions)
          .values({ tenantId: tenant.id, medium: "web", tokenHash: hash, interactionId: randomUUID(), customerId, name, phone, email: body.email?.toLowerCase() ?? null, topic: body.topic ? plainText(body.topic, 120) : null, language: body.language })
          .returning();
        return row!;
      });
      try {
        await routeChat(deps, session);
      } catch (err) {
        await db.update(chatSessions).set({ status: "ended", endedAt: new Date() }).where(eq(chatSessions.id, session.id));
        throw err;
      }
      request.log.info({ tenantId: tenant.id, sessionId: session.id, interactionId: session.interactionId }, "chat started");
      return reply.status(201).send({ session: { id: session.id, token, interactionId: session.interactionId } });
    },
  );

  app.get(
    "/public/chat/sessions/:id/events",
    { config: { access: "public" }, preHandler: limit(limits.read, "read"), schema: { tags: ["chat"], summary: "The conversation live (text/event-stream): message, status and typing events; resumes after Last-Event-ID", params: SessionParams, querystring: TokenQuery.extend({ after: z.coerce.number().int().min(0).optional() }) } },
    async (request, reply) => {
      const session = await visitorSession(db, request.params.id, tokenOf(request));
      const after = Number(request.headers["last-event-id"] ?? request.query.after ?? 0) || 0;
      await streamToVisitor(deps, session, after, request, reply);
    },
  );

  app.get(
    "/public/chat/sessions/:id/messages",
    { config: { access: "public" }, preHandler: limit(limits.read, "read"), schema: { tags: ["chat"], summary: "The conversation so far (for a widget that cannot stream)", params: SessionParams, querystring: TokenQuery, response: { 200: z.object({ items: z.array(ChatMessageView) }), ...errors } } },
    async (request) => {
      const session = await visitorSession(db, request.params.id, tokenOf(request));
      return { items: (await history(db, session.id)).map(messageView) };
    },
  );

  /** A visitor's write: their own conversation, still open, within the per-conversation limit. */
  const writable = async (request: FastifyRequest, reply: FastifyReply): Promise<ChatSession> => {
    const session = await visitorSession(db, (request.params as { id: string }).id, tokenOf(request));
    enforceRateLimit(limits.perSession, session.id, reply);
    if (session.status !== "open") throw new AppError("chat_closed", 409, "This chat has ended; start a new one");
    return session;
  };

  app.post(
    "/public/chat/sessions/:id/messages",
    { config: { access: "public" }, bodyLimit: 16 * 1024, preHandler: limit(limits.write, "write"), schema: { tags: ["chat"], summary: "Send a line", params: SessionParams, body: z.object({ text: z.string().min(1).max(4_000) }), response: { 201: z.object({ message: ChatMessageView }), ...errors } } },
    async (request, reply) => {
      const text = plainText(request.body.text);
      if (!text) throw badRequest("empty_message", "Write something first");
      const session = await ensureRouted(deps, await writable(request, reply));
      const message = await appendMessage(deps, session, { author: "visitor", text });
      return reply.status(201).send({ message: messageView(message) });
    },
  );

  app.post(
    "/public/chat/sessions/:id/typing",
    { config: { access: "public" }, preHandler: limit(limits.typing, "typing"), schema: { tags: ["chat"], summary: "The visitor is typing (shown to the agent)", params: SessionParams, response: { 200: Ok, ...errors } } },
    async (request, reply) => {
      const session = await writable(request, reply);
      await publishTyping(deps, session, "visitor", await handlingAgent(deps, session));
      return { ok: true as const };
    },
  );

  app.post(
    "/public/chat/sessions/:id/attachments",
    {
      config: { access: "public" },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      preHandler: limit(limits.upload, "upload"),
      schema: {
        tags: ["chat"],
        summary: "Send a file: images (PNG, JPEG, GIF, WebP) and PDF up to 5 MB, checked by their content",
        description: "The body is the file itself (Content-Type: its type or application/octet-stream); `name` is the file name.",
        params: SessionParams,
        querystring: TokenQuery.extend({ name: z.string().max(200).optional() }),
        response: { 201: z.object({ attachment: ChatAttachmentView, message: ChatMessageView }), ...errors },
      },
    },
    async (request, reply) => {
      const session = await ensureRouted(deps, await writable(request, reply));
      if (!Buffer.isBuffer(request.body)) throw new AppError("unsupported_file_type", 415, "Send the file itself as the body (an image or a PDF)");
      const attachment = await storeAttachment(db, { tenantId: session.tenantId, sessionId: session.id }, request.body, request.headers["content-type"], request.query.name);
      const message = await appendMessage(deps, session, { author: "visitor", text: attachment.name, attachmentId: attachment.id });
      return reply.status(201).send({ attachment, message: messageView(message) });
    },
  );

  app.get(
    "/public/chat/sessions/:id/attachments/:attachmentId",
    { config: { access: "public" }, preHandler: limit(limits.read, "read"), schema: { tags: ["chat"], summary: "A file of this conversation", params: SessionParams.extend({ attachmentId: z.uuid() }), querystring: TokenQuery } },
    async (request, reply) => {
      const session = await visitorSession(db, request.params.id, tokenOf(request));
      const [file] = await db.select().from(chatAttachments).where(and(eq(chatAttachments.id, request.params.attachmentId), eq(chatAttachments.sessionId, session.id)));
      if (!file) throw notFound("file");
      return sendAttachment(reply, file);
    },
  );

  app.post(
    "/public/chat/sessions/:id/leave",
    {
      config: { access: "public" },
      bodyLimit: 8 * 1024,
      preHandler: limit(limits.write, "write"),
      schema: { tags: ["chat"], summary: "Instead of waiting: leave a message (to the message center) or ask for a call-back — the visitor's choice", params: SessionParams, body: LeaveChoiceRequest, response: { 200: z.object({ state: z.enum(["message", "callback"]) }), ...errors } },
    },
    async (request, reply) => {
      const session = await writable(request, reply);
      const routing = deps.routing;
      const live = routing?.engine.contact(session.interactionId);
      if (!routing || !live || (live.status !== "waiting" && live.status !== "offered")) throw new AppError("not_waiting", 409, "Only a chat still waiting for an agent can become a message or a call-back");
      const body = request.body;
      if (body.choice === "callback") {
        const phone = toE164(body.phone ?? session.phone ?? "");
        if (!phone) throw badRequest("invalid_phone", "A phone number to call you back on, please", [{ path: "phone", message: "e.g. 050-1234567" }]);
        const windowFrom = body.windowFrom ? new Date(body.windowFrom) : new Date();
        const windowTo = body.windowTo ? new Date(body.windowTo) : null;
        if (windowTo && windowTo <= windowFrom) throw badRequest("invalid_window", "The window must end after it starts");
        await requestCallback(db, session.tenantId, { name: session.name, phone, windowFrom, windowTo, marketingConsent: false });
        await routing.submit({ type: "customer_choice", interactionId: session.interactionId, choice: "scheduled_callback" });
      } else {
        // The message carries what the visitor wrote now and in the chat so far; the projection turns it into one.
        const said = (await history(db, session.id)).filter((m) => m.author === "visitor").map((m) => m.text);
        const text = [plainText(body.text ?? ""), ...(said.length ? ["", "— צ'אט / chat —", ...said] : [])].join("\n").trim();
        const [row] = await db.select({ data: interactions.data }).from(interactions).where(eq(interactions.id, session.interactionId));
        await db.update(interactions).set({ data: { ...(row?.data ?? {}), body: text } }).where(eq(interactions.id, session.interactionId));
        await routing.submit({ type: "customer_choice", interactionId: session.interactionId, choice: "leave_message" });
      }
      const state = body.choice;
      await db.update(chatSessions).set({ status: state, endedAt: new Date() }).where(eq(chatSessions.id, session.id));
      await deps.bus.publish({ type: "chat.session", tenantId: session.tenantId, at: new Date().toISOString(), audience: { roles: ["admin", "center_manager", "shift_manager", "team_leader"] }, payload: { sessionId: session.id, interactionId: session.interactionId, status: state } });
      return { state };
    },
  );

  app.post(
    "/public/chat/sessions/:id/transcript",
    { config: { access: "public" }, bodyLimit: 4 * 1024, preHandler: limit(limits.write, "write"), schema: { tags: ["chat"], summary: "E-mail me the transcript (at most three times per chat)", params: SessionParams, body: z.object({ email: z.email().max(200).optional() }), response: { 200: Ok, ...errors } } },
    async (request, reply) => {
      const session = await visitorSession(db, request.params.id, tokenOf(request));
      enforceRateLimit(limits.perSession, session.id, reply);
      const email = request.body.email ?? session.email;
      if (!email) throw badRequest("email_required", "An e-mail address to send the transcript to, please", [{ path: "email", message: "e.g. name@example.com" }]);
      await queueTranscript(db, session, email.toLowerCase());
      return { ok: true as const };
    },
  );

  app.post(
    "/public/chat/sessions/:id/rating",
    {
      config: { access: "public" },
      bodyLimit: 1024,
      preHandler: limit(limits.write, "write"),
      schema: { tags: ["chat"], summary: "The visitor rates the chat (1–5) once an agent has answered it, once: the reports' customer satisfaction", params: SessionParams, body: z.object({ score: z.number().int().min(1).max(5) }), response: { 201: Ok, ...errors } },
    },
    async (request, reply) => {
      const session = await visitorSession(db, request.params.id, tokenOf(request));
      enforceRateLimit(limits.perSession, session.id, reply);
      await db.transaction((tx) => recordCsat(tx as unknown as typeof db, { tenantId: session.tenantId, interactionId: session.interactionId, score: request.body.score, source: "chat" }));
      return reply.status(201).send({ ok: true as const });
    },
  );

  app.post(
    "/public/chat/sessions/:id/end",
    { config: { access: "public" }, preHandler: limit(limits.write, "write"), schema: { tags: ["chat"], summary: "The visitor ends the chat", params: SessionParams, response: { 200: Ok, ...errors } } },
    async (request, reply) => {
      const session = await writable(request, reply);
      const agentId = await handlingAgent(deps, session);
      if (deps.routing?.engine.contact(session.interactionId)) await deps.routing.submit({ type: "hangup", interactionId: session.interactionId });
      await db.update(chatSessions).set({ status: "ended", endedAt: new Date() }).where(eq(chatSessions.id, session.id));
      await appendMessage(deps, { ...session, status: "ended" }, { author: "system", text: "visitor_left" });
      await deps.bus.publish({ type: "chat.session", tenantId: session.tenantId, at: new Date().toISOString(), ...(agentId ? { audience: { userId: agentId } } : {}), payload: { sessionId: session.id, interactionId: session.interactionId, status: "ended" } });
      return { ok: true as const };
    },
  );
};

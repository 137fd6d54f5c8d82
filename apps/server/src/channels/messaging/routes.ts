import { randomUUID } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody } from "@moked/contracts";
import { chatMessages, chatSessions, tenants, type Db } from "@moked/db";
import { AppError, badRequest, notFound } from "../../core/errors";
import { plainText } from "../../core/plain-text";
import { enforceRateLimit, RateLimiter } from "../../core/rate-limit";
import { appendMessage, ensureRouted, routeChat, type ChatDeps, type ChatSession } from "../chat/conversation";
import { matchCustomer, toE164 } from "../customers";
import { conversationLanguage } from "./language";
import { verifySignature } from "./provider";

const InboundMessage = z.object({
  id: z.string().min(1).max(200).describe("The provider's id of the message: a redelivery with the same id adds nothing"),
  from: z.string().min(6).max(40).describe("The customer's number"),
  text: z.string().max(4_000),
  medium: z.enum(["sms", "whatsapp"]).default("sms"),
  name: z.string().max(120).optional().describe("The customer's profile name, when the provider knows it"),
});

const isUniqueViolation = (err: unknown) => (err as { code?: string; cause?: { code?: string } }).code === "23505" || (err as { cause?: { code?: string } }).cause?.code === "23505";

/**
 * The inbound webhook for SMS and WhatsApp providers. The provider signs the raw body with the shared secret
 * (`X-Moked-Signature: t=…,v1=HMAC-SHA256("t.body")`); an unsigned, wrongly signed or stale request is
 * refused before anything is read from it. A text from a number with an open conversation on the line
 * continues it (routed again if its contact has ended); otherwise it starts one, routed as a chat.
 */
export const messagingRoutes: FastifyPluginAsyncZod<ChatDeps & { secret: string | undefined }> = async (app, deps) => {
  const { db, secret } = deps;
  const perAddress = new RateLimiter(300, 60_000);
  /** One text at a time per number, so two texts arriving together do not open two conversations. */
  const chains = new Map<string, Promise<unknown>>();

  // The signature is over the exact bytes sent: keep them beside the parsed body (in this plugin only).
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 64 * 1024 }, (request, body, done) => {
    (request as unknown as { rawBody: string }).rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError("malformed_json", 400, "The body is not valid JSON"), undefined);
    }
  });

  app.post(
    "/public/messaging/:line/inbound",
    {
      config: { access: "public" },
      bodyLimit: 64 * 1024,
      // Before the body is validated: an unsigned request learns nothing about what we expect.
      preValidation: async (request, reply) => {
        enforceRateLimit(perAddress, request.ip, reply);
        if (!secret) throw new AppError("messaging_disabled", 503, "Inbound messaging is not configured (MESSAGING_WEBHOOK_SECRET)");
        const raw = (request as unknown as { rawBody?: string }).rawBody ?? "";
        const check = verifySignature(secret, request.headers["x-moked-signature"] as string | undefined, raw);
        if (check === "expired") throw new AppError("signature_expired", 401, "The signature is older than five minutes");
        if (check !== "ok") throw new AppError("invalid_signature", 401, "The request is not signed with the shared secret");
      },
      schema: {
        tags: ["channels"],
        summary: "An SMS or WhatsApp message from the provider (signed), into a conversation of the line",
        params: z.object({ line: z.string().max(60) }),
        body: InboundMessage,
        response: { 200: z.object({ sessionId: z.uuid().nullable(), interactionId: z.uuid().nullable(), duplicate: z.boolean() }), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 503: ErrorBody },
      },
    },
    async (request) => {
      const body = request.body;
      const [tenant] = await db.select().from(tenants).where(and(eq(tenants.slug, request.params.line), eq(tenants.active, true)));
      if (!tenant) throw notFound("client line");
      const phone = toE164(body.from);
      if (!phone) throw badRequest("invalid_phone", "The sender is not a valid phone number");
      const text = plainText(body.text);
      if (!text) throw badRequest("empty_message", "The message has no text");
      const key = `${tenant.id}|${phone}`;
      const previous = chains.get(key) ?? Promise.resolve();
      const work = previous.catch(() => undefined).then(() => receive(deps, tenant.id, { ...body, phone, text }));
      chains.set(key, work);
      try {
        return await work;
      } finally {
        if (chains.get(key) === work) chains.delete(key);
      }
    },
  );
};

async function receive(deps: ChatDeps, tenantId: string, message: z.infer<typeof InboundMessage> & { phone: string; text: string }) {
  const { db } = deps;
  const [seen] = await db.select({ seq: chatMessages.seq }).from(chatMessages).where(and(eq(chatMessages.tenantId, tenantId), eq(chatMessages.externalId, message.id)));
  if (seen) return { sessionId: null, interactionId: null, duplicate: true };
  const [open] = await db
    .select()
    .from(chatSessions)
    .where(and(eq(chatSessions.tenantId, tenantId), eq(chatSessions.medium, message.medium), eq(chatSessions.address, message.phone), eq(chatSessions.status, "open")))
    .orderBy(desc(chatSessions.createdAt))
    .limit(1);
  const session: ChatSession = open ? await ensureRouted(deps, open) : await startConversation(deps, tenantId, message);
  try {
    await appendMessage(deps, session, { author: "visitor", text: message.text, externalId: message.id });
  } catch (err) {
    if (isUniqueViolation(err)) return { sessionId: session.id, interactionId: session.interactionId, duplicate: true };
    throw err;
  }
  return { sessionId: session.id, interactionId: session.interactionId, duplicate: false };
}

async function startConversation(deps: ChatDeps, tenantId: string, message: { phone: string; medium: string; text: string; name?: string | undefined }): Promise<ChatSession> {
  const name = message.name ? plainText(message.name, 120) : null;
  const session = await deps.db.transaction(async (tx) => {
    const customerId = await matchCustomer(tx as unknown as Db, tenantId, { phone: message.phone, name });
    // The customer's language is the one of their last conversation on the line, whatever its channel.
    const [last] = customerId
      ? await tx.select({ language: chatSessions.language }).from(chatSessions).where(and(eq(chatSessions.tenantId, tenantId), eq(chatSessions.customerId, customerId))).orderBy(desc(chatSessions.createdAt)).limit(1)
      : [];
    const [line] = await tx.select({ languages: tenants.languages }).from(tenants).where(eq(tenants.id, tenantId));
    const language = conversationLanguage(line?.languages ?? ["he"], last?.language ?? null, message.text);
    const [row] = await tx
      .insert(chatSessions)
      .values({ tenantId, medium: message.medium, address: message.phone, interactionId: randomUUID(), customerId, name, phone: message.phone, language })
      .returning();
    return row!;
  });
  await routeChat(deps, session);
  return session;
}

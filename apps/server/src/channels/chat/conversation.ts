import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt } from "drizzle-orm";
import { chatMessages, chatSessions, interactions, outbox, tenants, type Db } from "@moked/db";
import type { LiveBus } from "../../live/bus";
import type { RoutingHost } from "../../routing/host";
import { AppError, notFound } from "../../core/errors";

export type ChatSession = typeof chatSessions.$inferSelect;
export type ChatMessage = typeof chatMessages.$inferSelect;

/** Who sees a chat's live events before an agent has it: the line's supervisors. */
const SUPERVISORS = ["admin", "center_manager", "shift_manager", "team_leader"];

export interface ChatDeps {
  db: Db;
  routing: RoutingHost | null;
  bus: LiveBus;
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function newVisitorToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

/** The visitor's session, if the token is its own; anything else is "not found", so ids leak nothing. */
export async function visitorSession(db: Db, sessionId: string, token: string | undefined): Promise<ChatSession> {
  if (!token || !/^[0-9a-f-]{36}$/i.test(sessionId)) throw notFound("chat");
  const [session] = await db.select().from(chatSessions).where(eq(chatSessions.id, sessionId));
  if (!session?.tokenHash) throw notFound("chat");
  const given = Buffer.from(hashToken(token), "hex");
  if (!timingSafeEqual(given, Buffer.from(session.tokenHash, "hex"))) throw notFound("chat");
  return session;
}

/** The agent handling the session's current contact, if any. */
export async function handlingAgent(deps: ChatDeps, session: ChatSession): Promise<string | null> {
  const live = deps.routing?.engine.contact(session.interactionId);
  if (live) return live.status === "offered" ? null : live.agentId;
  const [row] = await deps.db.select({ agentId: interactions.agentId, status: interactions.status }).from(interactions).where(eq(interactions.id, session.interactionId));
  return row?.status === "connected" ? row.agentId : null;
}

export function messageView(m: ChatMessage) {
  return { seq: m.seq, sessionId: m.sessionId, interactionId: m.interactionId, author: m.author as "visitor" | "agent" | "system", agentId: m.agentId, text: m.text, attachmentId: m.attachmentId, at: m.at.toISOString() };
}
export type ChatMessageView = ReturnType<typeof messageView>;

/**
 * Appends a line to the conversation and tells whoever is live on it: the agent's desktop over the live
 * channel, the visitor's stream (which listens to the same bus). The row commits first: the database, not
 * the live event, is what a reconnecting visitor or a reloading agent reads.
 */
export async function appendMessage(
  deps: ChatDeps,
  session: ChatSession,
  line: { author: "visitor" | "agent" | "system"; text: string; agentId?: string | null; attachmentId?: string | null; externalId?: string | null },
  also?: (tx: Db, message: ChatMessage) => Promise<void>,
): Promise<ChatMessage> {
  const message = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(chatMessages)
      .values({ tenantId: session.tenantId, sessionId: session.id, interactionId: session.interactionId, author: line.author, agentId: line.agentId ?? null, text: line.text, attachmentId: line.attachmentId ?? null, externalId: line.externalId ?? null })
      .returning();
    if (also) await also(tx as unknown as Db, row!);
    return row!;
  });
  const agentId = line.author === "agent" ? line.agentId! : await handlingAgent(deps, session);
  await deps.bus.publish({
    type: "chat.message",
    tenantId: session.tenantId,
    at: message.at.toISOString(),
    audience: agentId ? { userId: agentId } : { roles: SUPERVISORS },
    payload: messageView(message),
  });
  return message;
}

/** "The other side is typing": live only, never stored. */
export async function publishTyping(deps: ChatDeps, session: ChatSession, who: "visitor" | "agent", agentId: string | null): Promise<void> {
  await deps.bus.publish({
    type: "chat.typing",
    tenantId: session.tenantId,
    at: new Date().toISOString(),
    ...(agentId ? { audience: { userId: agentId } } : { audience: { roles: SUPERVISORS } }),
    payload: { sessionId: session.id, interactionId: session.interactionId, who },
  });
}

export async function history(db: Db, sessionId: string, afterSeq = 0): Promise<ChatMessage[]> {
  return db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.sessionId, sessionId), gt(chatMessages.seq, afterSeq)))
    .orderBy(asc(chatMessages.seq))
    .limit(1_000);
}

/** The conversation as plain text, one line per message, in the line's time zone. */
export async function transcriptText(db: Db, session: ChatSession): Promise<{ subject: string; text: string }> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, session.tenantId));
  const time = new Intl.DateTimeFormat("he-IL", { timeZone: tenant?.timeZone ?? "Asia/Jerusalem", dateStyle: "short", timeStyle: "short" });
  const lines = (await history(db, session.id)).map((m) => {
    const who = m.author === "visitor" ? (session.name ?? "את/ה · You") : m.author === "agent" ? `${tenant?.name ?? ""} (נציג/ה · agent)` : "Moked";
    return `[${time.format(m.at)}] ${who}: ${m.attachmentId ? `📎 ${m.text}` : m.text}`;
  });
  return {
    subject: `${tenant?.name ?? "Moked"} — תמליל השיחה / chat transcript`,
    text: [`${tenant?.name ?? ""} — תמליל השיחה / chat transcript`, "", ...lines, "", `Moked chat ${session.id}`].join("\n"),
  };
}

/** Sends the transcript through the outbox (at most three per conversation: it is a public endpoint). */
export async function queueTranscript(db: Db, session: ChatSession, email: string): Promise<void> {
  if (session.transcriptsSent >= 3) throw new AppError("transcript_limit", 429, "A transcript was already sent three times for this chat");
  const { subject, text } = await transcriptText(db, session);
  await db.transaction(async (tx) => {
    await tx.insert(outbox).values({ tenantId: session.tenantId, channel: "email", destination: email, payload: { subject, text } });
    await tx.update(chatSessions).set({ transcriptsSent: session.transcriptsSent + 1 }).where(eq(chatSessions.id, session.id));
  });
}

/**
 * Puts the conversation (back) into routing when its contact has ended but the customer writes again: the
 * same conversation, a new contact in the line's queue, so the history stays one piece.
 */
export async function ensureRouted(deps: ChatDeps, session: ChatSession): Promise<ChatSession> {
  const routing = deps.routing;
  if (!routing || routing.engine.contact(session.interactionId)) return session;
  const [row] = await deps.db.select({ status: interactions.status }).from(interactions).where(eq(interactions.id, session.interactionId));
  if (row && row.status !== "ended" && row.status !== "wrap_up") return session;
  const interactionId = randomUUID();
  await routeChat(deps, { ...session, interactionId });
  await deps.db.update(chatSessions).set({ interactionId }).where(eq(chatSessions.id, session.id));
  return { ...session, interactionId };
}

/** Submits the session's contact to the line's queue as a `chat`, asking for an agent who speaks its language. */
export async function routeChat(deps: ChatDeps, session: ChatSession): Promise<void> {
  const routing = deps.routing;
  if (!routing) throw new AppError("routing_unavailable", 503, "Routing is not running on this node");
  const queue = routing.engine.listQueues().find((q) => q.tenantId === session.tenantId);
  if (!queue) throw new AppError("no_queue", 409, "This line takes no chats now");
  await routing.submit({
    type: "arrive",
    interaction: {
      id: session.interactionId,
      tenantId: session.tenantId,
      queueId: queue.id,
      channel: "chat",
      requiredSkills: [{ skill: `lang:${session.language}` }],
      ...(session.topic ? { topic: session.topic } : {}),
      ...(session.customerId ? { customerRef: session.customerId } : {}),
    },
    meta: {
      data: {
        chatSessionId: session.id,
        medium: session.medium,
        language: session.language,
        customerName: session.name,
        customerPhone: session.phone,
        customerEmail: session.email,
        subject: session.topic ?? `chat (${session.medium})`,
      },
    },
  });
}

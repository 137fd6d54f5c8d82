import type { FastifyReply, FastifyRequest } from "fastify";
import { and, eq } from "drizzle-orm";
import type { ChatMessageView } from "@moked/contracts";
import { chatSessions, interactionEvents, tenants } from "@moked/db";
import { history, messageView, type ChatDeps, type ChatSession } from "./conversation";
import { visitorStatus } from "./status";

/** How often a waiting visitor's place and expected wait are refreshed (others ahead are answered meanwhile). */
const STATUS_EVERY_MS = 3_000;

/**
 * The visitor's live stream (Server-Sent Events). The conversation is in the database, so a reconnect loses
 * nothing: EventSource resends the last `id` it saw (Last-Event-ID) and the stream replays every line after
 * it before going live. Live lines come from the same bus the agents' desktops listen to, so this works on
 * any node; while replaying, live lines are held back and then sent without repeats (ordered by `seq`).
 */
export async function streamToVisitor(deps: ChatDeps, initial: ChatSession, after: number, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { db, bus } = deps;
  let session = initial;
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, session.tenantId));
  let choiceOffered =
    (await db.select({ id: interactionEvents.id }).from(interactionEvents).where(and(eq(interactionEvents.interactionId, session.interactionId), eq(interactionEvents.type, "interaction.choice_offered"))).limit(1)).length > 0;

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    "access-control-allow-origin": "*",
  });
  res.write("retry: 2000\n\n");
  let closed = false;
  const send = (event: string, data: unknown, id?: number) => {
    if (!closed) res.write(`${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  let lastSeq = after;
  let replaying = true;
  const held: ChatMessageView[] = [];
  const sendMessage = (m: ChatMessageView) => {
    if (m.seq <= lastSeq) return;
    lastSeq = m.seq;
    send("message", m, m.seq);
  };

  let lastStatus = "";
  let statusBusy = false;
  const pushStatus = async () => {
    if (closed || statusBusy) return;
    statusBusy = true;
    try {
      const [fresh] = await db.select().from(chatSessions).where(eq(chatSessions.id, session.id));
      if (fresh) session = fresh;
      const status = await visitorStatus(deps, session, tenant!, choiceOffered);
      const json = JSON.stringify(status);
      if (json !== lastStatus) {
        lastStatus = json;
        send("status", status);
      }
    } catch (err) {
      request.log.warn({ err, sessionId: session.id }, "chat status failed");
    } finally {
      statusBusy = false;
    }
  };
  let soon: NodeJS.Timeout | null = null;
  const statusSoon = () => {
    if (!soon) soon = setTimeout(() => ((soon = null), void pushStatus()), 150);
  };

  const unsubscribe = bus.subscribe((event) => {
    const p = event.payload;
    if (event.type === "chat.message" && p.sessionId === session.id) {
      const m = p as unknown as ChatMessageView;
      if (replaying) held.push(m);
      else sendMessage(m);
      if (m.interactionId !== session.interactionId) statusSoon();
    } else if (event.type === "chat.typing" && p.sessionId === session.id && p.who === "agent") {
      send("typing", { who: "agent" });
    } else if (event.type === "chat.session" && p.sessionId === session.id) {
      statusSoon();
    } else if (event.type.startsWith("routing.") && event.tenantId === session.tenantId) {
      if (p.interactionId === session.interactionId) {
        if (event.type === "routing.interaction.choice_offered") choiceOffered = true;
        statusSoon();
      }
    }
  });
  const timer = setInterval(() => {
    if (closed) return;
    res.write(": keep-alive\n\n");
    void pushStatus();
  }, STATUS_EVERY_MS);
  request.raw.on("close", () => {
    closed = true;
    clearInterval(timer);
    if (soon) clearTimeout(soon);
    unsubscribe();
  });

  for (const m of await history(db, session.id, after)) sendMessage(messageView(m));
  replaying = false;
  for (const m of held.sort((a, b) => a.seq - b.seq)) sendMessage(m);
  await pushStatus();
}

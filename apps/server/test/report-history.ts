import { interactionEvents, interactions, type Db } from "@moked/db";

/**
 * A small, fixed history on one line, for the report tests to work their figures out by hand.
 *
 * Autumn night (Israel leaves summer time on Sunday 25 October 2026 at 02:00, back to 01:00, so 01:00–02:00
 * happens twice): c1 is answered, transferred and talks across midnight; c2 is a short abandon; c3 is
 * answered past the 3-minute limit; c4 abandons past its 6 minutes in the first 01:10; c5 is answered in the
 * second 01:10; c6 is a chat; c7 leaves a message.
 *
 * Spring night (Israel moves to summer time on Friday 27 March 2026 at 02:00, straight to 03:00): s1 is
 * answered at 01:50 and talks across the jump; s2 abandons at 03:05; s3 is a call-back answered; s4 asks for
 * a call-back.
 */
export interface HistoryContact {
  id: string;
  channel: string;
  topic: string;
  arrived: string;
  agent?: "A" | "B" | "C";
  /** The customer (interactions.customer_ref), for first-contact resolution. */
  customer?: string;
  steps: Array<[type: string, afterSeconds: number, data?: Record<string, unknown>]>;
}

const hex = (n: number) => n.toString(16).padStart(12, "0");
export const historyId = (n: number) => `00000000-0000-4000-8000-${hex(n)}`;

export const HISTORY: HistoryContact[] = [
  { id: "c1", channel: "voice", topic: "fault", arrived: "2026-10-24T20:50:00Z", agent: "A", steps: [["interaction.answered", 15], ["interaction.transferred", 60], ["interaction.completed", 315], ["interaction.wrapped_up", 345]] },
  { id: "c2", channel: "voice", topic: "general", arrived: "2026-10-24T20:52:00Z", steps: [["interaction.abandoned", 3, { short: true }]] },
  { id: "c3", channel: "voice", topic: "general", arrived: "2026-10-24T20:58:00Z", agent: "B", steps: [["interaction.answered", 200], ["interaction.completed", 260], ["interaction.wrapped_up", 260]] },
  { id: "c4", channel: "voice", topic: "billing", arrived: "2026-10-24T22:10:00Z", steps: [["interaction.abandoned", 400, { short: false }]] },
  { id: "c5", channel: "voice", topic: "general", arrived: "2026-10-24T23:10:00Z", agent: "A", steps: [["interaction.answered", 10], ["interaction.completed", 130], ["interaction.wrapped_up", 150]] },
  { id: "c6", channel: "chat", topic: "general", arrived: "2026-10-24T23:20:00Z", agent: "B", steps: [["interaction.answered", 40], ["interaction.completed", 140], ["interaction.wrapped_up", 140]] },
  { id: "c7", channel: "voice", topic: "general", arrived: "2026-10-24T23:30:00Z", steps: [["interaction.customer_chose", 60, { choice: "leave_message" }], ["interaction.message_left", 60]] },
  { id: "s1", channel: "voice", topic: "general", arrived: "2026-03-26T23:50:00Z", agent: "A", steps: [["interaction.answered", 30], ["interaction.completed", 630], ["interaction.wrapped_up", 640]] },
  { id: "s2", channel: "voice", topic: "general", arrived: "2026-03-27T00:05:00Z", steps: [["interaction.abandoned", 40, { short: false }]] },
  { id: "s3", channel: "callback", topic: "general", arrived: "2026-03-27T00:20:00Z", agent: "B", steps: [["interaction.answered", 5], ["interaction.completed", 65], ["interaction.wrapped_up", 65]] },
  { id: "s4", channel: "voice", topic: "general", arrived: "2026-03-27T00:25:00Z", steps: [["interaction.customer_chose", 100, { choice: "scheduled_callback" }], ["interaction.callback_requested", 100]] },
];

const AGENT_EVENTS = new Set(["interaction.answered", "interaction.held", "interaction.resumed", "interaction.completed", "interaction.wrapped_up"]);

const FINAL: Record<string, string> = {
  "interaction.completed": "answered",
  "interaction.abandoned": "abandoned",
  "interaction.message_left": "message",
  "interaction.callback_requested": "callback",
};

/** Writes the history as the routing projection would: one closed `interactions` row and its events each. */
export async function writeHistory(db: Db, o: { tenantId: string; queueId: string; agents: { A: string; B: string; C?: string }; history?: HistoryContact[]; seqBase?: number }): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let seq = o.seqBase ?? 9_000_000;
  for (const [n, c] of (o.history ?? HISTORY).entries()) {
    const id = historyId((o.seqBase ?? 0) + n + 1);
    ids.set(c.id, id);
    const arrived = Date.parse(c.arrived);
    const agentId = c.agent ? (o.agents[c.agent] ?? null) : null;
    const at = (s: number) => new Date(arrived + s * 1000);
    const answered = c.steps.find(([t]) => t === "interaction.answered");
    const final = c.steps.find(([t]) => FINAL[t]);
    await db.insert(interactions).values({
      id,
      tenantId: o.tenantId,
      queueId: o.queueId,
      channel: c.channel,
      topic: c.topic,
      customerRef: c.customer ?? null,
      status: "ended",
      finalState: final ? FINAL[final[0]]! : null,
      agentId,
      arrivedAt: at(0),
      answeredAt: answered ? at(answered[1]) : null,
      endedAt: final ? at(final[1]) : null,
    });
    const events = [["interaction.arrived", 0, { queueId: o.queueId }] as const, ...c.steps].map(([type, after, data], ordinal) => ({
      commandSeq: ++seq,
      ordinal,
      tenantId: o.tenantId,
      interactionId: id,
      agentId: AGENT_EVENTS.has(type) ? agentId : null,
      type,
      at: at(after),
      data: { ...(data ?? {}) },
    }));
    await db.insert(interactionEvents).values(events);
  }
  return ids;
}

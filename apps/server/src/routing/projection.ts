import { eq, sql } from "drizzle-orm";
import { interactionEvents, interactions, type Db } from "@moked/db";
import { createMessage } from "../message-center/service";

/** The fields every engine event carries that the read models need. */
export interface ProjectedEvent {
  type: string;
  at: number;
  tenantId?: string | null;
  interactionId?: string;
  agentId?: string;
  [key: string]: unknown;
}

/** Which final state each terminal event puts a contact in (exactly one per contact). */
export const FINAL_STATE_OF: Record<string, string> = {
  "interaction.completed": "answered",
  "interaction.abandoned": "abandoned",
  "interaction.overflowed": "overflowed",
  "interaction.callback_requested": "callback",
  "interaction.message_left": "message",
  "interaction.transferred_out": "transferred",
};

/**
 * Appends a batch's events and keeps `interactions` (one row per contact) in step with them, in the
 * batch's transaction: the events are the truth, the row is their fold for screens and reports.
 */
export async function projectBatch(tx: Db, batch: Array<{ seq: number; command: unknown; events: ProjectedEvent[] }>): Promise<void> {
  // A contact's row is born with its arrival, carrying what the caller or integration sent along.
  const born = batch.flatMap(({ command, events }) =>
    events
      .filter((e) => e.type === "interaction.arrived")
      .map((e) => {
        const meta = (command as { meta?: { externalId?: string; data?: Record<string, unknown> } }).meta ?? {};
        return {
          id: e.interactionId!,
          tenantId: e.tenantId!,
          queueId: e.queueId as string,
          channel: e.channel as string,
          externalId: meta.externalId ?? null,
          topic: (e.topic as string | null) ?? null,
          priority: e.priority as number,
          customerRef: (e.customerRef as string | null) ?? null,
          requiredSkills: (e.requiredSkills as unknown[]) ?? [],
          status: "waiting" as string,
          arrivedAt: new Date(e.arrivedAt as number),
          deadlineAt: typeof e.deadlineAt === "number" ? new Date(e.deadlineAt) : null,
          data: meta.data ?? {},
        };
      }),
  );

  const rows = batch.flatMap(({ seq, events }) =>
    events.map((e, ordinal) => {
      const { type, at, tenantId, interactionId, agentId, ...data } = e;
      return {
        commandSeq: seq,
        ordinal,
        tenantId: tenantId ?? null,
        interactionId: interactionId ?? null,
        agentId: agentId ?? null,
        type,
        at: new Date(at),
        data,
      };
    }),
  );
  for (let i = 0; i < rows.length; i += 1_000) await tx.insert(interactionEvents).values(rows.slice(i, i + 1_000));

  // One write per contact per batch: its events' changes folded in order, and for a contact born in this
  // batch folded into its insert instead (a busy batch is hundreds of arrivals and offers).
  const patches = new Map<string, InteractionPatch>();
  for (const { events } of batch) {
    for (const e of events) {
      if (!e.interactionId) continue;
      const patch = patchFor(e);
      if (patch) patches.set(e.interactionId, { ...patches.get(e.interactionId), ...patch });
    }
  }
  for (const row of born) {
    const patch = patches.get(row.id);
    if (patch) Object.assign(row, patch);
    patches.delete(row.id);
  }
  if (born.length > 0) for (let i = 0; i < born.length; i += 500) await tx.insert(interactions).values(born.slice(i, i + 500));
  for (const [id, patch] of patches) await tx.update(interactions).set({ ...patch, updatedAt: sql`now()` }).where(eq(interactions.id, id));

  // A contact that ends as a message becomes one, in this same transaction: the caller's words and the
  // promise to forward them commit with the routing decision, or not at all.
  for (const { events } of batch) {
    for (const e of events) {
      const toMessage = e.type === "interaction.message_left" || (e.type === "interaction.overflowed" && e.to === "message");
      if (!toMessage || !e.interactionId) continue;
      const [row] = await tx.select().from(interactions).where(eq(interactions.id, e.interactionId));
      if (!row) continue;
      const d = row.data as Record<string, unknown>;
      const text = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : null);
      await createMessage(
        tx,
        {
          tenantId: row.tenantId,
          interactionId: row.id,
          customerName: text("customerName"),
          customerPhone: text("customerPhone") ?? row.customerRef,
          customerEmail: text("customerEmail"),
          subject: text("subject") ?? `${row.channel} — ${row.topic ?? "message"}`,
          category: text("category") ?? row.topic,
          urgency: d.urgency === "urgent" ? "urgent" : "normal",
          body: text("body") ?? "",
          fields: (d.fields && typeof d.fields === "object" ? d.fields : {}) as Record<string, unknown>,
          source: e.type === "interaction.message_left" ? "customer" : "overflow",
        },
        new Date(e.at),
      );
    }
  }
}

type InteractionPatch = Partial<typeof interactions.$inferInsert>;

function patchFor(e: ProjectedEvent): InteractionPatch | null {
  const at = new Date(e.at);
  const final = FINAL_STATE_OF[e.type];
  // A contact that an agent was talking to ends in wrap-up; the agent's wrap-up closes the row.
  if (final) return { status: e.type === "interaction.completed" || (e.type === "interaction.transferred_out" && e.agentId) ? "wrap_up" : "ended", finalState: final, endedAt: at };
  switch (e.type) {
    case "interaction.requeued":
      return { status: "waiting", queueId: e.queueId as string };
    case "interaction.transferred":
      return { status: "waiting", agentId: null };
    case "interaction.offered":
      return { status: "offered", agentId: e.agentId ?? null };
    case "offer.rejected":
    case "offer.timed_out":
    case "offer.withdrawn":
      return { status: "waiting", agentId: null };
    case "interaction.answered":
      return { status: "connected", answeredAt: at, agentId: e.agentId ?? null };
    case "interaction.wrapped_up":
      return typeof e.code === "string" ? { wrapUpCode: e.code, status: "ended" } : { status: "ended" };
    case "interaction.deadline_breached":
      return { deadlineBreached: true };
    default:
      return null;
  }
}

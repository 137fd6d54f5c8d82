import { eq, sql } from "drizzle-orm";
import { interactions, type Db } from "@moked/db";
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

/** One applied command of a batch, as the journal and the read models need it. */
export interface BatchEntry {
  seq: number;
  atMs: number;
  tenantId: string | null;
  command: unknown;
  events: ProjectedEvent[];
}

/**
 * Commits a batch durably: the commands to the journal (`routing_commands`), their events, and
 * `interactions` (one row per contact) kept in step with them — the events are the truth, the row is their
 * fold for screens and reports. All of it is one SQL statement (data-modifying CTEs fed by one JSON
 * parameter each), which PostgreSQL applies atomically on its own: no BEGIN and COMMIT round trips, no
 * parameter list of thousands to build and bind. Only a batch in which a contact becomes a message needs
 * a transaction, to create the message with the routing decision.
 */
export async function commitBatch(db: Db, organisationId: string, batch: BatchEntry[]): Promise<void> {
  const commands = batch.map((a) => ({ seq: a.seq, organisation_id: organisationId, tenant_id: a.tenantId, at: new Date(a.atMs).toISOString(), at_ms: a.atMs, command: a.command }));

  // A contact's row is born with its arrival, carrying what the caller or integration sent along.
  const born = batch.flatMap(({ command, events }) =>
    events
      .filter((e) => e.type === "interaction.arrived")
      .map((e): BornRow => {
        const meta = (command as { meta?: { externalId?: string; data?: Record<string, unknown> } }).meta ?? {};
        return {
          id: e.interactionId!,
          tenant_id: e.tenantId!,
          queue_id: e.queueId as string,
          channel: e.channel as string,
          external_id: meta.externalId ?? null,
          topic: (e.topic as string | null) ?? null,
          priority: e.priority as number,
          customer_ref: (e.customerRef as string | null) ?? null,
          required_skills: (e.requiredSkills as unknown[]) ?? [],
          status: "waiting",
          arrived_at: new Date(e.arrivedAt as number).toISOString(),
          deadline_at: typeof e.deadlineAt === "number" ? new Date(e.deadlineAt).toISOString() : null,
          data: meta.data ?? {},
        };
      }),
  );

  const events = batch.flatMap(({ seq, events }) =>
    events.map((e, ordinal) => {
      const { type, at, tenantId, interactionId, agentId, ...data } = e;
      return { command_seq: seq, ordinal, tenant_id: tenantId ?? null, interaction_id: interactionId ?? null, agent_id: agentId ?? null, type, at: new Date(at).toISOString(), data };
    }),
  );

  // One change per contact per batch: its events' changes folded in order, and for a contact born in this
  // batch folded into its row instead (a busy batch is hundreds of arrivals and offers).
  const patches = new Map<string, RowPatch>();
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
  const updates = [...patches].map(([id, patch]) => ({ id, ...patch }));

  const statement = sql`
    WITH journal AS (
      INSERT INTO routing_commands (seq, organisation_id, tenant_id, at, at_ms, command)
      SELECT seq, organisation_id, tenant_id, at, at_ms, command
      FROM jsonb_to_recordset(${JSON.stringify(commands)}::jsonb)
        AS x(seq bigint, organisation_id uuid, tenant_id uuid, at timestamptz, at_ms bigint, command jsonb)
    ), appended AS (
      INSERT INTO interaction_events (command_seq, ordinal, tenant_id, interaction_id, agent_id, type, at, data)
      SELECT command_seq, ordinal, tenant_id, interaction_id, agent_id, type, at, data
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        AS x(command_seq bigint, ordinal integer, tenant_id uuid, interaction_id uuid, agent_id uuid, type text, at timestamptz, data jsonb)
    ), born AS (
      INSERT INTO interactions (id, tenant_id, queue_id, channel, external_id, topic, priority, customer_ref, required_skills,
        status, final_state, agent_id, wrap_up_code, arrived_at, answered_at, ended_at, deadline_at, deadline_breached, data)
      SELECT id, tenant_id, queue_id, channel, external_id, topic, priority, customer_ref, required_skills,
        status, final_state, agent_id, wrap_up_code, arrived_at, answered_at, ended_at, deadline_at, coalesce(deadline_breached, false), data
      FROM jsonb_to_recordset(${JSON.stringify(born)}::jsonb)
        AS x(id uuid, tenant_id uuid, queue_id uuid, channel text, external_id text, topic text, priority integer, customer_ref text,
          required_skills jsonb, status text, final_state text, agent_id uuid, wrap_up_code text, arrived_at timestamptz,
          answered_at timestamptz, ended_at timestamptz, deadline_at timestamptz, deadline_breached boolean, data jsonb)
    ), changed AS (
      -- A patch names only the columns it changes (agent_id may change to null): the others stay.
      UPDATE interactions AS i SET
        status = CASE WHEN p.v ? 'status' THEN p.v->>'status' ELSE i.status END,
        queue_id = CASE WHEN p.v ? 'queue_id' THEN (p.v->>'queue_id')::uuid ELSE i.queue_id END,
        agent_id = CASE WHEN p.v ? 'agent_id' THEN (p.v->>'agent_id')::uuid ELSE i.agent_id END,
        final_state = CASE WHEN p.v ? 'final_state' THEN p.v->>'final_state' ELSE i.final_state END,
        wrap_up_code = CASE WHEN p.v ? 'wrap_up_code' THEN p.v->>'wrap_up_code' ELSE i.wrap_up_code END,
        answered_at = CASE WHEN p.v ? 'answered_at' THEN (p.v->>'answered_at')::timestamptz ELSE i.answered_at END,
        ended_at = CASE WHEN p.v ? 'ended_at' THEN (p.v->>'ended_at')::timestamptz ELSE i.ended_at END,
        deadline_breached = CASE WHEN p.v ? 'deadline_breached' THEN (p.v->>'deadline_breached')::boolean ELSE i.deadline_breached END,
        updated_at = now()
      FROM jsonb_array_elements(${JSON.stringify(updates)}::jsonb) AS p(v)
      WHERE i.id = (p.v->>'id')::uuid
    )
    SELECT 1`;

  // A contact that ends as a message becomes one, in the same transaction: the caller's words and the
  // promise to forward them commit with the routing decision, or not at all.
  const toMessages = batch.flatMap(({ events }) => events.filter((e) => e.interactionId && (e.type === "interaction.message_left" || (e.type === "interaction.overflowed" && e.to === "message"))));
  if (toMessages.length === 0) {
    await db.execute(statement);
    return;
  }
  await db.transaction(async (tx) => {
    await tx.execute(statement);
    for (const e of toMessages) await messageFor(tx as unknown as Db, e);
  });
}

async function messageFor(tx: Db, e: ProjectedEvent): Promise<void> {
  const [row] = await tx.select().from(interactions).where(eq(interactions.id, e.interactionId!));
  if (!row) return;
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

/** A new contact's row, in the columns' own names (times as ISO strings), as the statement reads it. */
interface BornRow extends RowPatch {
  id: string;
  tenant_id: string;
  queue_id: string;
  channel: string;
  external_id: string | null;
  topic: string | null;
  priority: number;
  customer_ref: string | null;
  required_skills: unknown[];
  status: string;
  arrived_at: string;
  deadline_at: string | null;
  data: Record<string, unknown>;
}

/** The columns an event changes on its contact's row; absent ones stay as they are. */
interface RowPatch {
  status?: string;
  queue_id?: string;
  agent_id?: string | null;
  final_state?: string;
  wrap_up_code?: string;
  answered_at?: string;
  ended_at?: string;
  deadline_breached?: boolean;
}

function patchFor(e: ProjectedEvent): RowPatch | null {
  const at = new Date(e.at).toISOString();
  const final = FINAL_STATE_OF[e.type];
  // A contact that an agent was talking to ends in wrap-up; the agent's wrap-up closes the row.
  if (final) return { status: e.type === "interaction.completed" || (e.type === "interaction.transferred_out" && e.agentId) ? "wrap_up" : "ended", final_state: final, ended_at: at };
  switch (e.type) {
    case "interaction.requeued":
      return { status: "waiting", queue_id: e.queueId as string };
    case "interaction.transferred":
      return { status: "waiting", agent_id: null };
    case "interaction.offered":
      return { status: "offered", agent_id: e.agentId ?? null };
    case "offer.rejected":
    case "offer.timed_out":
    case "offer.withdrawn":
      return { status: "waiting", agent_id: null };
    case "interaction.answered":
      return { status: "connected", answered_at: at, agent_id: e.agentId ?? null };
    case "interaction.wrapped_up":
      return typeof e.code === "string" ? { wrap_up_code: e.code, status: "ended" } : { status: "ended" };
    case "interaction.deadline_breached":
      return { deadline_breached: true };
    default:
      return null;
  }
}

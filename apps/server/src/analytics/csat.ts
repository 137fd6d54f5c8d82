import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { CsatRequest, ErrorBody, IdParams } from "@moked/contracts";
import { interactionEvents, interactions, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { principalOf } from "../auth/guard";
import { conflict, notFound } from "../core/errors";
import { addToAggregates, loadFacts } from "./aggregator";
import { BUCKET_MS } from "./metrics";
import { emptyTally } from "./tally";

export type CsatSource = "chat" | "ivr" | "sms" | "email" | "other";

/**
 * Records a customer's satisfaction score (1–5) on a contact an agent answered, once: an
 * `interaction.csat_recorded` event (command_seq 0, numbered by interaction_side_event_seq). A contact the
 * reports have already aggregated gets the score added to its row in the same transaction; one not yet
 * aggregated carries it in its events, so the score counts exactly once either way.
 */
export async function recordCsat(tx: Db, q: { tenantId?: string; interactionId: string; score: number; source: CsatSource }, now = Date.now()): Promise<void> {
  const [row] = await tx
    .select()
    .from(interactions)
    .where(and(eq(interactions.id, q.interactionId), q.tenantId ? eq(interactions.tenantId, q.tenantId) : undefined))
    .for("update");
  if (!row) throw notFound("interaction");
  if (!row.answeredAt) throw conflict("not_answered", "Only a contact an agent answered can be rated");
  const [earlier] = await tx
    .select({ id: interactionEvents.id })
    .from(interactionEvents)
    .where(and(eq(interactionEvents.interactionId, row.id), eq(interactionEvents.type, "interaction.csat_recorded")));
  if (earlier) throw conflict("already_rated", "This contact has been rated already");
  await tx.insert(interactionEvents).values({
    commandSeq: 0,
    ordinal: sql`nextval('interaction_side_event_seq')::int`,
    tenantId: row.tenantId,
    interactionId: row.id,
    type: "interaction.csat_recorded",
    at: new Date(now),
    data: { score: q.score, source: q.source },
  });
  if (row.reportedAt === null) return;
  const [facts] = await loadFacts(tx, [row]);
  const t = emptyTally();
  t.csatCount = 1;
  t.csatSum = q.score;
  t.csatSatisfied = q.score >= 4 ? 1 : 0;
  await addToAggregates(tx, [{ tenantId: row.tenantId, bucketStart: Math.floor(row.arrivedAt.getTime() / BUCKET_MS) * BUCKET_MS, queueId: facts!.firstQueueId, channel: row.channel, agentId: facts!.answeredBy, tally: t }]);
}

/** The systems that survey customers (IVR, SMS) and the center's staff record scores through this. */
const RECORDERS = ["admin", "center_manager", "shift_manager", "team_leader"] as const;

export const csatRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    "/interactions/:id/csat",
    {
      config: { access: RECORDERS },
      schema: {
        tags: ["reports"],
        summary: "Record the customer's satisfaction score (1–5) on an answered contact, once (an IVR or SMS survey's answer)",
        params: IdParams,
        body: CsatRequest,
        response: { 201: z.object({ ok: z.literal(true) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      await withTenantScope(db, p.scope, async (tx) => {
        const [row] = await tx.select({ tenantId: interactions.tenantId }).from(interactions).where(and(eq(interactions.id, request.params.id), tenantFilter(interactions.tenantId, p.scope)));
        if (!row) throw notFound("interaction");
        await recordCsat(tx, { tenantId: row.tenantId, interactionId: request.params.id, score: request.body.score, source: request.body.source });
      });
      return reply.status(201).send({ ok: true as const });
    },
  );
};

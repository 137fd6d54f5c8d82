import { and, desc, eq, inArray } from "drizzle-orm";
import type { TransferNote } from "@moked/contracts";
import { interactionEvents, users, withTenantScope, type Db } from "@moked/db";
import type { z } from "zod";
import type { Principal } from "../auth/context";

/**
 * The last hand-over of a contact, for whoever takes it next: who passed it on, when, and the note they left
 * (the `reason` of the transfer). Read from the contact's own `interaction.transferred` event, inside the
 * reader's tenant scope; null when the contact was never transferred.
 */
export async function lastTransfer(db: Db, principal: Principal, interactionId: string): Promise<z.infer<typeof TransferNote> | null> {
  const [event] = await withTenantScope(db, principal.scope, (tx) =>
    tx
      .select({ at: interactionEvents.at, data: interactionEvents.data })
      .from(interactionEvents)
      .where(and(eq(interactionEvents.interactionId, interactionId), eq(interactionEvents.type, "interaction.transferred")))
      .orderBy(desc(interactionEvents.at), desc(interactionEvents.id))
      .limit(1),
  );
  if (!event) return null;
  const data = event.data as { fromAgentId?: string | null; by?: string | null; reason?: string };
  const fromAgentId = data.fromAgentId ?? null;
  const byId = data.by ?? fromAgentId;
  const ids = [...new Set([fromAgentId, byId].filter((id): id is string => Boolean(id)))];
  const names = new Map(ids.length ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]) : []);
  return {
    at: event.at.toISOString(),
    fromAgentId,
    fromAgentName: fromAgentId ? (names.get(fromAgentId) ?? null) : null,
    byName: byId ? (names.get(byId) ?? null) : null,
    reason: data.reason ?? null,
  };
}

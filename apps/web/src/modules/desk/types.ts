import type { AgentStatus, InteractionView, Queue, QueueStatsView, Tenant, TransferNote as TransferNoteSchema } from "@moked/contracts";
import type { z } from "zod";

export type Agent = z.infer<typeof AgentStatus>;
export type WorkEntry = Agent["work"][number];
export type Interaction = z.infer<typeof InteractionView>;
/** GET /interactions/:id: the contact and its last hand-over, if it was transferred. */
export interface InteractionDetail {
  interaction: Interaction;
  transfer?: z.infer<typeof TransferNoteSchema> | null;
}
export type QueueInfo = z.infer<typeof Queue>;
export type QueueStats = z.infer<typeof QueueStatsView>;
export type { Tenant };

/** What the live offer event tells beyond /agents/me: when the offer runs out. */
export interface OfferInfo {
  expiresAt: number;
  queueId: string | null;
  tenantId: string | null;
}

export const NOT_READY_REASONS = ["break", "lunch", "training", "meeting", "coaching", "other"] as const;
export type NotReadyReason = (typeof NOT_READY_REASONS)[number];

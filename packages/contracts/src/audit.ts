import { z } from "zod";
import { Id } from "./common";

export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  tenantId: Id.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
  tenantId: Id.optional(),
});
export const AuditList = z.object({ items: z.array(AuditEntry) });

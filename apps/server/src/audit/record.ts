import { auditLog, type Db } from "@moked/db";
import type { Principal } from "../auth/context";

export interface AuditChange {
  action: string;
  entity: string;
  entityId: string | null;
  /** The client business the change belongs to; null for center-wide changes. */
  tenantId: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log, in the caller's transaction so the change and its record commit together. */
export async function recordAudit(db: Db, actor: Principal, change: AuditChange): Promise<void> {
  await db.insert(auditLog).values({
    organisationId: actor.user.organisationId,
    tenantId: change.tenantId,
    actorUserId: actor.user.id,
    actorName: actor.user.name,
    action: change.action,
    entity: change.entity,
    entityId: change.entityId,
    details: change.details ?? {},
  });
}

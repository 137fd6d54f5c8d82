import { sql } from "drizzle-orm";
import { scopeSetting, type Db, type TenantScope } from "@moked/db";

/**
 * withTenantScope plus the caller's user id (moked.user_id), for the one workforce read that is about a
 * person rather than a client line: an agent's own published shifts (see migration 0011's policy).
 */
export async function withAgentScope<T>(db: Db, scope: TenantScope, userId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('moked.tenant_scope', ${scopeSetting(scope)}, true), set_config('moked.user_id', ${userId}, true)`);
    await tx.execute(sql`set local role moked_app`);
    return work(tx as unknown as Db);
  });
}

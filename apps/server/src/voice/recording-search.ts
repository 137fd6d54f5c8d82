import { and, count, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { CallRecording, RecordingSearchQuery } from "@moked/contracts";
import { callRecordings, tenantFilter, withTenantScope, type Db, type TenantScope } from "@moked/db";
import type { z } from "zod";

type RecordingRow = typeof callRecordings.$inferSelect;

export function recordingView(r: RecordingRow): CallRecording {
  return {
    id: r.id,
    tenantId: r.tenantId,
    interactionId: r.interactionId,
    agentId: r.agentId,
    direction: r.direction === "outbound" ? "outbound" : "inbound",
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
    bytes: r.bytes,
    url: `/api/v1/recordings/${r.id}/audio`,
  };
}

/**
 * The recordings a scope may see that match the search, newest first, one page, with the total for the
 * pager. The scope's filter and row-level security both apply: asking for another line's recordings by
 * its id finds nothing.
 */
export async function searchRecordings(db: Db, scope: TenantScope, q: z.output<typeof RecordingSearchQuery>): Promise<{ items: CallRecording[]; total: number }> {
  const where = and(
    tenantFilter(callRecordings.tenantId, scope),
    ...([
      q.tenantId && eq(callRecordings.tenantId, q.tenantId),
      q.agentId && eq(callRecordings.agentId, q.agentId),
      q.from && gte(callRecordings.startedAt, new Date(q.from)),
      q.to && lt(callRecordings.startedAt, new Date(q.to)),
      q.minSeconds !== undefined && gte(callRecordings.durationMs, q.minSeconds * 1000),
      // A call of 60.4 s counts as 60 s long: "at most 60 s" keeps it.
      q.maxSeconds !== undefined && lte(callRecordings.durationMs, q.maxSeconds * 1000 + 999),
      q.direction && eq(callRecordings.direction, q.direction),
    ].filter(Boolean) as SQL[]),
  );
  return withTenantScope(db, scope, async (tx) => {
    const rows = await tx.select().from(callRecordings).where(where).orderBy(desc(callRecordings.startedAt), desc(callRecordings.id)).limit(q.limit).offset(q.offset);
    const [total] = await tx.select({ n: count() }).from(callRecordings).where(where);
    return { items: rows.map(recordingView), total: total?.n ?? 0 };
  });
}

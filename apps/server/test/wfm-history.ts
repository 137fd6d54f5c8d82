import type { TestApp } from "./harness";

/** Three weeks of a line's history: 4 voice contacts in each half hour from 08:00 to 20:00 UTC, every day, up to now. */
export async function insertRegularHistory(t: TestApp, tenantId: string): Promise<void> {
  await t.db.exec(`
    INSERT INTO interactions (id, tenant_id, queue_id, channel, status, arrived_at)
    SELECT gen_random_uuid(), '${tenantId}', (SELECT id FROM queues WHERE tenant_id = '${tenantId}' LIMIT 1), 'voice', 'ended', ts + (k * interval '1 minute')
    FROM generate_series(date_trunc('day', now()) - interval '21 days', now() - interval '31 minutes', interval '30 minutes') AS ts,
         generate_series(1, 4) AS k
    WHERE extract(hour from ts AT TIME ZONE 'UTC') BETWEEN 8 AND 19`);
}

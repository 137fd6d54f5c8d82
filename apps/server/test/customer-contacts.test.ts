import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { customers, interactions, queues, tenants } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type MokedApp } from "../src/app";
import { loadConfig } from "../src/core/config";
import { createInProcessBus } from "../src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../src/seed/demo";

// The Customers page's contact count: every contact that names the customer, whatever its channel; a voice
// caller's count once read 0. Rows are written as the routing projection writes them.
describe("customers: contacts count", () => {
  let db: TestDatabase;
  let moked: MokedApp;
  let cookie = "";
  const slugId = new Map<string, string>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCenter(db.db);
    for (const t of await db.db.select().from(tenants)) slugId.set(t.slug, t.id);
    const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent" });
    moked = await buildApp({ config, db: db.db, bus: createInProcessBus(), routing: false, outbox: false });
    const login = await moked.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "manager@moked.local", password: DEMO_PASSWORD } });
    cookie = `moked_session=${login.cookies.find((c) => c.name === "moked_session")!.value}`;
  });
  afterAll(async () => {
    await moked.app.close();
    await db.dispose();
  });

  const contact = async (tenantId: string, channel: string, customerRef: string, arrivedAt: string) => {
    const [queue] = await db.db.select().from(queues).where(eq(queues.tenantId, tenantId)).limit(1);
    await db.db.insert(interactions).values({ id: randomUUID(), tenantId, queueId: queue!.id, channel, customerRef, status: "ended", finalState: "completed", arrivedAt: new Date(arrivedAt), answeredAt: new Date(arrivedAt), endedAt: new Date(arrivedAt) });
  };

  it("counts a caller's voice contacts (and a chat) on the Customers page, never another line's contacts", async () => {
    const sky = slugId.get("sky-tours")!;
    const other = [...slugId.values()].find((id) => id !== sky)!;
    const [caller] = await db.db.insert(customers).values({ tenantId: sky, name: "דנה לוי", phones: ["+972541234567"], emails: [] }).returning();
    await contact(sky, "voice", caller!.id, "2026-11-02T08:00:00Z");
    await contact(sky, "voice", caller!.id, "2026-11-03T09:00:00Z");
    await contact(sky, "chat", caller!.id, "2026-11-04T10:00:00Z");
    // Another client business's contact that names the same id (a forged or mistaken reference) is not counted.
    await contact(other, "voice", caller!.id, "2026-11-05T11:00:00Z");

    const res = await moked.app.inject({ method: "GET", url: `/api/v1/customers?tenantId=${sky}&q=${encodeURIComponent("דנה")}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; contacts: number }>;
    expect(items.map((c) => [c.id, c.contacts])).toEqual([[caller!.id, 3]]);

    const history = (await moked.app.inject({ method: "GET", url: `/api/v1/customers/${caller!.id}`, headers: { cookie } })).json();
    expect(history.contacts).toHaveLength(3);
  });
});

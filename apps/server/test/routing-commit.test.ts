import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interactionEvents, interactions, organisations, queues, routingCommands, tenants } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { seedDemoCenter } from "../src/seed/demo";
import { commitBatch, type BatchEntry } from "../src/routing/projection";

/** The batch write behind every routing command: one statement, all or nothing. */
describe("committing a routing batch", () => {
  let db: TestDatabase;
  let org: string;
  let tenantId: string;
  let queueId: string;
  let otherTenant: string;
  let seq = 1_000_000;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCenter(db.db);
    org = (await db.db.select().from(organisations))[0]!.id;
    const [q] = await db.db.select().from(queues).limit(1);
    queueId = q!.id;
    tenantId = q!.tenantId;
    otherTenant = (await db.db.select().from(tenants)).find((t) => t.id !== tenantId)!.id;
  });
  afterAll(() => db.dispose());

  const arrival = (id: string, at: number, tenant = tenantId): BatchEntry => ({
    seq: ++seq,
    atMs: at,
    tenantId: tenant,
    command: { type: "arrive", interaction: { id, tenantId: tenant, queueId, channel: "voice" }, meta: { externalId: `ext-${id}`, data: { customerName: "דנה" } } },
    events: [{ type: "interaction.arrived", at, tenantId: tenant, interactionId: id, queueId, channel: "voice", priority: 0, topic: "billing", requiredSkills: [{ skill: "lang:he" }], customerRef: null, arrivedAt: at - 5, deadlineAt: at + 360_000 }],
  });

  it("writes the journal, the events and the contact's row, and folds later events into the row, changing only what they name", async () => {
    const id = randomUUID();
    const agentId = randomUUID();
    const at = Date.UTC(2026, 10, 24, 9, 0, 0, 123);
    await commitBatch(db.db, org, [arrival(id, at)]);
    const [born] = await db.db.select().from(interactions).where(eq(interactions.id, id));
    expect(born).toMatchObject({ tenantId, queueId, status: "waiting", externalId: `ext-${id}`, topic: "billing", priority: 0, agentId: null, deadlineBreached: false, data: { customerName: "דנה" } });
    expect(born!.arrivedAt.getTime()).toBe(at - 5);

    const offeredAt = at + 1000;
    await commitBatch(db.db, org, [{ seq: ++seq, atMs: offeredAt, tenantId: null, command: { type: "agent_state" }, events: [{ type: "interaction.offered", at: offeredAt, tenantId, interactionId: id, agentId, step: 0 }] }]);
    expect((await db.db.select().from(interactions).where(eq(interactions.id, id)))[0]).toMatchObject({ status: "offered", agentId, topic: "billing" });

    // A timed-out offer puts the agent back to null; a breach sets only its flag.
    await commitBatch(db.db, org, [
      { seq: ++seq, atMs: offeredAt + 20_000, tenantId: null, command: { type: "tick" }, events: [{ type: "offer.timed_out", at: offeredAt + 20_000, tenantId, interactionId: id, agentId }] },
      { seq: ++seq, atMs: offeredAt + 400_000, tenantId: null, command: { type: "tick" }, events: [{ type: "interaction.deadline_breached", at: offeredAt + 400_000, tenantId, interactionId: id }] },
    ]);
    const [row] = await db.db.select().from(interactions).where(eq(interactions.id, id));
    expect(row).toMatchObject({ status: "waiting", agentId: null, deadlineBreached: true, finalState: null, answeredAt: null });

    const events = await db.db.select().from(interactionEvents).where(eq(interactionEvents.interactionId, id));
    expect(events.map((e) => e.type).sort()).toEqual(["interaction.arrived", "interaction.deadline_breached", "interaction.offered", "offer.timed_out"]);
    const offered = events.find((e) => e.type === "interaction.offered")!;
    expect(offered).toMatchObject({ tenantId, agentId, data: { step: 0 } });
    expect(offered.at.getTime()).toBe(offeredAt);
    const journal = await db.db.select().from(routingCommands).where(eq(routingCommands.seq, seq));
    expect(journal[0]).toMatchObject({ organisationId: org, tenantId: null, atMs: offeredAt + 400_000, command: { type: "tick" } });
  });

  it("writes nothing of a batch that cannot be written whole: a contact is never journaled without its row, nor the reverse", async () => {
    const taken = seq;
    const good = randomUUID();
    const bad = arrival(randomUUID(), Date.UTC(2026, 10, 24, 10));
    // The journal already holds this command number: the whole batch must fail, and nothing of it remain.
    bad.seq = taken;
    await expect(commitBatch(db.db, org, [arrival(good, Date.UTC(2026, 10, 24, 10)), bad])).rejects.toThrow();
    expect(await db.db.select().from(interactions).where(eq(interactions.id, good))).toEqual([]);
    expect(await db.db.select().from(interactionEvents).where(eq(interactionEvents.interactionId, good))).toEqual([]);
  });

  it("keeps each contact on its own line: rows and events carry the tenant they were created for", async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    await commitBatch(db.db, org, [arrival(mine, Date.UTC(2026, 10, 24, 11)), arrival(theirs, Date.UTC(2026, 10, 24, 11), otherTenant)]);
    const rows = await db.db.select().from(interactions).where(eq(interactions.tenantId, otherTenant));
    expect(rows.map((r) => r.id)).toContain(theirs);
    expect(rows.map((r) => r.id)).not.toContain(mine);
    const events = await db.db.select().from(interactionEvents).where(eq(interactionEvents.interactionId, theirs));
    expect(events.map((e) => e.tenantId)).toEqual([otherTenant]);
  });
});

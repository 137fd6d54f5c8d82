import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { tenants, users } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { buildApp, type MokedApp } from "../../src/app";
import { loadConfig } from "../../src/core/config";
import { createInProcessBus } from "../../src/live/bus";
import { DEMO_PASSWORD, seedDemoCenter } from "../../src/seed/demo";

export interface VoiceTestApp {
  moked: MokedApp;
  db: TestDatabase;
  dataDir: string;
  /** The sky-tours line, whose number +972-3-555-1234 the gateway answers. */
  skyTours: string;
  tenantId(slug: string): Promise<string>;
  /** User ids by e-mail. */
  ids: Map<string, string>;
  /** The gateway's SIP address on loopback ("127.0.0.1:port"), UDP and TCP alike. */
  target(): string;
  login(email: string): Promise<string>;
  api(cookie: string, method: "GET" | "PUT" | "POST", url: string, payload?: unknown): Promise<{ status: number; body: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  close(): Promise<void>;
}

/**
 * The app with its voice gateway on a free port of 127.0.0.1, on a fresh demo-seeded database, answering
 * +972-3-555-1234 for sky-tours; `env` adds or overrides settings (VOICE_TRUNKS, more VOICE_LINES …).
 */
export async function startVoiceApp(env: Record<string, string> = {}, options: { outbox?: boolean } = {}): Promise<VoiceTestApp> {
  const db = await createTestDatabase();
  await seedDemoCenter(db.db);
  const dataDir = mkdtempSync(join(tmpdir(), "moked-voice-"));
  const config = loadConfig({ MOKED_DATA_DIR: dataDir, LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", VOICE_SIP_PORT: "0", HOST: "127.0.0.1", VOICE_LINES: "+972-3-555-1234=sky-tours", ...env });
  const moked = await buildApp({ config, db: db.db, bus: createInProcessBus(), ...(options.outbox === false ? { outbox: false } : {}) });
  await moked.app.ready();
  const tenantId = async (slug: string) => (await db.db.select().from(tenants).where(eq(tenants.slug, slug)))[0]!.id;
  const ids = new Map((await db.db.select().from(users)).map((u) => [u.email, u.id]));
  return {
    moked,
    db,
    dataDir,
    skyTours: await tenantId("sky-tours"),
    tenantId,
    ids,
    target: () => `127.0.0.1:${moked.voice!.port}`,
    async login(email) {
      const res = await moked.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password: DEMO_PASSWORD } });
      return `moked_session=${res.cookies.find((c) => c.name === "moked_session")!.value}`;
    },
    async api(cookie, method, url, payload) {
      const res = await moked.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
      return { status: res.statusCode, body: res.json() as Record<string, any> };
    },
    async close() {
      await moked.app.close();
      await db.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Clears what a test left in the center: calls still up at the gateway are hung up, contacts still waiting
 * end as abandoned, agents' work is ended and filed, and every agent goes offline. A test that fails midway
 * (on a loaded machine, a call still up and an agent still holding it) then fails alone, instead of every
 * later test in the file waiting for an agent who never frees up.
 */
export async function settleCenter(moked: MokedApp): Promise<void> {
  for (const call of moked.voice?.list() ?? []) await moked.voice!.hangUp(call).catch(() => undefined);
  const routing = moked.routing;
  if (!routing) return;
  const quietly = (command: Parameters<typeof routing.submit>[0]) => routing.submit(command).catch(() => []);
  for (const contact of routing.engine.listWaiting()) await quietly({ type: "hangup", interactionId: contact.interactionId });
  for (const agent of routing.engine.listAgents()) {
    for (const w of agent.work) {
      if (w.status !== "wrap_up") await quietly({ type: "hangup", interactionId: w.interactionId });
      await quietly({ type: "wrap_up", interactionId: w.interactionId, agentId: agent.agentId });
    }
    if (agent.presence !== "offline") await quietly({ type: "agent_state", agentId: agent.agentId, state: "offline" });
  }
}

import type { FastifyInstance } from "fastify";
import { tenants, users } from "@moked/db";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";
import { buildApp } from "../src/app";
import { loadConfig, type Config } from "../src/core/config";
import { createInProcessBus, type LiveBus } from "../src/live/bus";
import type { VoiceGateway } from "../src/voice/gateway";
import { DEMO_PASSWORD, seedDemoCenter } from "../src/seed/demo";

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  bus: LiveBus;
  config: Config;
  /** The built-in SMTP listener's port, when MAIL_LISTEN_PORT is set. */
  mailPort: number | null;
  /** The SIP gateway, when VOICE_SIP_PORT is set. */
  voice: VoiceGateway | null;
  tenantId(slug: string): string;
  userId(email: string): string;
  /** Logs in through the API and returns the Cookie header value for later requests. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** A real app on a fresh, migrated, demo-seeded database (PGlite, or a new database on DATABASE_URL). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  await seedDemoCenter(db.db);
  const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", ...env });
  const bus = createInProcessBus();
  const { app, mailPort, voice } = await buildApp({ config, db: db.db, bus });
  await app.ready();
  const tenantIds = new Map((await db.db.select().from(tenants)).map((t) => [t.slug, t.id]));
  const userIds = new Map((await db.db.select().from(users)).map((u) => [u.email, u.id]));
  return {
    app,
    db,
    bus,
    config,
    mailPort,
    voice,
    tenantId: (slug) => tenantIds.get(slug) ?? fail(`no tenant ${slug}`),
    userId: (email) => userIds.get(email) ?? fail(`no user ${email}`),
    async login(email, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === "moked_session");
      return `moked_session=${cookie!.value}`;
    },
    async close() {
      await app.close();
      await bus.close();
      await db.dispose();
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** Waits until the probe answers something truthy and returns it; throws after `ms`. */
export async function until<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 45_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { openDatabase, runMigrations } from "@moked/db";
import { pino } from "pino";
import { buildApp } from "./app";
import { loadConfig } from "./core/config";
import { loggerOptions } from "./core/logger";
import { createInProcessBus, type LiveBus } from "./live/bus";
import { createRedisBus } from "./live/redis-bus";
import { DEMO_PASSWORD, seedDemoCenter } from "./seed/demo";

/** Start-up: config → database → migrations → demo seed → HTTP; SIGTERM drains and closes in reverse. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino(loggerOptions(config));
  const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  log.info({ database: handle.kind === "pglite" ? `embedded PGlite at ${config.dataDir}` : "PostgreSQL server" }, "database open");
  await runMigrations(handle);
  const bus: LiveBus = config.redisUrl ? await createRedisBus(config.redisUrl) : createInProcessBus();
  const seed = config.seedDemo ? await seedDemoCenter(handle.db) : null;

  const { app, markShuttingDown } = await buildApp({ config, db: handle.db, bus });
  const address = await app.listen({ port: config.port, host: config.host });
  const port = new URL(address).port;
  const lines = [`Moked is running: http://localhost:${port}`, `API reference: http://localhost:${port}/api/docs`];
  if (seed) {
    lines.push(`Demo logins (password for all: ${DEMO_PASSWORD}):`, ...seed.logins.map((l) => `  ${l.role.padEnd(32)} ${l.email}`));
  }
  // The banner is for the person who typed `npm start`, so it goes to stdout as plain text.
  process.stdout.write(`\n${lines.join("\n")}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    markShuttingDown();
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await bus.close();
    await handle.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`Moked failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

// Concurrent phone calls through one gateway process: sipp (Debian sip-tester) places N calls on loopback,
// each choosing a language by keypad and waiting in the queue with announcements and hold music while it
// speaks. Printed: calls held at once, CPU per call (share of one core, measured in the middle of the run),
// and packet loss each way (theirs to us by sequence numbers; ours to them by sipp's echo coming back).
// Once with the calls' SIP over UDP, once over TCP (all calls on one connection, as a trunk does:
// sipp -t t1); BENCH_VOICE_TRANSPORTS=udp or =tcp runs one of them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@moked/db/testing";
import { buildApp } from "../apps/server/src/app";
import { loadConfig } from "../apps/server/src/core/config";
import { createInProcessBus } from "../apps/server/src/live/bus";
import { seedDemoCenter } from "../apps/server/src/seed/demo";
import { runSipp, scenario } from "../apps/server/test/voice/sipp";

export async function runVoiceBench(): Promise<void> {
  const calls = Number(process.env.BENCH_VOICE_CALLS ?? 40);
  const transports = (process.env.BENCH_VOICE_TRANSPORTS ?? "udp,tcp").split(",").map((t) => t.trim());
  for (const transport of transports) {
    if (transport !== "udp" && transport !== "tcp") throw new Error(`BENCH_VOICE_TRANSPORTS: udp or tcp, not ${transport}`);
    console.log(`--- SIP over ${transport.toUpperCase()}`);
    await runOnce(calls, transport);
  }
}

async function runOnce(calls: number, transport: "udp" | "tcp"): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "moked-voice-bench-"));
  const db = await createTestDatabase();
  await seedDemoCenter(db.db);
  const config = loadConfig({ LOG_LEVEL: "silent", MOKED_WEB_DIST: "/nonexistent", MOKED_DATA_DIR: dataDir, HOST: "127.0.0.1", VOICE_SIP_PORT: "0", VOICE_LINES: "+97235551234=sky-tours", VOICE_SPEECH_COMMAND: process.env.VOICE_SPEECH_COMMAND ?? "espeak-ng" });
  const moked = await buildApp({ config, db: db.db, bus: createInProcessBus(), outbox: false });
  await moked.app.ready();
  const gateway = moked.voice!;
  try {
    // Each call: menus (~4 s), then two rounds of speech (14 s) while queued, then the caller hangs up.
    const sipp = await runSipp({ scenarioFile: scenario("caller"), target: `127.0.0.1:${gateway.port}`, service: "035551234", calls, rate: 10, vars: { plays: 2, wait: 1000 }, timeoutSeconds: 120, transport: transport === "tcp" ? "t1" : "u1" });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, gateway.list().length)), 200);
    // Measure CPU over a window when every call is in the queue, speaking and hearing music.
    const rampSeconds = calls / 10 + 5;
    await new Promise((r) => setTimeout(r, rampSeconds * 1000));
    const held = gateway.list().length;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 5_000));
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - t0;
    const stats = gateway.list().map((c) => c.leg.stats);
    const { code } = await sipp.done;
    clearInterval(sampler);

    const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((n, s) => n + f(s), 0);
    const cpuShare = (cpu.user + cpu.system) / 1000 / wallMs;
    const inLoss = sum((s) => s.lost) / Math.max(1, sum((s) => s.lost + s.packetsIn));
    const outLoss = 1 - sum((s) => s.looped) / Math.max(1, sum((s) => s.packetsOut));
    console.log(`calls placed            ${calls} (sipp exit ${code})`);
    console.log(`calls held at once      ${peak} (measured window: ${held})`);
    console.log(`CPU, whole process      ${(cpuShare * 100).toFixed(1)} % of one core`);
    console.log(`CPU per call            ${held ? ((cpuShare * 100) / held).toFixed(2) : "—"} % of one core`);
    console.log(`packet loss caller→us   ${(inLoss * 100).toFixed(2)} %`);
    console.log(`packet loss us→caller→us ${(outLoss * 100).toFixed(2)} % (includes packets still in flight)`);
  } finally {
    await moked.app.close();
    await db.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runVoiceBench();

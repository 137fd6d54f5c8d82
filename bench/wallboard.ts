// The wallboard under a big center's traffic: 500 more agents and 50 more queues (one bench client line) beside
// the demo center, live routing traffic driven through the real HTTP API (agents changing state, contacts
// arriving, answered, abandoned), and the supervisor's wallboard open in headless Chromium. Measures the time
// from each routing event to the frame that shows it (goal: under a second), and how smooth the page stays.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { LiveEvent } from "@moked/contracts";
import { QueueSettings } from "@moked/contracts";
import { agentTenants, openDatabase, organisations, queues, runMigrations, sessions, teams, tenants, users, type Db } from "@moked/db";
import { buildApp } from "../apps/server/src/app";
import { SESSION_COOKIE } from "../apps/server/src/auth/principal";
import { hashSecret, newSecret } from "../apps/server/src/auth/tokens";
import { loadConfig } from "../apps/server/src/core/config";
import { createInProcessBus } from "../apps/server/src/live/bus";
import { seedDemoCenter } from "../apps/server/src/seed/demo";
import { openBrowser, signIn, snapshot } from "../e2e/harness";

const AGENTS = 500;
const ANSWERING = 60; // Hebrew speakers who take the bench line's contacts; the rest only change state
const QUEUES = 50;
const SECONDS = Number(process.env.BENCH_WALLBOARD_SECONDS ?? 30);
const ARRIVALS_PER_SECOND = 4;
const STATE_CHANGES_PER_SECOND = 10;
const GOAL_MS = 1000;
const root = resolve(import.meta.dirname, "..");

interface Bench {
  tenantId: string;
  answering: Map<string, string>; // agent id → session cookie
  background: Array<{ id: string; cookie: string }>;
}

/** The bench line: 50 queues and 500 agents with a session each (cookies minted here: logging in 500 times would time argon2, not the wallboard). */
async function seedBenchLine(db: Db): Promise<Bench> {
  const [org] = await db.select().from(organisations).limit(1);
  const teamIds = (await db.select().from(teams)).map((t) => t.id);
  const [admin] = await db.select().from(users).limit(1);
  const [line] = await db
    .insert(tenants)
    .values({ organisationId: org!.id, slug: "bench-line", name: "קו עומס", industry: "other", languages: ["he", "ru", "ar"], calendar: { alwaysOpen: true, weekly: {}, closedOnShabbatAndHolidays: false, exceptions: {} } })
    .returning();
  const settings = QueueSettings.parse({ steps: [{ target: { kind: "skills" } }] });
  await db.insert(queues).values(Array.from({ length: QUEUES }, (_, i) => ({ tenantId: line!.id, name: `תור ${String(i + 1).padStart(2, "0")}`, config: settings })));
  const rows = await db
    .insert(users)
    .values(
      Array.from({ length: AGENTS }, (_, i) => ({
        organisationId: org!.id,
        email: `bench${i + 1}@moked.local`,
        name: i < ANSWERING ? `נציג עונה ${String(i + 1).padStart(3, "0")}` : `נציג ${String(i + 1).padStart(3, "0")}`,
        role: "agent" as const,
        // Only the answering agents speak the callers' language: the others are never offered a contact.
        languages: i < ANSWERING ? ["he"] : [i % 2 ? "ru" : "ar"],
        teamId: teamIds[i % teamIds.length]!,
        passwordHash: admin!.passwordHash,
      })),
    )
    .returning();
  await db.insert(agentTenants).values(rows.map((u) => ({ userId: u.id, tenantId: line!.id })));
  const cookies = new Map<string, string>();
  const expiresAt = new Date(Date.now() + 3_600_000);
  const tokens = rows.map((u) => {
    const secret = newSecret();
    cookies.set(u.id, `${SESSION_COOKIE}=${secret}`);
    return { userId: u.id, tokenHash: hashSecret(secret), expiresAt };
  });
  await db.insert(sessions).values(tokens);
  return {
    tenantId: line!.id,
    answering: new Map(rows.slice(0, ANSWERING).map((u) => [u.id, cookies.get(u.id)!])),
    background: rows.slice(ANSWERING).map((u) => ({ id: u.id, cookie: cookies.get(u.id)! })),
  };
}

/** What the page records: every change of a queue row's counters or an agent row's activity, with the next frame's time. */
interface PageRecord {
  q: Array<[number, string, number, number, number]>;
  a: Array<[number, string, string]>;
  longTasks: number[];
  frames: number[];
}

// Plain JavaScript for the page (this file is type-checked without the DOM): a MutationObserver scans the queue
// and agent rows on each change and stamps the changes with the time of the frame that follows; long tasks
// and frame gaps are recorded alongside.
const INSTRUMENT_PAGE = `(() => {
  const rec = { q: [], a: [], longTasks: [], frames: [] };
  window.__wb = rec;
  const seen = new Map();
  const wall = () => performance.timeOrigin + performance.now();
  const scan = () => {
    const changed = [];
    for (const row of document.querySelectorAll('[data-testid="queue-row"]')) {
      const d = row.dataset;
      const key = d.offered + "|" + d.answered + "|" + d.abandoned;
      if (seen.get("q" + d.queue) === key) continue;
      seen.set("q" + d.queue, key);
      const entry = [0, d.queue, Number(d.offered), Number(d.answered), Number(d.abandoned)];
      rec.q.push(entry);
      changed.push(entry);
    }
    for (const row of document.querySelectorAll('[data-testid="agent-row"]')) {
      const d = row.dataset;
      if (seen.get("a" + d.agent) === d.activity) continue;
      seen.set("a" + d.agent, d.activity);
      const entry = [0, d.agent, d.activity];
      rec.a.push(entry);
      changed.push(entry);
    }
    if (changed.length) requestAnimationFrame(() => changed.forEach((e) => (e[0] = wall())));
  };
  scan();
  new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-offered", "data-answered", "data-abandoned", "data-activity"] });
  new PerformanceObserver((list) => list.getEntries().forEach((e) => rec.longTasks.push(e.duration))).observe({ type: "longtask" });
  let last = performance.now();
  const frame = (now) => {
    rec.frames.push(now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;

type Probe = { kind: "arrived" | "answered" | "abandoned"; queueId: string; value: number; at: number; published: number } | { kind: "agent"; agentId: string; activity: string; at: number; published: number };

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : "—");

export async function runWallboardBench(): Promise<void> {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) return void process.stdout.write(`wallboard: no Chromium at ${chromium}, skipped (apt-get install chromium)\n`);
  const build = spawnSync(process.execPath, [join(root, "scripts/start.mjs"), "--build-only"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);

  const dir = mkdtempSync(join(tmpdir(), "moked-bench-wallboard-"));
  const handle = await openDatabase({ dataDir: dir });
  await runMigrations(handle);
  await seedDemoCenter(handle.db);
  const bench = await seedBenchLine(handle.db);

  const bus = createInProcessBus();
  const probes: Probe[] = [];
  const counts = new Map<string, number>();
  const watched = new Set<string>(); // agents whose rows the page renders (the agents table renders only rows in view)
  let events = 0;
  let recording = false;
  bus.subscribe((e: LiveEvent) => {
    if (!recording) return;
    events++;
    const published = performance.timeOrigin + performance.now();
    const at = Date.parse(e.at);
    const p = e.payload as Record<string, unknown>;
    const kind = e.type === "routing.interaction.arrived" ? "arrived" : e.type === "routing.interaction.answered" && p.firstAnswer ? "answered" : e.type === "routing.interaction.abandoned" ? "abandoned" : null;
    if (kind && e.tenantId === bench.tenantId && e.audience?.userId === undefined) {
      const key = `${kind}:${String(p.queueId)}`;
      const value = (counts.get(key) ?? 0) + 1;
      counts.set(key, value);
      probes.push({ kind, queueId: String(p.queueId), value, at, published });
    }
    if (e.type === "routing.agent.state_changed" && watched.has(String(p.agentId))) probes.push({ kind: "agent", agentId: String(p.agentId), activity: String(p.state), at, published });
  });

  const config = loadConfig({ LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", MOKED_DATA_DIR: dir });
  const setupStart = performance.now();
  const { app, routing } = await buildApp({ config, db: handle.db, bus });
  const baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
  const adminLogin = await fetch(`${baseUrl}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@moked.local", password: "moked-demo-2026" }) });
  const adminCookie = adminLogin.headers.getSetCookie()[0]!.split(";")[0]!;
  const benchQueues = routing!.engine.listQueues().filter((q) => q.tenantId === bench.tenantId);

  let inFlight = 0;
  let commands = 0;
  let skipped = 0;
  let failed = 0;
  const call = (cookie: string, method: string, path: string, body?: unknown): Promise<number> => {
    if (inFlight >= 48) return Promise.resolve((skipped++, 0));
    inFlight++;
    commands++;
    return fetch(`${baseUrl}/api/v1${path}`, { method, headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status >= 400) failed++;
        return res.status;
      })
      .catch(() => (failed++, 0))
      .finally(() => inFlight--);
  };

  // Everyone logs in: the answering agents available, the others half available, half on a break.
  for (const [id, cookie] of bench.answering) await call(cookie, "PUT", "/agents/me/state", { state: "available" }).then(() => id);
  for (const [i, a] of bench.background.entries()) await call(a.cookie, "PUT", "/agents/me/state", i % 2 ? { state: "available" } : { state: "not_ready", reason: "break" });

  const browser = await openBrowser();
  const page = await signIn(browser, baseUrl, "shift@moked.local");
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId("nav-wallboard").click();
  await page.locator(`[data-testid="queue-row"][data-queue="${benchQueues[0]!.id}"]`).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="agent-row"]').first().waitFor();
  // Traffic starts once the live connection is up (before it, only the 10-second re-read would show it).
  await page.locator('[data-testid="live-status"][data-status="connected"]').waitFor({ timeout: 30_000 });
  const queueRows = await page.getByTestId("queue-row").count();
  const agentsOnBoard = routing!.engine.listAgents().length;
  const backgroundIds = new Set(bench.background.map((a) => a.id));
  for (const row of await page.locator('[data-testid="agent-row"]').all()) {
    const id = (await row.getAttribute("data-agent")) ?? "";
    if (backgroundIds.has(id)) watched.add(id);
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;
  await page.evaluate(INSTRUMENT_PAGE);

  // The traffic: contacts arriving at the bench queues, answering agents accepting after a ring and wrapping
  // up after a short talk, some callers hanging up while waiting, and agents going on and off breaks.
  const offeredTo = new Map<string, string>(); // interaction → agent
  const waitingOrOffered = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (delayMs: number, fn: () => void) => {
    const t = setTimeout(() => (timers.delete(t), fn()), delayMs);
    timers.add(t);
  };
  const stopOffers = bus.subscribe((e) => {
    const p = e.payload as Record<string, unknown>;
    const id = String(p.interactionId);
    if (e.type === "routing.interaction.offered" && e.audience?.userId && bench.answering.has(e.audience.userId)) {
      const cookie = bench.answering.get(e.audience.userId)!;
      offeredTo.set(id, e.audience.userId);
      later(500 + Math.random() * 1500, () => {
        if (!waitingOrOffered.has(id) || offeredTo.get(id) !== e.audience!.userId) return;
        void call(cookie, "POST", `/interactions/${id}/accept`).then((status) => {
          if (status === 200) later(2000 + Math.random() * 4000, () => void call(cookie, "POST", `/interactions/${id}/wrap-up`, { code: "bench" }));
        });
      });
    }
    if (e.type === "routing.interaction.answered" || e.type === "routing.interaction.abandoned") waitingOrOffered.delete(id);
  });

  recording = true;
  const start = performance.now();
  const startedAt = Date.now();
  let arrivals = 0;
  let changes = 0;
  const ticker = setInterval(() => {
    const due = ((performance.now() - start) / 1000) * ARRIVALS_PER_SECOND;
    while (arrivals < due) {
      const q = benchQueues[arrivals++ % benchQueues.length]!;
      const hangUp = Math.random() < 0.2;
      void fetch(`${baseUrl}/api/v1/interactions`, {
        method: "POST",
        headers: { cookie: adminCookie, "content-type": "application/json" },
        body: JSON.stringify({ tenantId: bench.tenantId, queueId: q.id, channel: "voice", requiredSkills: [{ skill: "lang:he" }] }),
      })
        .then((res) => res.json() as Promise<{ interaction?: { id: string } }>)
        .then((b) => {
          commands++;
          const id = b.interaction?.id;
          if (!id) return void failed++;
          waitingOrOffered.add(id);
          if (hangUp) later(300 + Math.random() * 1000, () => waitingOrOffered.has(id) && void call(adminCookie, "POST", `/interactions/${id}/hangup`));
        });
    }
    const dueChanges = ((performance.now() - start) / 1000) * STATE_CHANGES_PER_SECOND;
    const visible = [...watched];
    while (changes < dueChanges) {
      // Every other change is to an agent whose row is on screen, so it can be timed; the rest is load.
      const n = changes++;
      const id = n % 2 === 0 && visible.length ? visible[(n / 2) % visible.length]! : bench.background[n % bench.background.length]!.id;
      const agent = routing!.engine.agent(id)!;
      const cookie = bench.background.find((a) => a.id === id)!.cookie;
      void call(cookie, "PUT", "/agents/me/state", agent.activity === "available" ? { state: "not_ready", reason: n % 3 ? "break" : "lunch" } : { state: "available" });
    }
  }, 50);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(ticker);
  recording = false;
  const driven = (performance.now() - start) / 1000;
  // Let the page show what was already sent (the last events are still on their way).
  await new Promise((r) => setTimeout(r, 3000));
  const seen = await page.evaluate<PageRecord>("window.__wb");
  await snapshot(page, "bench-wallboard");
  stopOffers();
  for (const t of timers) clearTimeout(t);

  // Each probe's first frame that shows it (a counter at or past its value, an agent in its new state).
  const latencies: Record<string, number[]> = { arrived: [], answered: [], abandoned: [], agent: [] };
  const publishLag: number[] = [];
  let missed = 0;
  let slowest: { ms: number; kind: string; after: number } | undefined;
  const field = { arrived: 2, answered: 3, abandoned: 4 } as const;
  for (const probe of probes) {
    publishLag.push(probe.published - probe.at);
    const shown =
      probe.kind === "agent"
        ? seen.a.find(([t, id, activity]) => t >= probe.published && id === probe.agentId && activity === probe.activity)?.[0]
        : seen.q.find((r) => r[0] > 0 && r[1] === probe.queueId && r[field[probe.kind]] >= probe.value)?.[0];
    if (shown === undefined || shown === 0) missed++;
    else {
      latencies[probe.kind]!.push(shown - probe.at);
      if (!slowest || shown - probe.at > slowest.ms) slowest = { ms: shown - probe.at, kind: probe.kind, after: (probe.at - startedAt) / 1000 };
    }
  }
  const all = Object.values(latencies)
    .flat()
    .sort((a, b) => a - b);
  const frames = seen.frames.slice(1);
  const longTasks = seen.longTasks;
  const line = (k: string, v: string) => process.stdout.write(`${k.padEnd(56)} ${v}\n`);
  line("on the wallboard", `${agentsOnBoard} agents, ${queueRows} queues (${QUEUES} on the bench line)`);
  line("set-up (routing start, logins, page loaded)", `${setupSeconds.toFixed(1)} s`);
  line(`traffic for ${driven.toFixed(0)} s`, `${commands} API commands (${(commands / driven).toFixed(0)}/s), ${events} live events (${(events / driven).toFixed(0)}/s)${skipped ? `, ${skipped} skipped` : ""}${failed ? `, ${failed} refused` : ""}`);
  line("event → screen, all timed events", `${all.length} timed${missed ? `, ${missed} never shown` : ""}`);
  line("  p50 / p95 / p99 / max", `${ms(pct(all, 50))} / ${ms(pct(all, 95))} / ${ms(pct(all, 99))} / ${ms(all.at(-1) ?? NaN)}`);
  line("  p95 against the goal (1 s)", `${(pct(all, 95) / GOAL_MS).toFixed(2)} × the goal  (goal <= 1.00)`);
  for (const [kind, list] of Object.entries(latencies)) {
    const sorted = list.sort((a, b) => a - b);
    line(`  ${kind === "agent" ? "agent state changes" : `contacts ${kind}`} (${sorted.length}) p50 / p95`, `${ms(pct(sorted, 50))} / ${ms(pct(sorted, 95))}`);
  }
  if (slowest) line("  the slowest", `${ms(slowest.ms)}: ${slowest.kind === "agent" ? "an agent's state change" : `a contact ${slowest.kind}`}, ${slowest.after.toFixed(1)} s into the traffic`);
  line("  of which event → live bus, p50 / p95", `${ms(pct(publishLag.sort((a, b) => a - b), 50))} / ${ms(pct(publishLag, 95))}`);
  const pageSeconds = frames.reduce((s, f) => s + f, 0) / 1000;
  line("page: long tasks (> 50 ms)", `${longTasks.length} (${(longTasks.length / pageSeconds).toFixed(2)}/s), ${ms(longTasks.reduce((s, d) => s + d, 0))} in all, longest ${ms(Math.max(0, ...longTasks))}`);
  const sortedFrames = [...frames].sort((a, b) => a - b);
  line("page: frames", `${(frames.length / pageSeconds).toFixed(0)}/s, p95 ${ms(pct(sortedFrames, 95))}, ${frames.filter((f) => f > 50).length} over 50 ms`);

  await browser.close();
  await app.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await runWallboardBench();

/**
 * Checks a change to the engine that must not change its behaviour: this engine against another copy of it
 * (main's `packages/routing/src`, copied outside the repository), both driven by the same random command
 * streams, compared after every command — events and errors, next wake-up, contact and agent views — and
 * every few commands — listings, queue statistics, queues and exported state — as JSON. Both engines are also
 * restored now and then from the other copy's exported state. Not a test file: it needs the other copy.
 *
 *   cp -r packages/routing/src /tmp/routing-before   # on main, before the change
 *   npx tsx packages/routing/test/compare-engines.ts /tmp/routing-before [seeds=30] [commands=2000]
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { RoutingEngine as New, type Channel, type Command, type CustomerChoice, type QueueConfig, type RoutingStep, type Strategy, type TenantConfig } from "../src";

type Engine = New;
type EngineClass = { new (): Engine; fromState(state: ReturnType<Engine["exportState"]>): Engine };

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Cmd = Command;
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0); // Friday 14:00 Jerusalem: Shabbat falls within the stream
const SHABBAT: TenantConfig = { tenantId: "t2", timeZone: "Asia/Jerusalem", calendar: { alwaysOpen: false, weekly: { "0": [["08:00", "20:00"]], "1": [["08:00", "20:00"]], "2": [["08:00", "20:00"]], "3": [["08:00", "20:00"]], "4": [["08:00", "20:00"]], "5": [["08:00", "14:30"]] }, closedOnShabbatAndHolidays: true, exceptions: {} }, afterHours: { kind: "message" } };
const ALWAYS: TenantConfig = { tenantId: "t1", timeZone: "Asia/Jerusalem", calendar: { alwaysOpen: true, weekly: {}, closedOnShabbatAndHolidays: false, exceptions: {} } };
const LANGS = ["he", "ru", "ar", "en"];
const CH: Channel[] = ["voice", "chat", "email", "callback", "message"];
const STRATS: Strategy[] = ["longest_idle", "least_occupied", "best_proficiency", "round_robin"];

function queueCfg(r: () => number, id: string, tenantId: string, variant: number): Cmd {
  const steps: RoutingStep[] = (
    [
    [{ target: { kind: "skills", minProficiency: 3 }, waitSeconds: 20 }, { target: { kind: "skills" }, waitSeconds: 60 }, { target: { kind: "queue", queueId: "q2" } }],
    [{ target: { kind: "team", teamId: "gold", minProficiency: 2 }, waitSeconds: 30 }, { target: { kind: "skills", skills: [{ skill: "region:north" }] }, waitSeconds: 40 }, { target: { kind: "overflow", to: "message" } }],
    [{ target: { kind: "agents", agentIds: ["a1", "a3"] }, waitSeconds: 15 }, { target: { kind: "skills" } }],
    [{ target: { kind: "skills" }, waitSeconds: 45 }, { target: { kind: "overflow", to: "callback" } }],
      [],
    ] satisfies RoutingStep[][]
  )[variant % 5]!;
  return {
    type: "configure_queue",
    queue: {
      id,
      tenantId,
      name: id, strategy: STRATS[variant % 4], steps,
      offerTimeoutSeconds: 5 + Math.floor(r() * 20), wrapUpSeconds: r() < 0.5 ? 0 : 3 + Math.floor(r() * 10),
      ...(r() < 0.5 ? { maxWaitSeconds: 100 + Math.floor(r() * 300), overflow: r() < 0.5 ? { kind: "queue" as const, queueId: "q3" } : { kind: "overflow" as const, to: r() < 0.5 ? ("message" as const) : ("callback" as const) } } : {}),
      ...(r() < 0.3 ? { protectedPriorityBoost: 7 } : {}),
      ...(r() < 0.3 ? { afterHours: { kind: "queue" as const, queueId: "q1" } } : {}),
      ...(r() < 0.3 ? { defaultHandleSeconds: 100 } : {}),
    } satisfies QueueConfig,
  };
}
function agentCfg(r: () => number, i: number): Cmd {
  const skills = [{ skill: "lang:he", proficiency: 1 + Math.floor(r() * 5) }];
  for (const l of LANGS.slice(1)) if (r() < 0.4) skills.push({ skill: `lang:${l}`, proficiency: 1 + Math.floor(r() * 5) });
  if (r() < 0.5) skills.push({ skill: "region:north", proficiency: 3 });
  return { type: "configure_agent", agent: { agentId: `a${i}`, skills, ...(r() < 0.5 ? { capacity: { chat: 1 + Math.floor(r() * 3), email: Math.floor(r() * 4) } } : {}), ...(r() < 0.4 ? { teamIds: ["gold"] } : {}), ...(r() < 0.2 ? { tenantIds: [r() < 0.5 ? "t1" : "t2"] } : {}) } };
}

function stable(x: unknown): string { return JSON.stringify(x); }

function runSeed(Old: EngineClass, seed: number, n: number): string | null {
  const r = rng(seed);
  let old: Engine = new Old();
  let neu: Engine = new New();
  let now = T0;
  const ids: string[] = [];
  const QUEUES = [["q1", "t1"], ["q2", "t1"], ["q3", "t1"], ["q4", "t2"]] as const;
  const setup: Cmd[] = [{ type: "configure_tenant", tenant: ALWAYS }, { type: "configure_tenant", tenant: SHABBAT }, ...QUEUES.map(([id, t], i) => queueCfg(r, id, t, i + seed)), ...Array.from({ length: 8 }, (_, i) => agentCfg(r, i))];
  let k = 0;
  const compare = (label: string, a: unknown, b: unknown) => {
    const sa = stable(a), sb = stable(b);
    if (sa !== sb) { let i = 0; while (sa[i] === sb[i]) i++; const from = Math.max(0, i - 300); throw new Error(`seed ${seed} cmd ${k} ${label} at ${i}:\nold ${sa.slice(from, i + 300)}\nnew ${sb.slice(from, i + 300)}`); }
  };
  const both = (c: Cmd) => {
    const a = old.handle(structuredClone(c), now);
    const b = neu.handle(structuredClone(c), now);
    compare(`handle ${c.type}`, a, b);
    return a;
  };
  try {
    for (const c of setup) both(c);
    for (k = 0; k < n; k++) {
      const x = r();
      const waiting = old.listWaiting();
      const pick = (f: (c: (typeof waiting)[number]) => boolean) => { const xs = waiting.filter(f); return xs.length ? xs[Math.floor(r() * xs.length)] : null; };
      let c: Cmd | null = null;
      if (x < 0.25) {
        const [q, t] = QUEUES[Math.floor(r() * QUEUES.length)]!;
        const id = r() < 0.02 && ids.length ? ids[Math.floor(r() * ids.length)]! : `c${seed}-${k}`;
        ids.push(id);
        const skills = r() < 0.15 ? [] : r() < 0.2 ? [{ skill: `lang:${LANGS[Math.floor(r() * 4)]}`, minProficiency: 2 }, { skill: "region:north" }] : [{ skill: `lang:${LANGS[Math.floor(r() * 4)]}` }];
        c = { type: "arrive", interaction: { id, tenantId: r() < 0.02 ? "t9" : t, queueId: r() < 0.01 ? "nope" : q, channel: CH[Math.floor(r() * (r() < 0.7 ? 2 : 5))]!, priority: r() < 0.1 ? 5 : r() < 0.5 ? undefined : 0, protectedCustomer: r() < 0.1, requiredSkills: skills, topic: r() < 0.3 ? "fault" : "general", ...(r() < 0.2 ? { arrivedAt: now - Math.floor(r() * 60_000) } : {}), ...(r() < 0.3 ? { customerRef: "cust" } : {}) } };
      } else if (x < 0.33) {
        const a = `a${Math.floor(r() * 8)}`;
        const st = (["available", "available", "available", "not_ready", "offline"] as const)[Math.floor(r() * 5)]!;
        c = { type: "agent_state", agentId: a, state: st, ...(st === "not_ready" && r() < 0.9 ? { reason: "break" } : {}) };
      } else if (x < 0.45) {
        const w = pick((w) => w.status === "offered");
        if (w) c = { type: r() < 0.85 ? "accept" : "reject", interactionId: w.interactionId, agentId: r() < 0.97 ? w.agentId! : "a0" };
      } else if (x < 0.55) {
        const w = pick((w) => w.status === "connected" || w.status === "wrap_up");
        if (w) { const y = r(); c = y < 0.4 ? { type: "complete", interactionId: w.interactionId, agentId: w.agentId!, ...(r() < 0.2 ? { reached: false } : {}) } : y < 0.8 ? { type: "wrap_up", interactionId: w.interactionId, agentId: w.agentId!, ...(r() < 0.5 ? { code: "ok" } : {}) } : { type: "hold", interactionId: w.interactionId, agentId: w.agentId!, held: r() < 0.6 }; }
      } else if (x < 0.6) {
        const w = pick(() => true);
        if (w) c = { type: "hangup", interactionId: r() < 0.97 ? w.interactionId : "ghost" };
      } else if (x < 0.64) {
        const w = pick((w) => w.status === "waiting" || w.status === "offered");
        if (w) c = { type: "customer_choice", interactionId: w.interactionId, choice: (["hold", "leave_message", "keep_place_callback", "scheduled_callback"] as const satisfies CustomerChoice[])[Math.floor(r() * 4)]! };
      } else if (x < 0.69) {
        const w = pick(() => true);
        const y = r();
        if (w) c = { type: "transfer", interactionId: w.interactionId, to: y < 0.4 ? { queueId: QUEUES[Math.floor(r() * 4)]![0] as string } : y < 0.8 ? { agentId: `a${Math.floor(r() * 8)}` } : { external: "+972" }, ...(r() < 0.5 && w.agentId ? { by: w.agentId } : {}), ...(r() < 0.5 ? { reason: "note" } : {}) };
      } else if (x < 0.71) {
        const i = Math.floor(r() * 4);
        c = r() < 0.8 ? queueCfg(r, QUEUES[i]![0], QUEUES[i]![1], Math.floor(r() * 5)) : { type: "remove_queue", queueId: QUEUES[i]![0] };
      } else if (x < 0.73) {
        c = agentCfg(r, Math.floor(r() * 8));
      } else if (x < 0.735) {
        // restore both from the old engine's exported state
        const s = old.exportState();
        compare("exportState", s, neu.exportState());
        old = Old.fromState(structuredClone(s));
        neu = New.fromState(structuredClone(s));
      } else {
        now += r() < 0.1 ? Math.floor(r() * 3_600_000) : Math.floor(r() * 30_000);
        c = { type: "tick" };
      }
      if (r() < 0.5) now += Math.floor(r() * 2000);
      if (c) both(c);
      compare("nextWakeAt", old.nextWakeAt(), neu.nextWakeAt());
      if (k % 7 === 0) {
        compare("listWaiting", old.listWaiting(), neu.listWaiting());
        for (const [q] of QUEUES) { compare("queueStats", old.queueStats(q), neu.queueStats(q)); compare("listWaiting q", old.listWaiting(q), neu.listWaiting(q)); }
        compare("listAgents", old.listAgents(), neu.listAgents());
        compare("listQueues", old.listQueues(), neu.listQueues());
      }
      for (const id of ids.slice(-40)) compare(`contact ${id}`, old.contact(id), neu.contact(id));
      for (const w of waiting.slice(0, 20)) compare(`contact ${w.interactionId}`, old.contact(w.interactionId), neu.contact(w.interactionId));
      compare("agent", old.agent(`a${k % 8}`), neu.agent(`a${k % 8}`));
      if (k % 50 === 0) compare("exportState", old.exportState(), neu.exportState());
    }
    compare("exportState", old.exportState(), neu.exportState());
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

const [other, seeds = "30", commands = "2000"] = process.argv.slice(2);
if (!other) throw new Error("usage: compare-engines.ts <other engine's src folder> [seeds] [commands]");
const { RoutingEngine: Old } = (await import(pathToFileURL(resolve(other, "index.ts")).href)) as { RoutingEngine: EngineClass };
let bad = 0;
for (let s = 1; s <= Number(seeds) && bad < 3; s++) {
  const m = runSeed(Old, s, Number(commands));
  if (m) {
    bad++;
    process.stdout.write(`${m}\n`);
  }
}
process.stdout.write(bad ? `DIFFERENT in ${bad} seeds\n` : `identical: ${seeds} seeds x ${commands} commands\n`);
process.exitCode = bad ? 1 : 0;

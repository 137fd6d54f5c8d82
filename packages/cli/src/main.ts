// The Moked command line: workforce figures without a server.
//   moked wfm staffing --volume 100 --aht 180 [--interval 30] [--sl 80/20] [--asa 30] [--occupancy 0.85] [--patience 120] [--shrinkage 0.3]
//   moked simulate scenario.json [--compare other.json]
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { requiredAgentsPerInterval, type SimulationResult, type SimulationScenario } from "@moked/wfm";

const USAGE = `usage:
  moked wfm staffing --volume <contacts per interval> --aht <seconds> [--interval 15|30|60] [--sl 80/20] [--asa <s>] [--occupancy <0..1>] [--patience <s>] [--shrinkage <0..1>]
  moked simulate <scenario.json> [--compare <other.json>]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function flags(args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) continue;
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) fail(`${a} needs a value`);
    out.set(a.slice(2), value);
    i++;
  }
  return out;
}

function num(f: Map<string, string>, name: string, fallback?: number): number | undefined {
  const raw = f.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number, got ${raw}`);
  return n;
}

function table(rows: Array<Record<string, string | number>>): string {
  const keys = Object.keys(rows[0] ?? {});
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(width[i]!)).join("  ");
  return [line(keys), line(width.map((w) => "-".repeat(w))), ...rows.map((r) => line(keys.map((k) => String(r[k]))))].join("\n");
}

function staffing(args: string[]): void {
  const f = flags(args);
  const volume = num(f, "volume") ?? fail("--volume is required");
  const aht = num(f, "aht") ?? fail("--aht is required");
  const interval = num(f, "interval", 30)!;
  if (![15, 30, 60].includes(interval)) fail("--interval must be 15, 30 or 60");
  const sl = f.get("sl") ?? (f.has("asa") || f.has("occupancy") ? undefined : "80/20");
  const slMatch = sl ? /^(\d{1,3})\/(\d+)$/.exec(sl) : null;
  if (sl && !slMatch) fail("--sl is percent/seconds, e.g. 80/20");
  const target = {
    ...(slMatch ? { serviceLevel: { fraction: Number(slMatch[1]) / 100, thresholdSeconds: Number(slMatch[2]) } } : {}),
    ...(f.has("asa") ? { maxAsaSeconds: num(f, "asa")! } : {}),
    ...(f.has("occupancy") ? { maxOccupancy: num(f, "occupancy")! } : {}),
    ...(f.has("patience") ? { patienceSeconds: num(f, "patience")! } : {}),
    shrinkage: num(f, "shrinkage", 0)!,
    intervalMinutes: interval as 15 | 30 | 60,
  };
  const [r] = requiredAgentsPerInterval([{ volume, ahtSeconds: aht }], target);
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`);
  process.stdout.write(
    `${table([
      {
        erlangs: r!.erlangs.toFixed(2),
        required: r!.required,
        scheduled: r!.scheduled,
        "service level": pct(r!.serviceLevel),
        "ASA (s)": r!.asaSeconds.toFixed(1),
        occupancy: pct(r!.occupancy),
        ...(r!.abandonRate !== undefined ? { abandon: pct(r!.abandonRate) } : {}),
      },
    ])}\n`,
  );
}

function runInWorker(scenario: SimulationScenario, label: string): Promise<SimulationResult> {
  const entry = new URL("../../wfm/src/simulation/index.ts", import.meta.url).href;
  const boot = `const { parentPort, workerData } = require("node:worker_threads");
import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); }).then((m) => parentPort.postMessage(m.simulate(workerData)));`;
  const started = Date.now();
  const spinner = setInterval(() => process.stderr.write(`\r${label}: simulating… ${((Date.now() - started) / 1000).toFixed(1)} s`), 200);
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: scenario });
    worker.once("message", (r: SimulationResult) => {
      clearInterval(spinner);
      process.stderr.write(`\r${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s      \n`);
      void worker.terminate();
      resolve(r);
    });
    worker.once("error", (e) => {
      clearInterval(spinner);
      reject(e);
    });
  });
}

function readScenario(path: string): SimulationScenario {
  let parsed: Partial<SimulationScenario>;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<SimulationScenario>;
  } catch (err) {
    fail(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed.intervals) || !Array.isArray(parsed.agents) || typeof parsed.ahtSeconds !== "number") fail(`${path}: a scenario needs intervals, agents and ahtSeconds`);
  return { seed: 1, start: Date.UTC(2026, 0, 4, 6), ...parsed } as SimulationScenario;
}

async function simulateCommand(args: string[]): Promise<void> {
  const file = args.find((a) => !a.startsWith("--")) ?? fail("give a scenario file");
  const f = flags(args);
  const scenarios: Array<[string, SimulationScenario]> = [[file, readScenario(file)]];
  if (f.has("compare")) scenarios.push([f.get("compare")!, readScenario(f.get("compare")!)]);
  const rows = [];
  for (const [label, s] of scenarios) {
    const r = await runInWorker(s, label);
    const t = r.total;
    const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
    rows.push({ scenario: label, offered: t.offered, answered: t.answered, "service level": pct(t.serviceLevel), "ASA (s)": t.asaSeconds === null ? "—" : t.asaSeconds.toFixed(1), abandon: pct(t.abandonRate), occupancy: pct(t.occupancy), "6-min breaches": t.deadlineBreaches });
  }
  process.stdout.write(`${table(rows)}\n`);
}

const [command, sub, ...rest] = process.argv.slice(2);
if (command === "wfm" && sub === "staffing") staffing(rest);
else if (command === "simulate") await simulateCommand([sub ?? "", ...rest].filter(Boolean));
else fail(command ? `unknown command: ${[command, sub].filter(Boolean).join(" ")}` : "no command given");

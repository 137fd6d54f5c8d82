// Workforce management: staffing a whole week of quarter-hours, and the simulator driving the real routing
// engine through a large day. Prints figures; nothing passes or fails.
import { pathToFileURL } from "node:url";
import { requiredAgentsPerInterval, simulate, type IntervalTraffic } from "@moked/wfm";

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);

/** A week of 15-minute intervals with a daytime bell, quieter Fridays and Saturdays, distinct volumes throughout. */
function week(): IntervalTraffic[] {
  return Array.from({ length: 672 }, (_, i) => {
    const day = Math.floor(i / 96);
    const hour = (i % 96) / 4;
    const shape = hour >= 7 && hour < 22 ? 0.1 + Math.sin((Math.PI * (hour - 7)) / 15) : 0.1;
    const dayFactor = day === 6 ? 0.2 : day === 5 ? 0.5 : 1;
    return { volume: Math.round(400 * shape * dayFactor + (i % 7)), ahtSeconds: 200 + (i % 11) * 5 };
  });
}

export async function runWfmBench(): Promise<void> {
  const traffic = week();
  const erlangCTarget = { serviceLevel: { fraction: 0.8, thresholdSeconds: 20 }, maxOccupancy: 0.9 };
  const erlangATarget = { serviceLevel: { fraction: 0.8, thresholdSeconds: 20 }, maxAbandonRate: 0.05, patienceSeconds: 120 };
  // The first call of each includes compiling the Erlang loops (what one API request in a fresh process
  // pays); the warm figure is the median of the runs after it.
  const timed = (target: typeof erlangCTarget | typeof erlangATarget) => {
    const runs: number[] = [];
    for (let r = 0; r < 11; r++) {
      const t0 = performance.now();
      requiredAgentsPerInterval(traffic, target);
      runs.push(performance.now() - t0);
    }
    const warm = runs.slice(1).sort((a, b) => a - b);
    return `${warm[5]!.toFixed(1)} ms warm, ${runs[0]!.toFixed(1)} ms first call (goal < 50 ms)`;
  };
  line("required agents, 672 intervals, Erlang C", timed(erlangCTarget));
  line("required agents, 672 intervals, Erlang A", timed(erlangATarget));

  simulatedDay(410, "peak occupancy");
  // The same day with shorter calls leaves ~270 agents idle at any time. The engine picks the longest-idle
  // agent by scanning every free agent on each arrival, so this shows how that scan scales.
  simulatedDay(200, "half the agents idle");
}

function simulatedDay(ahtSeconds: number, label: string): void {
  // 100,000 contacts over 24 hours on 500 agents: 1,042 per quarter-hour at 410 s AHT is 475 Erlangs, so calls queue.
  const intervals = Array.from({ length: 96 }, (_, i) => ({ startOffsetSeconds: i * 900, lengthSeconds: 900, volume: 100_000 / 96 }));
  const agents = Array.from({ length: 500 }, (_, i) => ({ id: `a${String(i).padStart(3, "0")}` }));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = simulate({ seed: 1, start: Date.UTC(2026, 10, 24, 22), intervals, ahtSeconds, patienceSeconds: 180, agents, queue: { serviceLevel: { percent: 80, thresholdSeconds: 20 } } });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  line(`simulated day, AHT ${ahtSeconds} s (${label})`, `${r.total.offered.toLocaleString("en-US")} contacts offered`);
  // On a shared machine the wall time includes waiting for a core; the CPU time is the work itself.
  line("simulated day: 500 agents, wall / CPU time", `${seconds.toFixed(2)} s / ${cpuSeconds.toFixed(2)} s (goal < 5 s)`);
  line("simulated day: engine commands / events", `${r.engine.commands.toLocaleString("en-US")} / ${r.engine.events.toLocaleString("en-US")}`);
  line("simulated day: engine events per second", Math.round(r.engine.events / seconds).toLocaleString("en-US"));
  line(
    "simulated day: SL 20 s / ASA / abandon / occ.",
    `${(r.total.serviceLevel! * 100).toFixed(1)} % / ${r.total.asaSeconds!.toFixed(1)} s / ${(r.total.abandonRate! * 100).toFixed(1)} % / ${(r.total.occupancy! * 100).toFixed(1)} %`,
  );
}

// Runnable on its own too: `npx tsx bench/wfm.ts`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await runWfmBench();

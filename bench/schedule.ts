// Shift scheduling: a week of 30-minute requirements peaking around 200 agents, optimised with HiGHS.
// Prints solve time and how far the plan's under- plus over-staffing is from the LP bound; nothing passes or fails.
import { pathToFileURL } from "node:url";
import { assignAgents, checkRules, optimiseShifts, requiredAgentsPerInterval, type Agent, type RequirementInterval, type ShiftTemplate } from "@moked/wfm";

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);

/** Sunday–Saturday, 336 half-hours: a daytime double hump, quieter Friday, near-empty Saturday. */
export function benchRequirements(): RequirementInterval[] {
  const traffic = Array.from({ length: 336 }, (_, i) => {
    const day = Math.floor(i / 48);
    const hour = (i % 48) / 2;
    const morning = Math.exp(-((hour - 10.5) ** 2) / 8);
    const evening = 0.8 * Math.exp(-((hour - 17) ** 2) / 10);
    const dayFactor = day === 6 ? 0.25 : day === 5 ? 0.55 : 1 - 0.04 * day;
    return { volume: Math.round((40 + 1160 * Math.max(morning, evening)) * dayFactor), ahtSeconds: 300 };
  });
  const staffing = requiredAgentsPerInterval(traffic, { intervalMinutes: 30, serviceLevel: { fraction: 0.8, thresholdSeconds: 20 } });
  return staffing.map((s, i) => ({ start: i * 30, required: s.required }));
}

export const benchTemplates: ShiftTemplate[] = [
  { id: "day-8h", lengthMinutes: 480, startWindow: { earliestMinute: 360, latestMinute: 780 }, breaks: [{ afterMinutes: 240, lengthMinutes: 30 }] },
  { id: "eve-8h", lengthMinutes: 480, startWindow: { earliestMinute: 780, latestMinute: 960 }, breaks: [{ afterMinutes: 240, lengthMinutes: 30 }] },
  { id: "part-6h", lengthMinutes: 360, startWindow: { earliestMinute: 420, latestMinute: 1080 }, breaks: [{ afterMinutes: 180, lengthMinutes: 30 }] },
  { id: "peak-4h", lengthMinutes: 240, startWindow: { earliestMinute: 480, latestMinute: 1080 }, days: [0, 1, 2, 3, 4] },
  { id: "night-9h", lengthMinutes: 540, startWindow: { earliestMinute: 1200, latestMinute: 1380 }, breaks: [{ afterMinutes: 270, lengthMinutes: 30 }] },
];

export async function runScheduleBench(): Promise<void> {
  const requirements = benchRequirements();
  const peak = Math.max(...requirements.map((r) => r.required));
  const r = await optimiseShifts({ intervalMinutes: 30, requirements, templates: benchTemplates, options: { timeLimitSeconds: 50, cyclic: true } });
  const shifts = r.starts.reduce((a, s) => a + s.count, 0);
  line("shift plan: week, 336 half-hours, peak", `${peak} agents required, ${shifts} shifts planned`);
  line("shift plan: solve time", `${(r.solveMs / 1000).toFixed(2)} s (goal < 60 s), status ${r.status}`);
  line("shift plan: under / over (agent-intervals)", `${r.under} / ${r.over}`);
  line("shift plan: objective vs LP bound", `${r.objective} vs ${r.lpBound.toFixed(1)}: gap ${(100 * r.gap).toFixed(2)} % (goal ≤ 2 %)`);
  line("shift plan: objective vs MIP dual bound", `${r.mipBound.toFixed(1)}: gap ${(100 * r.mipGap).toFixed(2)} %`);

  // Full-timers on 40 h, every fifth a part-timer on weekday daytimes only.
  const agents: Agent[] = Array.from({ length: Math.ceil(shifts / 4.5) }, (_, i) => ({
    id: `a${String(i).padStart(3, "0")}`,
    contractMinutesPerWeek: i % 5 === 0 ? 1440 : 2400,
    availability: i % 5 === 0 ? [0, 1, 2, 3, 4].map((day) => ({ day, fromMinute: 420, toMinute: 1140 })) : undefined,
  }));
  const t0 = performance.now();
  const a = assignAgents(r.starts, agents);
  const ms = performance.now() - t0;
  const violations = checkRules(a, undefined, agents).length;
  line(`assignment: ${shifts} shifts to ${agents.length} agents`, `${ms.toFixed(0)} ms, ${a.unassigned.length} unassigned, ${violations} rule violations`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await runScheduleBench();

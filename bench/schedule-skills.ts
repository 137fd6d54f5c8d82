// Per-skill shift scheduling: the week of bench/schedule.ts split into Hebrew, Arabic, Russian and English
// queues, each staffed by Erlang C on its own, covered by agents who speak one to three of the languages.
// Prints solve time, the gap to the LP bound and under/over per skill; nothing passes or fails.
import { pathToFileURL } from "node:url";
import { assignAgents, checkRules, optimiseShifts, requiredAgentsPerInterval, skillGroups, type Agent, type RequirementInterval } from "@moked/wfm";
import { benchTemplates } from "./schedule";

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);

/** Share of the traffic per language; Russian runs later into the evening, English is office hours. */
const LANGUAGES: Array<{ skill: string; share: number; evening: number }> = [
  { skill: "lang:he", share: 0.58, evening: 1 },
  { skill: "lang:ar", share: 0.14, evening: 0.9 },
  { skill: "lang:ru", share: 0.18, evening: 1.4 },
  { skill: "lang:en", share: 0.1, evening: 0.5 },
];

/** Sunday–Saturday, 336 half-hours, each language its own Erlang C queue (80 % in 20 s, AHT 300 s). */
export function benchSkillRequirements(): RequirementInterval[] {
  const perSkill = LANGUAGES.map((l) => {
    const traffic = Array.from({ length: 336 }, (_, i) => {
      const day = Math.floor(i / 48);
      const hour = (i % 48) / 2;
      const morning = Math.exp(-((hour - 10.5) ** 2) / 8);
      const evening = 0.8 * l.evening * Math.exp(-((hour - 17) ** 2) / 10);
      const dayFactor = day === 6 ? 0.25 : day === 5 ? 0.55 : 1 - 0.04 * day;
      return { volume: Math.round(l.share * (40 + 1000 * Math.max(morning, evening)) * dayFactor), ahtSeconds: 300 };
    });
    return requiredAgentsPerInterval(traffic, { intervalMinutes: 30, serviceLevel: { fraction: 0.8, thresholdSeconds: 20 } }).map((s) => s.required);
  });
  return Array.from({ length: 336 }, (_, i) => {
    const bySkill = Object.fromEntries(LANGUAGES.map((l, s) => [l.skill, perSkill[s]![i]!]));
    return { start: i * 30, required: Object.values(bySkill).reduce((a, b) => a + b, 0), bySkill };
  });
}

/** 520 agents: most speak Hebrew, many a second language, a few only Russian or Arabic. */
export function benchSkillAgents(): Agent[] {
  const mixes: Array<[string[], number]> = [
    [["lang:he"], 0.38],
    [["lang:he", "lang:ar"], 0.12],
    [["lang:he", "lang:ru"], 0.16],
    [["lang:he", "lang:en"], 0.14],
    [["lang:ru"], 0.06],
    [["lang:ar"], 0.04],
    [["lang:he", "lang:en", "lang:ru"], 0.06],
    [["lang:ar", "lang:en", "lang:he"], 0.04],
  ];
  const agents: Agent[] = [];
  for (const [skills, share] of mixes) {
    const n = Math.round(520 * share);
    for (let i = 0; i < n; i++) agents.push({ id: `a${String(agents.length).padStart(3, "0")}`, skills, contractMinutesPerWeek: agents.length % 5 === 0 ? 1440 : 2400 });
  }
  return agents;
}

export async function runScheduleSkillsBench(): Promise<void> {
  const requirements = benchSkillRequirements();
  const agents = benchSkillAgents();
  const groups = skillGroups(agents, LANGUAGES.map((l) => l.skill));
  const peak = Math.max(...requirements.map((r) => r.required));
  const r = await optimiseShifts({ intervalMinutes: 30, requirements, templates: benchTemplates, skillGroups: groups, options: { timeLimitSeconds: 50, cyclic: true } });
  const shifts = r.starts.reduce((a, s) => a + s.count, 0);
  line("per-skill plan: week, 4 languages, peak", `${peak} agents required, ${groups.length} skill groups, ${shifts} shifts planned`);
  line("per-skill plan: solve time", `${(r.solveMs / 1000).toFixed(2)} s (goal < 60 s), status ${r.status}`);
  line("per-skill plan: under / over (agent-intervals)", `${r.under} / ${r.over}`);
  line("per-skill plan: objective vs LP bound", `${r.objective} vs ${r.lpBound.toFixed(1)}: gap ${(100 * r.gap).toFixed(2)} % (goal ≤ 2 %)`);
  line("per-skill plan: objective vs MIP dual bound", `${r.mipBound.toFixed(1)}: gap ${(100 * r.mipGap).toFixed(2)} %`);
  for (const s of r.bySkill ?? []) {
    const need = s.coverage.reduce((a, c) => a + c.required, 0);
    line(`per-skill plan: ${s.skill} under / over`, `${s.under} / ${s.over} of ${need} agent-intervals required`);
  }

  const t0 = performance.now();
  const a = assignAgents(r.starts, agents);
  const ms = performance.now() - t0;
  const violations = checkRules(a, undefined, agents).length;
  line(`per-skill assignment: ${shifts} shifts, ${agents.length} agents`, `${ms.toFixed(0)} ms, ${a.unassigned.length} unassigned, ${violations} rule violations`);
  const left = new Map<string, number>();
  for (const s of a.unassigned) left.set((s.skills ?? []).join("+"), (left.get((s.skills ?? []).join("+")) ?? 0) + 1);
  if (left.size > 0) line("per-skill assignment: unassigned by skills", [...left].map(([k, v]) => `${k} ${v}`).join(", "));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await runScheduleSkillsBench();

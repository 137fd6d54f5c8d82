// `npm run bench`: every benchmark in turn; each prints its own figures. Nothing here passes or fails.
import { pathToFileURL } from "node:url";

const benches: Array<[string, string, string]> = [
  ["routing engine", "./routing-engine.ts", "runRoutingEngineBench"],
  ["durable path", "./durable-path.ts", "runDurablePathBench"],
  ["workforce management", "./wfm.ts", "runWfmBench"],
  ["shift schedule", "./schedule.ts", "runScheduleBench"],
  ["shift schedule per skill", "./schedule-skills.ts", "runScheduleSkillsBench"],
  ["mail", "./mail.ts", "runMailBench"],
  ["voice gateway", "./voice.ts", "runVoiceBench"],
  ["reports", "./reports.ts", "runReportsBench"],
  ["wallboard", "./wallboard.ts", "runWallboardBench"],
];

for (const [name, file, fn] of benches) {
  process.stdout.write(`\n=== ${name}\n`);
  const mod = (await import(pathToFileURL(new URL(file, import.meta.url).pathname).href)) as Record<string, () => Promise<unknown>>;
  await mod[fn]!();
}

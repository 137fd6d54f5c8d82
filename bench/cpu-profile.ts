import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/**
 * A CPU profile of this thread from now until `stop`, written as a .cpuprofile (DevTools, speedscope) — how the
 * benches profile their measured window alone, without start-up and seeding.
 */
export async function startCpuProfile(): Promise<{ stop(path: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop(path) {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(path, JSON.stringify(profile));
      session.disconnect();
      process.stdout.write(`CPU profile: ${path}\n`);
    },
  };
}

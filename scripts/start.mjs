// `npm start`: builds the web app when its sources are newer than the build, then runs the server in this
// process's place (signals and exit code pass straight through).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const web = join(root, "apps/web");

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const built = join(web, "dist/index.html");
if (!existsSync(built) || statSync(built).mtimeMs < newest(web)) {
  process.stdout.write("Building the web app…\n");
  const result = spawnSync("npm", ["run", "build", "-w", "@moked/web"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// `--build-only`: the end-to-end tests use this to get a current build without starting a server.
if (process.argv.includes("--build-only")) process.exit(0);

const server = spawn(process.execPath, ["--import", "tsx", join(root, "apps/server/src/main.ts")], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

import { spawn } from "node:child_process";
import { freeUdpPort, scenario, type SippRun } from "./sipp";

/**
 * Debian's sipp as the far end of a line's trunk for outbound calls: it waits for one INVITE on `port` and
 * plays `callee-<behaviour>.xml` (answer, busy, noanswer), echoing our RTP from its media port.
 */
export async function runTrunk(behaviour: "answer" | "busy" | "noanswer", vars: Record<string, string | number> = {}, sipPort?: number): Promise<SippRun & { port: number }> {
  const [port, mediaPort] = [sipPort ?? (await freeUdpPort()), await freeUdpPort()];
  const args = [
    "-sf", scenario(`callee-${behaviour}`),
    "-i", "127.0.0.1",
    "-p", String(port),
    "-mi", "127.0.0.1",
    "-mp", String(mediaPort),
    "-rtp_echo",
    "-m", "1",
    "-timeout", "60s",
    "-timeout_error",
    "-nostdin",
    ...Object.entries(vars).flatMap(([k, v]) => ["-set", k, String(v)]),
  ];
  const child = spawn("sipp", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on("exit", (code) => resolve({ code, output })));
  // sipp binds its port before reading the scenario through; give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { port, done, kill: () => child.kill("SIGKILL") };
}

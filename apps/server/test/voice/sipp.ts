import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { fileURLToPath } from "node:url";

/** The scenarios beside this file. */
export const scenario = (name: string) => fileURLToPath(new URL(`./${name}.xml`, import.meta.url));

/** A UDP port free right now (sipp needs its SIP and media ports named). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export interface SippRun {
  /** Resolves with sipp's exit code (0: every call succeeded) and its output. */
  done: Promise<{ code: number | null; output: string }>;
  kill(): void;
}

/**
 * Runs Debian's sipp (package sip-tester) against the gateway: `calls` calls of `scenarioFile` to `service`
 * (the dialled number), echoing our RTP back from its media port (-rtp_echo) so we can see it arrive.
 */
/** sipp's transport: UDP, TCP on one connection for all calls (`t1`), or one connection per call (`tn`). */
export type SippTransport = "u1" | "t1" | "tn";

/** Digest credentials sipp answers challenges with (`[authentication]` in a scenario). */
export interface SippAuth {
  user: string;
  password: string;
}

export const sippTransportArgs = (transport: SippTransport | undefined, auth: SippAuth | undefined) => [...(transport ? ["-t", transport] : []), ...(auth ? ["-au", auth.user, "-ap", auth.password] : [])];

export async function runSipp(options: {
  scenarioFile: string;
  target: string;
  service: string;
  calls?: number;
  rate?: number;
  vars?: Record<string, string | number>;
  defaults?: Record<string, string | number>;
  timeoutSeconds?: number;
  transport?: SippTransport;
  auth?: SippAuth;
}): Promise<SippRun> {
  const [sipPort, mediaPort] = [await freeUdpPort(), await freeUdpPort()];
  const calls = options.calls ?? 1;
  const args = [
    "-sf", options.scenarioFile,
    "-s", options.service,
    "-i", "127.0.0.1",
    "-p", String(sipPort),
    "-mi", "127.0.0.1",
    "-mp", String(mediaPort),
    "-rtp_echo",
    "-m", String(calls),
    "-l", String(calls),
    "-r", String(options.rate ?? calls),
    "-timeout", `${options.timeoutSeconds ?? 40}s`,
    "-timeout_error",
    "-nostdin",
    ...sippTransportArgs(options.transport, options.auth),
    // sipp refuses variables a scenario does not use: the caller scenario's are the defaults.
    ...Object.entries({ ...(options.defaults ?? { wait: 0, plays: 1, keep: 0 }), ...options.vars }).flatMap(([k, v]) => ["-set", k, String(v)]),
    options.target,
  ];
  const child = spawn("sipp", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on("exit", (code) => resolve({ code, output })));
  return { done, kill: () => child.kill("SIGKILL") };
}

import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { freeUdpPort, scenario, sippTransportArgs, type SippRun, type SippTransport } from "./sipp";

/**
 * Debian's sipp as the far end of a line's trunk for outbound calls: it waits for one INVITE on `port` and
 * plays `callee-<behaviour>.xml` (answer, busy, noanswer, auth), echoing our RTP from its media port;
 * `transport` "t1" listens on TCP instead of UDP.
 */
export async function runTrunk(behaviour: "answer" | "busy" | "noanswer" | "auth", vars: Record<string, string | number> = {}, sipPort?: number, transport?: SippTransport): Promise<SippRun & { port: number }> {
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
    ...sippTransportArgs(transport, undefined),
    ...Object.entries(vars).flatMap(([k, v]) => ["-set", k, String(v)]),
  ];
  const child = spawn("sipp", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on("exit", (code) => resolve({ code, output })));
  // Ready once sipp holds its SIP port (on a busy machine that can take seconds); an early exit is an error.
  let exited = false;
  void done.then(() => (exited = true));
  const deadline = Date.now() + 20_000;
  while (!(await (transport === "t1" || transport === "tn" ? tcpPortTaken(port) : portTaken(port)))) {
    if (exited) throw new Error(`sipp did not start:\n${output}`);
    if (Date.now() > deadline) throw new Error(`sipp did not take port ${port} in 20 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, done, kill: () => child.kill("SIGKILL") };
}

/** Whether something listens on a UDP port of 127.0.0.1 (our own bind fails). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => resolve(true));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(false)));
  });
}

/** Whether something listens on a TCP port of 127.0.0.1 (our own listen fails; nothing connects to sipp). */
function tcpPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createTcpServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}

export interface SmsSink {
  url: string;
  /** What arrived, in order: the idempotency key, the number, the text, and what we answered. */
  received: Array<{ key: string; to: string; text: string; status: number }>;
  close(): Promise<void>;
}

/** A real HTTP server standing in for the SMS provider; `refuseFirst` answers the first delivery 503 (to see the retry). */
export async function smsSink(options: { refuseFirst?: boolean } = {}): Promise<SmsSink> {
  const received: SmsSink["received"] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const parsed = JSON.parse(body) as { to: string; text: string };
      const status = options.refuseFirst && received.length === 0 ? 503 : 200;
      received.push({ key: String(req.headers["idempotency-key"]), to: parsed.to, text: parsed.text, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

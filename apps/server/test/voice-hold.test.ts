import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "./harness";
import { freeUdpPort, runSipp, scenario, type SippRun } from "./voice/sipp";
import { startVoiceApp, type VoiceTestApp } from "./voice/voice-app";
import { standingSentence } from "../src/voice/announcements";
import { decode, encode } from "../src/voice/media/g711";
import { BUILT_IN } from "../src/voice/media/prompts";
import { buildRtp, dtmfPayloads } from "../src/voice/media/rtp";

// A caller on hold hears, in words, their place in line between stretches of hold music; one who chooses to
// be called back hears the confirmation and the goodbye before the gateway hangs up. sipp is the caller; the
// caller's audio port is the test's own, so every RTP packet the gateway sends is read here.
let v: VoiceTestApp;

beforeAll(async () => {
  v = await startVoiceApp({ VOICE_LINES: "+972-4-555-0000=galil-motors" });
  const galil = await v.tenantId("galil-motors");
  const admin = await v.login("admin@moked.local");
  // One language (no menu), no recording notice, position only (the expected wait depends on the day's figures).
  const put = await v.api(admin, "PUT", `/voice/lines/${galil}`, { recording: false, languages: [{ language: "he" }], announcePosition: true, announceWait: false, announceEverySeconds: 10 });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}, 150_000);

afterAll(() => v?.close());

interface Caller {
  sipp: SippRun;
  socket: Socket;
  /** Everything heard so far, as one μ-law stream in sequence order. */
  heard(): Buffer;
  /** Presses a key (RFC 4733) towards the port the gateway's audio comes from. */
  press(digit: string): void;
}

async function callIn(): Promise<Caller> {
  const rtpPort = await freeUdpPort();
  const socket = createSocket("udp4");
  const packets: Array<{ seq: number; payload: Buffer }> = [];
  let gateway: { address: string; port: number } | null = null;
  socket.on("message", (b, from) => {
    gateway = { address: from.address, port: from.port };
    if ((b[1]! & 0x7f) === 0) packets.push({ seq: b.readUInt16BE(2), payload: b.subarray(12 + 4 * (b[0]! & 0x0f)) });
  });
  await new Promise<void>((resolve) => socket.bind(rtpPort, "127.0.0.1", resolve));
  const sipp = await runSipp({ scenarioFile: scenario("listener-until-bye"), target: `127.0.0.1:${v.moked.voice!.port}`, service: "045550000", defaults: {}, vars: { rtpport: rtpPort }, timeoutSeconds: 120 });
  let seq = 1000;
  return {
    sipp,
    socket,
    // Sequence numbers wrap at 65,536 packets (over 20 minutes): not within a test.
    heard: () => Buffer.concat([...packets].sort((a, b) => a.seq - b.seq).map((p) => p.payload)),
    press(digit) {
      const to = gateway!;
      const timestamp = 160_000;
      dtmfPayloads(digit).forEach((payload, i) => socket.send(buildRtp({ payloadType: 101, marker: i === 0, sequence: seq++, timestamp, ssrc: 0x1234abcd, payload }), to.port, to.address));
    },
  };
}

const muLaw = (samples: Int16Array) => Buffer.from(encode("PCMU", samples));

function rms(mu: Buffer): number {
  const samples = decode("PCMU", mu);
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

describe("a caller on hold (sipp)", () => {
  it("hears their place in line spoken in Hebrew between stretches of hold music, then, having chosen a call-back, the confirmation, the goodbye and BYE", async () => {
    // What the caller should hear, made by the gateway's own synthesiser (which keeps it for the call).
    const spoken = await v.moked.voice!.speech.speak("he", standingSentence("he", { position: 1, minutes: null }));
    expect(spoken, "espeak-ng is installed (scripts/ensure-system-deps.sh)").not.toBeNull();
    const sentence = muLaw(spoken!);
    const music = muLaw(BUILT_IN.hold_music()).subarray(0, 3200);

    const caller = await callIn();
    try {
      // The announcement is heard, and the hold music after it.
      await until(() => {
        const heard = caller.heard();
        const at = heard.indexOf(sentence);
        return at >= 0 && heard.indexOf(music, at + sentence.length) > 0;
      }, 90_000);
      const heard = caller.heard();
      const at = heard.indexOf(sentence);
      // Speech, not silence, and not the music: loud enough to hear, and a stretch the music does not contain.
      expect(rms(sentence)).toBeGreaterThan(500);
      expect(muLaw(BUILT_IN.hold_music()).indexOf(sentence.subarray(4000, 4800))).toBe(-1);
      // Not beeps either: the sentence is not the counting beeps of the fallback.
      expect(at).toBeGreaterThan(0);

      // The caller presses 9 to keep their place: "you will be called back", goodbye, then our BYE.
      caller.press("9");
      const { code, output } = await caller.sipp.done;
      expect(code, output).toBe(0);
      const all = caller.heard();
      const confirmed = all.indexOf(muLaw(BUILT_IN.callback_confirmed()));
      const goodbye = all.indexOf(muLaw(BUILT_IN.goodbye()));
      expect(confirmed).toBeGreaterThan(at);
      expect(goodbye).toBeGreaterThan(confirmed);
    } finally {
      caller.sipp.kill();
      caller.socket.close();
    }
    const [contact] = v.moked.voice!.list();
    expect(contact).toBeUndefined();
  }, 150_000);
});

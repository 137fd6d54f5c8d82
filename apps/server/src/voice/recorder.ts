import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { callRecordings, type Db } from "@moked/db";
import type { CallTap } from "./call";
import { decode } from "./media/g711";
import { pcmWav } from "./media/wav";
import type { Codec } from "./sip/sdp";

const RATE = 8000;

/**
 * Both sides of a call as a two-channel WAV: the caller left, the agent right. Frames land where the wall
 * clock says they belong, so a side that went quiet (hold, mute, a lost stretch) is silence in the file and
 * the two channels stay in step.
 */
export class CallRecorder implements CallTap {
  /** `outbound` when an agent called the customer (a call-back), `inbound` when the customer rang the line. */
  constructor(readonly direction: "inbound" | "outbound" = "inbound") {}

  private readonly started = process.hrtime.bigint();
  readonly startedAt = new Date();
  private channels: [Int16Array, Int16Array] = [new Int16Array(RATE * 30), new Int16Array(RATE * 30)];
  private cursors: [number, number] = [0, 0];
  private readonly frame = new Int16Array(160);

  caller(payload: Uint8Array, codec: Codec): void {
    this.write(0, payload, codec);
  }

  agent(payload: Uint8Array, codec: Codec): void {
    this.write(1, payload, codec);
  }

  private write(channel: 0 | 1, payload: Uint8Array, codec: Codec): void {
    const samples = decode(codec, payload, payload.length === 160 ? this.frame : new Int16Array(payload.length));
    const due = Number((process.hrtime.bigint() - this.started) / 125_000n) - samples.length;
    // More than 200 ms behind the clock: the side was silent; jump ahead (the gap stays zero, i.e. silence).
    if (due - this.cursors[channel] > 1600) this.cursors[channel] = due;
    const at = this.cursors[channel];
    this.ensure(at + samples.length);
    this.channels[channel].set(samples, at);
    this.cursors[channel] = at + samples.length;
  }

  private ensure(length: number): void {
    if (length <= this.channels[0].length) return;
    const size = Math.max(length, this.channels[0].length * 2);
    this.channels = this.channels.map((c) => {
      const grown = new Int16Array(size);
      grown.set(c);
      return grown;
    }) as [Int16Array, Int16Array];
  }

  /** The WAV file's bytes (PCM 16-bit, 8 kHz, two channels). */
  wav(): Buffer {
    const frames = Math.max(this.cursors[0], this.cursors[1]);
    const buf = pcmWav(2, frames, RATE);
    const [left, right] = this.channels;
    for (let i = 0; i < frames; i++) {
      buf.writeInt16LE(left[i]!, 44 + i * 4);
      buf.writeInt16LE(right[i]!, 46 + i * 4);
    }
    return buf;
  }

  /** Writes the file under the data directory and records it with the interaction. */
  async save(db: Db, dataDir: string, call: { tenantId: string; interactionId: string; agentId?: string | null }): Promise<string> {
    const file = join("voice", "recordings", call.tenantId, `${call.interactionId}-${this.startedAt.getTime()}.wav`);
    const wav = this.wav();
    await mkdir(dirname(join(dataDir, file)), { recursive: true });
    await writeFile(join(dataDir, file), wav);
    const frames = (wav.length - 44) / 4;
    const [row] = await db
      .insert(callRecordings)
      .values({ tenantId: call.tenantId, interactionId: call.interactionId, agentId: call.agentId ?? null, direction: this.direction, file, startedAt: this.startedAt, endedAt: new Date(), durationMs: Math.round((frames / RATE) * 1000), bytes: wav.length })
      .returning({ id: callRecordings.id });
    return row!.id;
  }
}

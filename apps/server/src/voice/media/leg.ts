import { createSocket, type Socket } from "node:dgram";
import type { Codec } from "../sip/sdp";
import { mediaClock } from "./clock";
import { encode, SILENCE } from "./g711";
import { buildRtp, DtmfReceiver, dtmfPayloads, parseRtp } from "./rtp";

export interface LegStats {
  packetsIn: number;
  packetsOut: number;
  /** Packets missing by sequence number among those received (a loss estimate, RFC 3550 style). */
  lost: number;
  dtmfIn: number;
  /** Our own packets coming back (a peer echoing our media): proof that what we send arrives. */
  looped: number;
}

interface Clip {
  samples: Int16Array;
  at: number;
  loop: boolean;
  done: () => void;
}

/**
 * One RTP stream with a SIP peer: its UDP socket, what we send (prompts and music from the player, or the
 * agent's audio while bridged) and what we receive (audio to the bridge and recorder, RFC 4733 digits).
 */
export class RtpLeg {
  private readonly socket: Socket;
  private readonly dtmf = new DtmfReceiver();
  private readonly ssrc = (Math.random() * 2 ** 32) >>> 0;
  private sequence = Math.floor(Math.random() * 65535);
  private timestamp = (Math.random() * 2 ** 32) >>> 0;
  private clips: Clip[] = [];
  private stopClock: (() => void) | null = null;
  private highestSeq: number | null = null;
  private firstSeq: number | null = null;
  private cycles = 0;
  private audioSsrc: number | null = null;
  private audioIn = 0;
  private lostBefore = 0;
  private frame = new Int16Array(160);
  /** While bridged, the other side's frames are sent as they come and the player stays quiet. */
  bridged = false;
  remote: { address: string; port: number } | null = null;
  codec: Codec = "PCMU";
  payloadType = 0;
  dtmfPayloadType: number | null = null;
  readonly stats: LegStats = { packetsIn: 0, packetsOut: 0, lost: 0, dtmfIn: 0, looped: 0 };
  onAudio: (payload: Buffer, codec: Codec) => void = () => {};
  onDigit: (digit: string) => void = () => {};
  /** What we sent, decoded, for the recorder. */
  onSent: (payload: Uint8Array, codec: Codec) => void = () => {};

  private constructor() {
    this.socket = createSocket("udp4");
    this.socket.on("message", (buf) => this.receive(buf));
    this.socket.on("error", () => {});
  }

  static async open(host: string): Promise<RtpLeg> {
    const leg = new RtpLeg();
    await new Promise<void>((resolve, reject) => {
      leg.socket.once("error", reject);
      leg.socket.bind(0, host, () => resolve());
    });
    return leg;
  }

  get port(): number {
    return this.socket.address().port;
  }

  start(): void {
    if (!this.stopClock) this.stopClock = mediaClock.add(() => this.tick());
  }

  /** Plays a clip; resolves when it has been sent in full (or was cut short by `stopPlayback`). */
  play(samples: Int16Array, options: { loop?: boolean } = {}): Promise<void> {
    return new Promise((resolve) => this.clips.push({ samples, at: 0, loop: options.loop ?? false, done: resolve }));
  }

  stopPlayback(): void {
    const clips = this.clips;
    this.clips = [];
    for (const c of clips) c.done();
  }

  /** Sends one frame of the other side's audio (already in this leg's codec). */
  sendFrame(payload: Uint8Array): void {
    this.sendRtp(this.payloadType, payload, false);
    this.timestamp += payload.length;
  }

  sendDigit(digit: string): void {
    if (this.dtmfPayloadType === null) return;
    const payloads = dtmfPayloads(digit);
    payloads.forEach((p, i) => this.sendRtp(this.dtmfPayloadType!, p, i === 0));
    this.timestamp += 160 * payloads.length;
  }

  close(): void {
    this.stopPlayback();
    this.stopClock?.();
    this.stopClock = null;
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }

  private tick(): void {
    if (this.bridged || !this.remote) return;
    const clip = this.clips[0];
    const frame = this.frame;
    if (!clip) frame.fill(0);
    else {
      let filled = 0;
      while (filled < 160 && this.clips[0]) {
        const c = this.clips[0];
        const take = Math.min(160 - filled, c.samples.length - c.at);
        frame.set(c.samples.subarray(c.at, c.at + take), filled);
        filled += take;
        c.at += take;
        if (c.at >= c.samples.length) {
          if (c.loop) c.at = 0;
          else {
            this.clips.shift();
            c.done();
          }
        }
        if (take === 0) break;
      }
      frame.fill(0, filled);
    }
    const payload = clip ? encode(this.codec, frame) : new Uint8Array(160).fill(SILENCE[this.codec]);
    this.sendRtp(this.payloadType, payload, false);
    this.timestamp += 160;
  }

  private sendRtp(payloadType: number, payload: Uint8Array, marker: boolean): void {
    if (!this.remote) return;
    this.sequence = (this.sequence + 1) & 0xffff;
    const packet = buildRtp({ payloadType, marker, sequence: this.sequence, timestamp: this.timestamp, ssrc: this.ssrc, payload });
    this.socket.send(packet, this.remote.port, this.remote.address);
    this.stats.packetsOut++;
    if (payloadType === this.payloadType) this.onSent(payload, this.codec);
  }

  private receive(buf: Buffer): void {
    const packet = parseRtp(buf);
    if (!packet) return;
    if (packet.ssrc === this.ssrc) {
      this.stats.looped++;
      return;
    }
    this.stats.packetsIn++;
    if (packet.payloadType === this.dtmfPayloadType) {
      const digit = this.dtmf.accept(packet);
      if (digit) {
        this.stats.dtmfIn++;
        this.onDigit(digit);
      }
      return;
    }
    if (packet.payloadType === 0 || packet.payloadType === 8 || packet.payloadType === this.payloadType) {
      this.countSequence(packet.ssrc, packet.sequence);
      this.onAudio(packet.payload, packet.payloadType === 8 ? "PCMA" : packet.payloadType === 0 ? "PCMU" : this.codec);
    }
  }

  private countSequence(ssrc: number, seq: number): void {
    this.audioIn++;
    if (ssrc !== this.audioSsrc || this.highestSeq === null || this.firstSeq === null) {
      // A new source (a new stream from the peer): loss is counted per stream.
      this.lostBefore = this.stats.lost;
      this.audioSsrc = ssrc;
      this.audioIn = 1;
      this.cycles = 0;
      this.highestSeq = seq;
      this.firstSeq = seq;
      return;
    }
    const delta = (seq - this.highestSeq) & 0xffff;
    if (delta > 0 && delta < 0x8000) {
      if (seq < this.highestSeq) this.cycles++;
      this.highestSeq = seq;
    }
    const expected = this.cycles * 65536 + this.highestSeq - this.firstSeq + 1;
    this.stats.lost = this.lostBefore + Math.max(0, expected - this.audioIn);
  }
}

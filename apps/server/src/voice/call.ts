import type { VoiceLineConfig } from "@moked/contracts";
import type { RtpLeg } from "./media/leg";
import { transcode } from "./media/g711";
import type { Codec } from "./sip/sdp";
import type { BrowserLeg } from "./webrtc";
import type { Peer } from "./sip/endpoint";

export type CallState = "menu" | "queued" | "connected" | "ended";

/** Where a call's audio goes besides the other party: the recorder (caller left, agent right). */
export interface CallTap {
  caller(payload: Uint8Array, codec: Codec): void;
  agent(payload: Uint8Array, codec: Codec): void;
}

/** A SIP dialog's identity and route, enough to send in-dialog requests (BYE) to the peer. */
export interface Dialog {
  callId: string;
  localTag: string;
  remoteTag: string | null;
  /** Our From for requests we send: the To of the peer's INVITE, with our tag. */
  local: string;
  /** Their From, with their tag: our To. */
  remote: string;
  remoteTarget: string;
  routeSet: string[];
  peer: Peer;
  localSeq: number;
}

/**
 * One phone call through the gateway: its dialog, its RTP leg, where it is (menu, queue, with an agent)
 * and what the caller chose. The statutory clock starts at `arrivedAt` — the INVITE reaching us — not when
 * the menus end.
 */
export class Call {
  state: CallState = "menu";
  interactionId: string | null = null;
  language: string | null = null;
  region: string | null = null;
  menuEndedAt: number | null = null;
  answeredAt: number | null = null;
  agentId: string | null = null;
  /** The agent's softphone (WebRTC, PCMU), once connected. */
  agent: BrowserLeg | null = null;
  /** Supervisors listening in silence: track 0 hears the caller, track 1 the agent. */
  readonly listeners = new Set<BrowserLeg>();
  tap: CallTap | null = null;
  /** On hold the caller hears music and the two sides do not hear each other. */
  held = false;
  keepingPlace = false;
  /** Whether routing has heard of this call (its `arrive` was submitted). */
  routed = false;
  /** Saying goodbye before our BYE: nothing else is played from here on. */
  closing = false;
  private farewellPlayed: Promise<void> | null = null;
  private digits: string[] = [];
  /** The recording notice is heard in full: a key does not cut it short. */
  private interruptible = true;
  private waiter: ((digit: string | null) => void) | null = null;
  private endedListeners: Array<() => void> = [];
  onDigit: (digit: string) => void = () => {};

  constructor(
    readonly dialog: Dialog,
    readonly leg: RtpLeg,
    readonly tenantId: string,
    readonly config: VoiceLineConfig,
    readonly caller: string,
    readonly called: string,
    readonly arrivedAt: number,
  ) {
    leg.onDigit = (digit) => this.digit(digit);
    leg.onAudio = (payload, codec) => this.fromCaller(payload, codec);
  }

  /** The caller's audio: to the agent (PCMU, a table lookup from A-law), the listeners and the recorder. */
  private fromCaller(payload: Uint8Array, codec: Codec): void {
    if (this.state !== "connected") return;
    const mu = transcode(codec, "PCMU", payload);
    if (!this.held) this.agent?.sendFrame(mu);
    for (const l of this.listeners) l.sendFrame(mu, 0);
    this.tap?.caller(payload, codec);
  }

  /** The agent's audio (PCMU from the browser): to the caller in the trunk's codec, the listeners, the recorder. */
  fromAgent(payload: Uint8Array): void {
    if (this.state !== "connected" || this.held) return;
    this.leg.sendFrame(transcode("PCMU", this.leg.codec, payload));
    for (const l of this.listeners) l.sendFrame(payload, 1);
    this.tap?.agent(payload, "PCMU");
  }

  get ended(): boolean {
    return this.state === "ended";
  }

  /** The next key the caller presses, or null after `timeoutMs` (or when the call ends). */
  nextDigit(timeoutMs: number): Promise<string | null> {
    const queued = this.digits.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null), timeoutMs);
      const finish = (digit: string | null) => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(digit);
      };
      this.waiter = finish;
    });
  }

  /** Whether a key is waiting (pressed during a prompt). */
  hasDigit(): boolean {
    return this.digits.length > 0;
  }

  clearDigits(): void {
    this.digits = [];
  }

  /** Plays a prompt; a key pressed during it cuts it short when `interruptible`. */
  async say(samples: Int16Array, interruptible = true): Promise<void> {
    if (this.ended || this.closing) return;
    if (interruptible && this.hasDigit()) return;
    this.interruptible = interruptible;
    await this.leg.play(samples);
    this.interruptible = true;
  }

  /**
   * The last thing the caller hears before we hang up: whatever was playing (hold music, a prompt) stops,
   * and `samples` is played in full — a key does not cut it short. Asked twice, it is played once.
   */
  farewell(samples: Int16Array): Promise<void> {
    if (this.ended) return Promise.resolve();
    if (!this.farewellPlayed) {
      this.closing = true;
      this.interruptible = false;
      this.leg.stopPlayback();
      this.farewellPlayed = this.leg.play(samples);
    }
    return this.farewellPlayed;
  }

  whenEnded(listener: () => void): void {
    if (this.ended) listener();
    else this.endedListeners.push(listener);
  }

  end(): void {
    if (this.ended) return;
    this.state = "ended";
    this.waiter?.(null);
    this.leg.close();
    this.agent?.close();
    for (const l of this.listeners) l.close();
    for (const l of this.endedListeners.splice(0)) l();
  }

  private digit(digit: string): void {
    this.onDigit(digit);
    if (this.state === "connected") {
      return;
    }
    if (this.waiter) this.waiter(digit);
    else this.digits.push(digit);
    // A key cuts a prompt or the hold music short.
    if ((this.state === "menu" || this.state === "queued") && this.interruptible) this.leg.stopPlayback();
  }
}

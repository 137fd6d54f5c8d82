import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpTransceiver } from "werift";
import { buildRtp } from "./media/rtp";

export interface BrowserLegStats {
  packetsIn: number;
  packetsOut: number;
}

/**
 * One browser's audio over WebRTC (werift): DTLS-SRTP and ICE to the page, PCMU only, so the trunk's G.711
 * passes through without transcoding. Non-trickle: the answer carries every candidate.
 */
export class BrowserLeg {
  readonly stats: BrowserLegStats = { packetsIn: 0, packetsOut: 0 };
  private readonly clocks: Array<{ sequence: number; timestamp: number }>;
  private closed = false;
  /** Frames from the browser (PCMU, 20 ms), per transceiver index. */
  onFrame: (payload: Buffer, track: number) => void = () => {};
  onClose: () => void = () => {};

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly transceivers: RTCRtpTransceiver[],
  ) {
    this.clocks = transceivers.map(() => ({ sequence: Math.floor(Math.random() * 65535), timestamp: (Math.random() * 2 ** 32) >>> 0 }));
    pc.connectionStateChange.subscribe((state) => {
      if (state === "failed" || state === "closed") this.close();
    });
  }

  /** Answers a page's offer. `tracks`: how many audio streams the page offered (a supervisor hears two). */
  static async answer(offerSdp: string, options: { hostAddresses: string[]; direction: "sendrecv" | "sendonly" }): Promise<{ leg: BrowserLeg; sdp: string }> {
    const pc = new RTCPeerConnection({
      codecs: { audio: [new RTCRtpCodecParameters({ mimeType: "audio/PCMU", clockRate: 8000, channels: 1, payloadType: 0 })], video: [] },
      iceAdditionalHostAddresses: options.hostAddresses,
      iceUseIpv6: false,
    });
    // Remote tracks appear while the offer is applied: listen first, route by transceiver once the leg exists.
    const early: Array<{ track: MediaStreamTrack; transceiver: RTCRtpTransceiver }> = [];
    const onRemote = (track: MediaStreamTrack, transceiver: RTCRtpTransceiver) => early.push({ track, transceiver });
    const subscription = pc.onRemoteTransceiverAdded.subscribe((t) => t.onTrack.subscribe((track) => onRemote(track, t)));
    await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    subscription.unSubscribe();
    const transceivers = pc.getTransceivers().filter((t) => t.kind === "audio");
    const leg = new BrowserLeg(pc, transceivers);
    const attach = (track: MediaStreamTrack, transceiver: RTCRtpTransceiver) => {
      const index = transceivers.indexOf(transceiver);
      track.onReceiveRtp.subscribe((rtp) => {
        leg.stats.packetsIn++;
        leg.onFrame(rtp.payload, index);
      });
    };
    for (const e of early) attach(e.track, e.transceiver);
    transceivers.forEach((t) => {
      t.sender.replaceTrack(new MediaStreamTrack({ kind: "audio" }));
      t.setDirection(options.direction);
      t.onTrack.subscribe((track) => attach(track, t));
    });
    await pc.setLocalDescription(await pc.createAnswer());
    if (pc.iceGatheringState !== "complete") await new Promise<void>((resolve) => pc.iceGatheringStateChange.subscribe((s) => s === "complete" && resolve()));
    return { leg, sdp: pc.localDescription!.sdp };
  }

  /** Sends a 20 ms PCMU frame to the page on transceiver `track`. */
  sendFrame(payload: Uint8Array, track = 0): void {
    const t = this.transceivers[track];
    const clock = this.clocks[track];
    if (!t || !clock || this.closed) return;
    clock.sequence = (clock.sequence + 1) & 0xffff;
    clock.timestamp = (clock.timestamp + payload.length) >>> 0;
    void t.sender.sendRtp(buildRtp({ payloadType: 0, marker: false, sequence: clock.sequence, timestamp: clock.timestamp, ssrc: 0, payload })).catch(() => {});
    this.stats.packetsOut++;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.pc.close().catch(() => {});
    this.onClose();
  }
}

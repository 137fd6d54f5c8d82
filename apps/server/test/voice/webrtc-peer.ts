import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from "werift";

/**
 * A real WebRTC peer (werift) standing in for a browser in server tests: it offers `streams` PCMU audio
 * streams, takes the answer from `signal`, counts what arrives on each, and can send a tone.
 */
export async function webrtcPeer(options: { streams: number; direction: "sendrecv" | "recvonly"; signal(offer: string): Promise<string>; waitConnected?: boolean }) {
  const pc = new RTCPeerConnection({ codecs: { audio: [new RTCRtpCodecParameters({ mimeType: "audio/PCMU", clockRate: 8000, channels: 1, payloadType: 0 })], video: [] }, iceAdditionalHostAddresses: ["127.0.0.1"], iceUseIpv6: false });
  const received = new Array<number>(options.streams).fill(0);
  const transceivers = Array.from({ length: options.streams }, (_, i) => {
    const t = pc.addTransceiver(options.direction === "sendrecv" ? new MediaStreamTrack({ kind: "audio" }) : "audio", { direction: options.direction });
    t.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => received[i]!++));
    return t;
  });
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== "complete") await new Promise<void>((resolve) => pc.iceGatheringStateChange.subscribe((s) => s === "complete" && resolve()));
  await pc.setRemoteDescription({ type: "answer", sdp: await options.signal(pc.localDescription!.sdp) });
  if (options.waitConnected !== false) await new Promise<void>((resolve) => (pc.connectionState === "connected" ? resolve() : pc.connectionStateChange.subscribe((s) => s === "connected" && resolve())));
  let timer: NodeJS.Timeout | null = null;
  return {
    received,
    /** A 440 Hz μ-law tone, one 20 ms packet at a time. */
    startTone() {
      let seq = 0;
      let n = 0;
      timer = setInterval(() => {
        const payload = Buffer.alloc(160);
        for (let i = 0; i < 160; i++, n++) payload[i] = Math.sin((2 * Math.PI * 440 * n) / 8000) > 0 ? 0x8f : 0x0f;
        void transceivers[0]!.sender.sendRtp(new RtpPacket(new RtpHeader({ payloadType: 0, sequenceNumber: seq++ & 0xffff, timestamp: n >>> 0 }), payload));
      }, 20);
    },
    async close() {
      if (timer) clearInterval(timer);
      await pc.close();
    },
  };
}

/** Waits until the browser has gathered its ICE candidates, so the offer is complete in one round trip. */
export function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => pc.iceGatheringState === "complete" && resolve();
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, 3000);
  });
}

/** The gateway speaks G.711 μ-law only: offer it first so nothing is transcoded on the way. */
export function pcmuFirst(pc: RTCPeerConnection): void {
  const pcmu = RTCRtpReceiver.getCapabilities("audio")?.codecs.filter((c) => c.mimeType.toLowerCase() === "audio/pcmu") ?? [];
  if (pcmu.length) for (const transceiver of pc.getTransceivers()) transceiver.setCodecPreferences(pcmu);
}

/** Audio packets received and sent so far on the connection (for the "can they hear me" counters). */
export async function audioPackets(pc: RTCPeerConnection): Promise<{ received: number; sent: number }> {
  const report = await pc.getStats();
  let received = 0;
  let sent = 0;
  report.forEach((s: { type: string; kind?: string; packetsReceived?: number; packetsSent?: number }) => {
    if (s.type === "inbound-rtp" && s.kind === "audio") received += s.packetsReceived ?? 0;
    if (s.type === "outbound-rtp" && s.kind === "audio") sent += s.packetsSent ?? 0;
  });
  return { received, sent };
}

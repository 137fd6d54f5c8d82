/**
 * SDP offer/answer (RFC 3264) for one audio stream of G.711 with RFC 4733 telephone-events. We answer with
 * the offer's own payload type numbers: PCMU preferred, PCMA otherwise, telephone-event if offered.
 */

export type Codec = "PCMU" | "PCMA";

export interface AudioOffer {
  address: string;
  port: number;
  /** Payload types by encoding name, as the offer numbered them. */
  payloadTypes: Map<string, number>;
  direction: "sendrecv" | "sendonly" | "recvonly" | "inactive";
}

export interface Negotiated {
  codec: Codec;
  payloadType: number;
  /** The telephone-event payload type, when the peer offered one. */
  dtmfPayloadType: number | null;
}

const STATIC: Record<number, string> = { 0: "PCMU", 8: "PCMA" };

export function parseAudioOffer(sdp: string): AudioOffer | null {
  let sessionAddress = "";
  let address = "";
  let port = -1;
  let formats: number[] = [];
  let direction: AudioOffer["direction"] = "sendrecv";
  const rtpmap = new Map<number, string>();
  let inAudio = false;
  let seenMedia = false;
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("m=")) {
      seenMedia = true;
      const [media, p, , ...fmts] = line.slice(2).split(/\s+/);
      inAudio = media === "audio" && port < 0;
      if (inAudio) {
        port = Number(p);
        formats = fmts.map(Number);
      }
    } else if (line.startsWith("c=")) {
      const addr = line.split(/\s+/)[2] ?? "";
      if (!seenMedia) sessionAddress = addr;
      else if (inAudio) address = addr;
    } else if (line.startsWith("a=rtpmap:") && (inAudio || !seenMedia)) {
      const m = /^a=rtpmap:(\d+)\s+([^/\s]+)\/(\d+)/.exec(line);
      if (m && m[3] === "8000") rtpmap.set(Number(m[1]), m[2]!);
    } else if (inAudio && /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line)) {
      direction = line.slice(2) as AudioOffer["direction"];
    }
  }
  if (port < 0) return null;
  const payloadTypes = new Map<string, number>();
  for (const pt of formats) {
    const name = rtpmap.get(pt) ?? STATIC[pt];
    if (name && !payloadTypes.has(name.toUpperCase())) payloadTypes.set(name.toUpperCase() === "TELEPHONE-EVENT" ? "telephone-event" : name.toUpperCase(), pt);
  }
  return { address: address || sessionAddress, port, payloadTypes, direction };
}

export function negotiate(offer: AudioOffer): Negotiated | null {
  // The offerer's order is its preference (RFC 3264 §6.1).
  const codec = ([...offer.payloadTypes.keys()].find((name) => name === "PCMU" || name === "PCMA") ?? null) as Codec | null;
  if (!codec) return null;
  return { codec, payloadType: offer.payloadTypes.get(codec)!, dtmfPayloadType: offer.payloadTypes.get("telephone-event") ?? null };
}

/** Our answer (or offer, for outbound calls: pass both codecs). */
export function buildSdp(options: { address: string; port: number; sessionId: number; formats: Array<{ pt: number; name: string }>; direction?: string }): string {
  const { address, port, sessionId } = options;
  const lines = [
    "v=0",
    `o=moked ${sessionId} ${sessionId} IN IP4 ${address}`,
    "s=moked",
    `c=IN IP4 ${address}`,
    "t=0 0",
    `m=audio ${port} RTP/AVP ${options.formats.map((f) => f.pt).join(" ")}`,
    ...options.formats.map((f) => (f.name === "telephone-event" ? `a=rtpmap:${f.pt} telephone-event/8000\r\na=fmtp:${f.pt} 0-16` : `a=rtpmap:${f.pt} ${f.name}/8000`)),
    "a=ptime:20",
    `a=${options.direction ?? "sendrecv"}`,
  ];
  return lines.join("\r\n") + "\r\n";
}

export function answerFormats(n: Negotiated): Array<{ pt: number; name: string }> {
  return [{ pt: n.payloadType, name: n.codec }, ...(n.dtmfPayloadType !== null ? [{ pt: n.dtmfPayloadType, name: "telephone-event" }] : [])];
}

/** RTP packets (RFC 3550) and RFC 4733 telephone-events: the few fields a G.711 relay and IVR need. */

export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

export function parseRtp(buf: Buffer): RtpPacket | null {
  if (buf.length < 12 || buf[0]! >> 6 !== 2) return null;
  const csrcCount = buf[0]! & 0x0f;
  let offset = 12 + csrcCount * 4;
  if (buf[0]! & 0x10) {
    if (buf.length < offset + 4) return null;
    offset += 4 + buf.readUInt16BE(offset + 2) * 4;
  }
  let end = buf.length;
  if (buf[0]! & 0x20) end -= buf[buf.length - 1]!;
  if (offset > end) return null;
  return {
    payloadType: buf[1]! & 0x7f,
    marker: (buf[1]! & 0x80) !== 0,
    sequence: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    payload: buf.subarray(offset, end),
  };
}

export function buildRtp(p: Omit<RtpPacket, "payload"> & { payload: Uint8Array }): Buffer {
  const buf = Buffer.allocUnsafe(12 + p.payload.length);
  buf[0] = 0x80;
  buf[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  buf.writeUInt16BE(p.sequence & 0xffff, 2);
  buf.writeUInt32BE(p.timestamp >>> 0, 4);
  buf.writeUInt32BE(p.ssrc >>> 0, 8);
  buf.set(p.payload, 12);
  return buf;
}

const EVENT_DIGITS = "0123456789*#ABCD";

/**
 * Turns a stream of RFC 4733 event packets into digits. An event is reported once, at its first packet
 * (further packets of it, including the three repeated end packets, share its RTP timestamp).
 */
export class DtmfReceiver {
  private lastTimestamp: number | null = null;

  /** The digit this packet starts, or null if it continues one already reported. */
  accept(packet: RtpPacket): string | null {
    if (packet.payload.length < 4) return null;
    if (packet.timestamp === this.lastTimestamp) return null;
    this.lastTimestamp = packet.timestamp;
    return EVENT_DIGITS[packet.payload[0]!] ?? null;
  }
}

/** The packets of one RFC 4733 event as a sender would space them: 20 ms updates, then three end packets. */
export function dtmfPayloads(digit: string, durationMs = 160, volume = 10): Buffer[] {
  const event = EVENT_DIGITS.indexOf(digit.toUpperCase());
  if (event < 0) throw new Error(`not a DTMF digit: ${digit}`);
  const out: Buffer[] = [];
  const steps = Math.max(1, Math.round(durationMs / 20));
  for (let i = 1; i <= steps + 2; i++) {
    const end = i >= steps;
    const buf = Buffer.alloc(4);
    buf[0] = event;
    buf[1] = (end ? 0x80 : 0) | (volume & 0x3f);
    buf.writeUInt16BE(Math.min(i, steps) * 160, 2);
    out.push(buf);
  }
  return out;
}

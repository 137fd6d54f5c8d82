/**
 * G.711 μ-law and A-law (ITU-T G.711), by table: decoding is a 256-entry lookup, encoding a 65,536-entry
 * lookup built once, so converting a 20 ms frame costs 160 array reads.
 */
import type { Codec } from "../sip/sdp";

function ulawToLinear(u: number): number {
  u = ~u & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const sample = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -sample : sample;
}

function alawToLinear(a: number): number {
  a ^= 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

function linearToUlaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(sign ? -sample : sample, 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  s = ~(sign | (exponent << 4) | mantissa) & 0xff;
  return s;
}

const A_SEG_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
function linearToAlaw(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  let seg = 0;
  while (seg < 8 && pcm > A_SEG_END[seg]!) seg++;
  if (seg >= 8) return 0x7f ^ mask;
  let aval = seg << 4;
  aval |= seg < 2 ? (pcm >> 1) & 0x0f : (pcm >> seg) & 0x0f;
  return aval ^ mask;
}

const DECODE: Record<Codec, Int16Array> = { PCMU: new Int16Array(256), PCMA: new Int16Array(256) };
const ENCODE: Record<Codec, Uint8Array> = { PCMU: new Uint8Array(65536), PCMA: new Uint8Array(65536) };
for (let i = 0; i < 256; i++) {
  DECODE.PCMU[i] = ulawToLinear(i);
  DECODE.PCMA[i] = alawToLinear(i);
}
for (let i = 0; i < 65536; i++) {
  const s = i < 32768 ? i : i - 65536;
  ENCODE.PCMU[i] = linearToUlaw(s);
  ENCODE.PCMA[i] = linearToAlaw(s);
}

export function decode(codec: Codec, payload: Uint8Array, out: Int16Array = new Int16Array(payload.length)): Int16Array {
  const table = DECODE[codec];
  for (let i = 0; i < payload.length; i++) out[i] = table[payload[i]!]!;
  return out;
}

export function encode(codec: Codec, samples: Int16Array, out: Uint8Array = new Uint8Array(samples.length)): Uint8Array {
  const table = ENCODE[codec];
  for (let i = 0; i < samples.length; i++) out[i] = table[samples[i]! & 0xffff]!;
  return out;
}

/** PCMA ↔ PCMU without leaving the 8-bit domain (the browser speaks PCMU; a trunk may insist on PCMA). */
export function transcode(from: Codec, to: Codec, payload: Uint8Array): Uint8Array {
  if (from === to) return payload;
  const dec = DECODE[from];
  const enc = ENCODE[to];
  const out = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = enc[dec[payload[i]!]! & 0xffff]!;
  return out;
}

/** The silence byte of each codec (encoding of 0). */
export const SILENCE: Record<Codec, number> = { PCMU: 0xff, PCMA: 0xd5 };

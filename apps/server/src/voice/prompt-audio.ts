import { Worker } from "node:worker_threads";
import { MAX_PROMPT_BYTES, MAX_PROMPT_SECONDS } from "@moked/contracts";
import { AppError } from "../core/errors";
import { decode, encode } from "./media/g711";
import { pcmWav } from "./media/wav";
import { RATE } from "./media/prompts";

export type PromptFormat = "wav" | "mp3" | "ogg";

/** Decoded audio before it is brought to the telephone's 8 kHz: one channel per array, samples in -1..1. */
interface Decoded {
  sampleRate: number;
  channels: Float32Array[];
}

const unsupported = () =>
  new AppError("unsupported_audio_format", 415, "Upload a WAV (PCM 16-bit, μ-law or A-law), MP3 or Ogg Vorbis file", { accepted: ["audio/wav", "audio/mpeg", "audio/ogg"] });
const unreadable = (format: string, why: string) => new AppError("unreadable_audio", 422, `The ${format.toUpperCase()} file could not be read: ${why}`);

/** What an upload is, from its first bytes (never its name or declared type). */
export function sniffAudio(bytes: Buffer): PromptFormat | null {
  if (bytes.length >= 12 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WAVE") return "wav";
  if (bytes.toString("latin1", 0, 4) === "OggS") return "ogg";
  if (bytes.toString("latin1", 0, 3) === "ID3") return "mp3";
  // An MPEG audio frame sync: 11 set bits, layer bits not 00.
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) !== 0) return "mp3";
  return null;
}

/** RIFF/WAVE: PCM 8/16-bit, WAVE_FORMAT_EXTENSIBLE with PCM inside, G.711 μ-law or A-law; any rate, mono or more channels. */
export function decodeWav(bytes: Buffer): Decoded {
  let at = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | null = null;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString("latin1", at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === "fmt " && size >= 16) {
      let format = bytes.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (format === 0xfffe && size >= 40) format = bytes.readUInt16LE(body + 24);
      fmt = { format, channels: bytes.readUInt16LE(body + 2), rate: bytes.readUInt32LE(body + 4), bits: bytes.readUInt16LE(body + 14) };
    } else if (id === "data") {
      if (!fmt) throw unreadable("wav", "the data comes before its format");
      return wavSamples(bytes.subarray(body, Math.min(bytes.length, body + size)), fmt);
    }
    at = body + size + (size & 1);
  }
  throw unreadable("wav", "no audio data in it");
}

function wavSamples(data: Buffer, fmt: { format: number; channels: number; rate: number; bits: number }): Decoded {
  const { format, channels: count, rate, bits } = fmt;
  if (count < 1 || count > 8 || rate < 8000 || rate > 96_000) throw unreadable("wav", `${count} channels at ${rate} Hz`);
  const width = format === 1 && bits === 16 ? 2 : (format === 1 && bits === 8) || format === 6 || format === 7 ? 1 : 0;
  if (!width) throw new AppError("unsupported_audio_format", 415, `WAV files in PCM 8- or 16-bit, μ-law or A-law only (this one is format ${format}, ${bits}-bit)`);
  const frames = Math.floor(data.length / (width * count));
  const channels = Array.from({ length: count }, () => new Float32Array(frames));
  const g711 = format === 7 ? "PCMU" : format === 6 ? "PCMA" : null;
  const linear = g711 ? decode(g711, data.subarray(0, frames * count)) : null;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < count; c++) {
      const k = i * count + c;
      channels[c]![i] = linear ? linear[k]! / 32768 : width === 2 ? data.readInt16LE(k * 2) / 32768 : (data[k]! - 128) / 128;
    }
  }
  return { sampleRate: rate, channels };
}

async function decodeCompressed(format: "mp3" | "ogg", bytes: Buffer): Promise<Decoded> {
  const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  if (format === "mp3") {
    const { MPEGDecoder } = await import("mpg123-decoder");
    const decoder = new MPEGDecoder();
    await decoder.ready;
    try {
      const out = decoder.decode(input);
      return { sampleRate: out.sampleRate, channels: out.channelData };
    } finally {
      decoder.free();
    }
  }
  const { OggVorbisDecoder } = await import("@wasm-audio-decoders/ogg-vorbis");
  const decoder = new OggVorbisDecoder();
  await decoder.ready;
  try {
    const out = await decoder.decodeFile(input);
    return { sampleRate: out.sampleRate, channels: out.channelData };
  } finally {
    decoder.free();
  }
}

/**
 * Brings audio to the telephone: channels mixed to one, resampled to 8 kHz behind a low-pass filter at
 * 3.6 kHz (windowed sinc), as 16-bit samples. 8 kHz input passes through untouched.
 */
export function toTelephone({ sampleRate, channels }: Decoded): Int16Array {
  const frames = channels[0]?.length ?? 0;
  const mono = new Float32Array(frames);
  for (const ch of channels) for (let i = 0; i < frames; i++) mono[i]! += ch[i]! / channels.length;
  const clip = (v: number) => Math.max(-32768, Math.min(32767, Math.round(v * 32768)));
  if (sampleRate === RATE) return Int16Array.from(mono, clip);
  const ratio = sampleRate / RATE;
  const cutoff = 3600 / sampleRate; // cycles per input sample
  const half = Math.ceil(6 * Math.max(1, ratio)); // taps each side, in input samples
  // The kernel, tabulated at 1/STEPS of an input sample: a lookup per tap instead of a sine and a cosine.
  const STEPS = 128;
  const kernel = new Float32Array(2 * half * STEPS + 1);
  for (let j = 0; j < kernel.length; j++) {
    const x = j / STEPS - half;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    kernel[j] = sinc * (0.54 + 0.46 * Math.cos((Math.PI * x) / half)); // Hamming window
  }
  const out = new Int16Array(Math.floor(frames / ratio));
  for (let n = 0; n < out.length; n++) {
    const centre = n * ratio;
    const first = Math.max(0, Math.ceil(centre - half));
    const last = Math.min(frames - 1, Math.floor(centre + half));
    let sum = 0;
    let weight = 0;
    for (let k = first; k <= last; k++) {
      const w = kernel[Math.round((k - centre + half) * STEPS)]!;
      sum += mono[k]! * w;
      weight += w;
    }
    out[n] = clip(weight ? sum / weight : 0);
  }
  return out;
}

export interface ConvertedPrompt {
  format: PromptFormat;
  mulaw: Uint8Array;
  durationMs: number;
}

/** An upload checked and converted to what the caller hears: G.711 μ-law at 8 kHz (here, on this thread). */
export async function convertUpload(bytes: Buffer): Promise<ConvertedPrompt> {
  const format = checkUpload(bytes);
  let decoded: Decoded;
  try {
    decoded = format === "wav" ? decodeWav(bytes) : await decodeCompressed(format, bytes);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable(format, err instanceof Error ? err.message : "not valid audio");
  }
  const frames = decoded.channels[0]?.length ?? 0;
  if (frames === 0 || !decoded.sampleRate) throw unreadable(format, "no audio in it");
  if (frames / decoded.sampleRate > MAX_PROMPT_SECONDS) throw new AppError("prompt_too_long", 413, `Prompts up to ${MAX_PROMPT_SECONDS / 60} minutes`);
  const samples = toTelephone(decoded);
  return { format, mulaw: encode("PCMU", samples), durationMs: Math.round((samples.length / RATE) * 1000) };
}

/** The cheap checks, before any decoding: not empty, not too large, a format we take. */
function checkUpload(bytes: Buffer): PromptFormat {
  if (bytes.length === 0) throw new AppError("empty_file", 400, "The file is empty");
  if (bytes.length > MAX_PROMPT_BYTES) throw new AppError("prompt_too_large", 413, `Prompts up to ${MAX_PROMPT_BYTES / 1024 / 1024} MB`);
  const format = sniffAudio(bytes);
  if (!format) throw unsupported();
  return format;
}

type WorkerReply = { id?: number; ok: true; result: ConvertedPrompt } | { id?: number; ok: false; error: { code: string; status: number; message: string; details?: unknown } };
const fromReply = (reply: Extract<WorkerReply, { ok: false }>) => new AppError(reply.error.code, reply.error.status, reply.error.message, reply.error.details);
const tooLong = () => new AppError("unreadable_audio", 422, "The audio file took too long to convert");

/** A worker running prompt-worker.ts: one upload (`bytes`), or, without, a long-lived one taking jobs. */
function startWorker(bytes?: Buffer): Worker {
  // The worker loads TypeScript like the server does; Node 20 does not pass --import hooks on to workers.
  const entry = new URL("./prompt-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, ...(bytes ? { workerData: new Uint8Array(bytes) } : {}) });
}

/**
 * Converts an upload in a worker thread of its own, so that the calls' 20 ms RTP clock on this thread never
 * waits for it (decoding and resampling ten minutes of 48 kHz audio is about two seconds of CPU).
 */
export function promptFromUpload(bytes: Buffer): Promise<ConvertedPrompt> {
  checkUpload(bytes);
  return new Promise((resolve, reject) => {
    const worker = startWorker(bytes);
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(tooLong());
    }, 60_000);
    worker.once("message", (reply: WorkerReply) => {
      clearTimeout(timer);
      void worker.terminate();
      if (reply.ok) resolve(reply.result);
      else reject(fromReply(reply));
    });
    worker.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * One long-lived worker thread converting short clips one after another (the synthesiser's sentences): a
 * worker's start-up — loading the TypeScript toolchain and compiling the converter — costs about a second of
 * CPU, far more than a sentence's conversion, so it is paid once, on the first clip. A worker that fails or
 * hangs fails the clips it holds and is replaced on the next one.
 */
export class ClipConverter {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: ConvertedPrompt): void; reject(e: Error): void; timer: NodeJS.Timeout }>();

  convert(bytes: Buffer): Promise<ConvertedPrompt> {
    checkUpload(bytes);
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(tooLong()), 60_000);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, bytes: new Uint8Array(bytes) });
    });
  }

  /** Starts the worker ahead of the first clip. */
  warm(): void {
    if (!this.worker) this.start();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(new Error("the clip converter was closed"));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = startWorker();
    // An idle converter does not keep the process alive.
    worker.unref();
    worker.on("message", (reply: WorkerReply) => {
      const job = reply.id === undefined ? undefined : this.pending.get(reply.id);
      if (!job) return;
      clearTimeout(job.timer);
      this.pending.delete(reply.id!);
      if (reply.ok) job.resolve(reply.result);
      else job.reject(fromReply(reply));
    });
    // Only for the current worker: one let go earlier (and its exit) must not fail its successor's clips.
    worker.on("error", (err) => this.worker === worker && this.fail(err));
    worker.on("exit", () => this.worker === worker && this.fail(new Error("the clip converter stopped")));
    this.worker = worker;
    return worker;
  }

  /** Fails every clip in hand and lets the worker go (the next clip starts a new one). */
  private fail(err: Error): void {
    const worker = this.worker;
    this.worker = null;
    for (const job of this.pending.values()) {
      clearTimeout(job.timer);
      job.reject(err);
    }
    this.pending.clear();
    if (worker) void worker.terminate();
  }
}

/** A prompt as a browser plays it: 16-bit PCM WAV at 8 kHz, decoded from the μ-law callers hear. */
export function promptWav(mulaw: Uint8Array): Buffer {
  const samples = decode("PCMU", mulaw);
  const buf = pcmWav(1, samples.length, RATE);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i]!, 44 + i * 2);
  return buf;
}

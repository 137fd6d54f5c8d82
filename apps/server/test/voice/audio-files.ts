/** Test audio: WAV files built byte by byte, and an ITU-T G.711 μ-law encoder written apart from the server's. */

export function wavFile(samples: Int16Array | Uint8Array, options: { rate: number; channels?: number; format?: 1 | 6 | 7; bits?: number }): Buffer {
  const channels = options.channels ?? 1;
  const format = options.format ?? 1;
  const bits = options.bits ?? (format === 1 ? 16 : 8);
  const width = bits / 8;
  const data = samples.length * width;
  const buf = Buffer.alloc(44 + data);
  buf.write("RIFF", 0);
  buf.writeUInt32LE(36 + data, 4);
  buf.write("WAVE", 8);
  buf.write("fmt ", 12);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(format, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(options.rate, 24);
  buf.writeUInt32LE(options.rate * channels * width, 28);
  buf.writeUInt16LE(channels * width, 32);
  buf.writeUInt16LE(bits, 34);
  buf.write("data", 36);
  buf.writeUInt32LE(data, 40);
  if (width === 2) samples.forEach((s, i) => buf.writeInt16LE(s, 44 + i * 2));
  else if (width === 1) samples.forEach((s, i) => (buf[44 + i] = s));
  else throw new Error(`no ${bits}-bit samples here`);
  return buf;
}

/** A sine tone as 16-bit samples. */
export function sine(freq: number, rate: number, seconds: number, amplitude = 12_000): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * freq * i) / rate)));
}

/** Deterministic noise no real prompt would match by chance; every sample at least 200 from silence. */
export function noise(count: number, seed = 7): Int16Array {
  let x = seed;
  return Int16Array.from({ length: count }, () => {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    const magnitude = 200 + ((x >>> 8) % 12_000);
    return x & 1 ? magnitude : -magnitude;
  });
}

/** G.711 μ-law of one 16-bit sample (the ITU-T reference: bias 132, clip 32635, segment by leading one). */
export function muLaw(sample: number): number {
  const negative = sample < 0;
  const biased = Math.min(Math.abs(sample), 32_635) + 132;
  const segment = Math.max(0, Math.floor(Math.log2(biased)) - 7);
  const step = (biased >> (segment + 3)) & 0x0f;
  return ~((negative ? 0x80 : 0) | (segment << 4) | step) & 0xff;
}

/** Rising zero crossings a second: the frequency of a clean tone. */
export function frequencyOf(samples: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return crossings / (samples.length / rate);
}

/** Reads a 16-bit mono WAV back into samples. */
export function wavSamples(wav: Buffer): { rate: number; samples: Int16Array } {
  const rate = wav.readUInt32LE(24);
  const at = wav.indexOf("data", 12) + 8;
  const count = Math.floor((wav.length - at) / 2);
  return { rate, samples: Int16Array.from({ length: count }, (_, i) => wav.readInt16LE(at + i * 2)) };
}

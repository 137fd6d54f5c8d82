/** The loudness (RMS) of each channel of a 16-bit PCM WAV, for telling speech from silence. */
export function channelRms(wav: Buffer): { channels: number; seconds: number; rms: number[] } {
  if (wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") throw new Error("not a WAV file");
  const channels = wav.readUInt16LE(22);
  const rate = wav.readUInt32LE(24);
  const dataAt = wav.indexOf("data", 12) + 8;
  const frames = Math.floor((wav.length - dataAt) / (2 * channels));
  const sums = new Array<number>(channels).fill(0);
  for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) sums[c]! += wav.readInt16LE(dataAt + (i * channels + c) * 2) ** 2;
  return { channels, seconds: frames / rate, rms: sums.map((s) => Math.sqrt(s / Math.max(1, frames))) };
}

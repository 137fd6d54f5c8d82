import { IVR_STEPS, type IvrStep } from "@moked/contracts";

/**
 * The IVR's built-in prompts as 8 kHz 16-bit PCM, synthesised from tones so the gateway needs no audio
 * files to run. A line's uploaded recordings, chosen per step in its phone menu, replace them. Position and
 * expected wait are spoken (`../speech.ts`); without a synthesiser they are beeps, one per unit.
 */

export const RATE = 8000;

export function tone(freqs: number[], ms: number, amplitude = 6000): Int16Array {
  const n = Math.round((RATE * ms) / 1000);
  const out = new Int16Array(n);
  const fade = Math.min(80, n >> 2);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (const f of freqs) v += Math.sin((2 * Math.PI * f * i) / RATE);
    const envelope = Math.min(1, i / fade, (n - i) / fade);
    out[i] = Math.round((v / freqs.length) * amplitude * envelope);
  }
  return out;
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((RATE * ms) / 1000));
}

export function concat(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function beeps(count: number, freq: number): Int16Array {
  const parts: Int16Array[] = [];
  for (let i = 0; i < Math.max(0, Math.min(count, 10)); i++) parts.push(tone([freq], 130), silence(120));
  return concat(parts);
}

export type PromptKey = IvrStep;
export const PROMPT_KEYS: readonly PromptKey[] = IVR_STEPS;

const NOTES = { C5: 523.25, E5: 659.25, G5: 783.99, A4: 440, C6: 1046.5, D5: 587.33, F5: 698.46 };

export const BUILT_IN: Record<PromptKey, () => Int16Array> = {
  greeting: () => concat([tone([NOTES.C5], 180), tone([NOTES.E5], 180), tone([NOTES.G5], 260), silence(300)]),
  // The conventional recording warning: a 1400 Hz beep.
  recording_notice: () => concat([tone([1400], 400), silence(300)]),
  language_menu: () => concat([tone([NOTES.A4, NOTES.E5], 300), silence(200)]),
  region_menu: () => concat([tone([NOTES.D5, NOTES.A4], 300), silence(200)]),
  service_menu: () => concat([tone([NOTES.E5, NOTES.C5], 300), silence(200)]),
  queued: () => concat([tone([NOTES.G5], 150), tone([NOTES.E5], 150), silence(250)]),
  // Said in words when espeak-ng is there, else counted in beeps (`positionAnnouncement`): this is only its lead-in.
  queue_position: () => concat([tone([NOTES.C6], 90), silence(200)]),
  callback_offer: () => concat([tone([NOTES.F5], 120), silence(80), tone([NOTES.F5], 120), silence(250)]),
  callback_confirmed: () => concat([tone([NOTES.C5], 150), tone([NOTES.G5], 150), tone([NOTES.C6], 300), silence(300)]),
  invalid: () => concat([tone([300], 300), silence(200)]),
  hold_music: () => concat([NOTES.C5, NOTES.E5, NOTES.G5, NOTES.E5, NOTES.D5, NOTES.F5, NOTES.A4, NOTES.D5].map((f) => tone([f, f / 2], 400, 3000))),
  goodbye: () => concat([tone([NOTES.G5], 180), tone([NOTES.C5], 300), silence(200)]),
};

/** "You are number N in line, about M minutes": a beep per place and, lower, per minute (at most ten each). */
export function positionAnnouncement(position: number, minutes: number): Int16Array {
  return concat([beeps(position, 880), silence(300), beeps(minutes, 587), silence(400)]);
}

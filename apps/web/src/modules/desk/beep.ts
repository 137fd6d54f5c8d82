let context: AudioContext | null = null;

/** A short two-tone alert through WebAudio (no audio files); silent where the browser allows no sound yet. */
export function beep(): void {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") void context.resume();
    const start = context.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      const at = start + i * 0.18;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
      osc.connect(gain).connect(context.destination);
      osc.start(at);
      osc.stop(at + 0.17);
    }
  } catch {
    // No audio device or no permission: the visual alert still shows.
  }
}

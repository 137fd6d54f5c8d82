import { spawn } from "node:child_process";
import type { FastifyBaseLogger } from "fastify";
import { decode } from "./media/g711";
import { promptFromUpload } from "./prompt-audio";
import type { SpokenLanguage } from "./announcements";

/** Peaks brought to about -6 dBFS: espeak-ng speaks softly, and a telephone line is no place for a whisper. */
function louder(samples: Int16Array): Int16Array {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  const gain = peak > 0 ? Math.min(8, 16_000 / peak) : 1;
  return gain > 1 ? Int16Array.from(samples, (s) => Math.round(s * gain)) : samples;
}

/** espeak-ng's voice for each language we speak. */
const VOICES: Record<SpokenLanguage, string> = { he: "he", en: "en-us", ar: "ar", ru: "ru" };
/** Distinct sentences kept (a place in line and a wait in minutes: a few hundred at most in practice). */
const CACHE_SIZE = 500;

/**
 * Sentences spoken by Debian's espeak-ng, as the telephone's 8 kHz samples. The synthesiser runs as a child
 * process and its WAV is brought to G.711 by the upload converter in a worker thread, so the RTP clock on
 * this thread never waits; each text is made once per language and kept in memory. Without espeak-ng
 * (not installed, or `VOICE_SPEECH_COMMAND=off`) `speak` answers null — the caller hears beeps — and
 * says so once in the log.
 */
export class Speech {
  private readonly cache = new Map<string, Promise<Int16Array | null>>();
  private unavailable: boolean;
  private warned = false;

  constructor(
    private readonly options: { command: string; log: FastifyBaseLogger },
  ) {
    this.unavailable = options.command === "off" || options.command === "";
  }

  /** Whether a sentence can be spoken at all (false once the synthesiser was found missing). */
  get available(): boolean {
    return !this.unavailable;
  }

  speak(language: SpokenLanguage, text: string): Promise<Int16Array | null> {
    if (this.unavailable || !text) return Promise.resolve(null);
    const key = `${language}\n${text}`;
    const cached = this.cache.get(key);
    if (cached) {
      // Most recently used last: the oldest entry is the one dropped.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const made = this.synthesise(language, text).catch((err: unknown) => {
      this.cache.delete(key);
      this.options.log.warn({ err, language }, "speech synthesis failed; the caller hears beeps");
      return null;
    });
    this.cache.set(key, made);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return made;
  }

  private async synthesise(language: SpokenLanguage, text: string): Promise<Int16Array | null> {
    const wav = await this.run(["-v", VOICES[language], "-s", "150", "--stdout"], text);
    if (!wav) return null;
    const { mulaw } = await promptFromUpload(wav);
    return louder(decode("PCMU", mulaw));
  }

  /** espeak-ng with the text on its standard input (never a shell, never an argument); its WAV from standard output. */
  private run(args: string[], text: string): Promise<Buffer | null> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, args, { stdio: ["pipe", "pipe", "pipe"] });
      const out: Buffer[] = [];
      let err = "";
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.stdout.on("data", (d: Buffer) => out.push(d));
      child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
      child.on("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (e.code !== "ENOENT") return reject(e);
        this.unavailable = true;
        if (!this.warned) {
          this.warned = true;
          this.options.log.warn({ command: this.options.command }, "speech synthesiser not found (install espeak-ng): position and wait announcements are beeps");
        }
        resolve(null);
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        if (this.unavailable) return;
        if (code === 0 && out.length) resolve(Buffer.concat(out));
        else reject(new Error(`${this.options.command} exited with ${code}: ${err.trim()}`));
      });
      child.stdin.on("error", () => {}); // a missing binary closes the pipe before the text is written
      child.stdin.end(text);
    });
  }
}

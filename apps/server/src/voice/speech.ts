import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { FastifyBaseLogger } from "fastify";
import { decode } from "./media/g711";
import { ClipConverter } from "./prompt-audio";
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
 * The helper shell: exits 127 when the synthesiser is not there; else, for each line "voice text" it reads,
 * espeak-ng's WAV as one line of base64 (an empty line when it failed). The text reaches espeak-ng on its
 * standard input from a shell variable — never parsed as a command, never an argument.
 */
const HELPER = `command -v "$1" >/dev/null 2>&1 || exit 127
while IFS=' ' read -r voice text; do
  printf '%s' "$text" | "$1" -v "$voice" -s 150 --stdout | base64 -w 0
  echo
done`;

interface Owed {
  resolve(wav: Buffer | null): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Sentences spoken by Debian's espeak-ng, as the telephone's 8 kHz samples; each text is made once per
 * language and kept in memory (least recently used dropped first). espeak-ng runs under one long-lived helper
 * shell, and its WAV is brought to G.711 in one long-lived worker thread, so the RTP clock on this thread never
 * waits. Both stay because starting them was the cost: a process started from this one copies the server's
 * memory map (tens of milliseconds of this thread per sentence with the embedded database loaded), and a
 * worker's start-up compiles the converter (about a second of CPU) — per sentence, that was more CPU than the
 * calls' media (decision 0017). Without espeak-ng (not installed, or `VOICE_SPEECH_COMMAND=off`) `speak`
 * answers null — the caller hears beeps — and says so once in the log.
 */
export class Speech {
  private readonly cache = new Map<string, Promise<Int16Array | null>>();
  private readonly converter = new ClipConverter();
  /** The helper shell, and the sentences it owes, in the order asked. */
  private helper: ChildProcessWithoutNullStreams | null = null;
  private readonly owed: Owed[] = [];
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

  /** Starts the helper and the converter ahead of the first sentence (the gateway: when a call arrives, so it runs during the menus). */
  warm(): void {
    if (this.unavailable) return;
    if (!this.helper) this.startHelper();
    this.converter.warm();
  }

  /** Stops the helper and the converter's worker thread. */
  async close(): Promise<void> {
    if (this.helper) this.stopHelper(this.helper, new Error("speech closed"));
    await this.converter.close();
  }

  private async synthesise(language: SpokenLanguage, text: string): Promise<Int16Array | null> {
    const wav = await this.run(VOICES[language], text);
    if (!wav) return null;
    const { mulaw } = await this.converter.convert(wav);
    return louder(decode("PCMU", mulaw));
  }

  /** One sentence through the helper: its WAV, or null when the synthesiser is not installed. */
  private run(voice: string, text: string): Promise<Buffer | null> {
    const helper = this.helper ?? this.startHelper();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.stopHelper(helper, new Error(`${this.options.command} took over 30 s`)), 30_000);
      this.owed.push({ resolve, reject, timer });
      helper.stdin.write(`${voice} ${text.replace(/[\r\n]+/g, " ")}\n`);
    });
  }

  private startHelper(): ChildProcessWithoutNullStreams {
    const helper = spawn("sh", ["-c", HELPER, "moked-speech", this.options.command], { stdio: ["pipe", "pipe", "pipe"] });
    this.helper = helper;
    let out = "";
    let err = "";
    helper.stdout.setEncoding("latin1");
    helper.stdout.on("data", (d: string) => {
      out += d;
      for (let nl = out.indexOf("\n"); nl >= 0; nl = out.indexOf("\n")) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        const job = this.owed.shift();
        if (!job) continue;
        clearTimeout(job.timer);
        if (line) job.resolve(Buffer.from(line, "base64"));
        else job.reject(new Error(`${this.options.command} failed: ${err.trim().slice(-500)}`));
      }
    });
    helper.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    helper.stdin.on("error", () => {}); // a helper that exited closes the pipe; its exit says why
    helper.on("error", (e) => this.stopHelper(helper, e));
    helper.on("exit", (code) => {
      if (code === 127) this.notInstalled(helper);
      else this.stopHelper(helper, new Error(`${this.options.command} helper exited with ${code}: ${err.trim().slice(-500)}`));
    });
    // An idle helper does not keep the process alive.
    helper.unref();
    for (const pipe of [helper.stdin, helper.stdout, helper.stderr]) (pipe as unknown as { unref?(): void }).unref?.();
    return helper;
  }

  /** Not installed: every sentence in hand and to come is beeps, said once in the log. */
  private notInstalled(helper: ChildProcessWithoutNullStreams): void {
    this.unavailable = true;
    if (!this.warned) {
      this.warned = true;
      this.options.log.warn({ command: this.options.command }, "speech synthesiser not found (install espeak-ng): position and wait announcements are beeps");
    }
    if (this.helper === helper) this.helper = null;
    for (const job of this.owed.splice(0)) {
      clearTimeout(job.timer);
      job.resolve(null);
    }
  }

  /** Fails the sentences in hand and lets this helper go (the next sentence starts a new one). */
  private stopHelper(helper: ChildProcessWithoutNullStreams, err: Error): void {
    if (this.helper !== helper) return;
    this.helper = null;
    helper.kill("SIGKILL");
    for (const job of this.owed.splice(0)) {
      clearTimeout(job.timer);
      job.reject(err);
    }
  }
}

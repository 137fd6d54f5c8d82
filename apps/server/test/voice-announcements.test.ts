import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import pino from "pino";
import { hebrewFeminine, standingSentence } from "../src/voice/announcements";
import { Speech } from "../src/voice/speech";

// What a caller on hold is told, in each language's own grammar: the sentence builder, then the synthesiser.
describe("the position and wait sentence", () => {
  it("English: singular and plural minutes, under a minute", () => {
    expect(standingSentence("en", { position: 3, minutes: 4 })).toBe("You are number 3 in line. Expected wait: about 4 minutes.");
    expect(standingSentence("en", { position: 1, minutes: 1 })).toBe("You are number 1 in line. Expected wait: about 1 minute.");
    expect(standingSentence("en", { position: 2, minutes: 0 })).toBe("You are number 2 in line. Expected wait: less than a minute.");
  });

  it("Hebrew: feminine numbers for דקה, the dual-like forms for one and two, callers addressed in the plural", () => {
    expect(standingSentence("he", { position: 3, minutes: 4 })).toBe("מספרכם בתור: שלוש. זמן ההמתנה המשוער: כארבע דקות.");
    expect(standingSentence("he", { position: 1, minutes: 1 })).toBe("מספרכם בתור: אחת. זמן ההמתנה המשוער: כדקה אחת.");
    expect(standingSentence("he", { position: 2, minutes: 2 })).toBe("מספרכם בתור: שתיים. זמן ההמתנה המשוער: כשתי דקות.");
    expect(standingSentence("he", { position: 12, minutes: 0 })).toBe("מספרכם בתור: שתים עשרה. זמן ההמתנה המשוער: פחות מדקה.");
    expect(standingSentence("he", { position: null, minutes: 21 })).toBe("זמן ההמתנה המשוער: כעשרים ואחת דקות.");
    expect(hebrewFeminine(123)).toBe("מאה עשרים ושלוש");
    expect(hebrewFeminine(110)).toBe("מאה ועשר");
    expect(hebrewFeminine(200)).toBe("מאתיים");
  });

  it("Arabic: one, the dual, 3–10 with the plural دقائق, 11 and up with the singular", () => {
    expect(standingSentence("ar", { position: 3, minutes: 1 })).toBe("ترتيبك في قائمة الانتظار: 3. مدة الانتظار المتوقعة: حوالي دقيقة واحدة.");
    expect(standingSentence("ar", { position: null, minutes: 2 })).toBe("مدة الانتظار المتوقعة: حوالي دقيقتين.");
    expect(standingSentence("ar", { position: null, minutes: 4 })).toBe("مدة الانتظار المتوقعة: حوالي أربع دقائق.");
    expect(standingSentence("ar", { position: null, minutes: 10 })).toBe("مدة الانتظار المتوقعة: حوالي عشر دقائق.");
    expect(standingSentence("ar", { position: null, minutes: 15 })).toBe("مدة الانتظار المتوقعة: حوالي 15 دقيقة.");
    expect(standingSentence("ar", { position: null, minutes: 0 })).toBe("مدة الانتظار المتوقعة: أقل من دقيقة.");
  });

  it("Russian: минута / минуты / минут, with одна and две in the feminine", () => {
    expect(standingSentence("ru", { position: 3, minutes: 4 })).toBe("Ваш номер в очереди: 3. Ожидаемое время ожидания: примерно 4 минуты.");
    expect(standingSentence("ru", { position: null, minutes: 1 })).toBe("Ожидаемое время ожидания: примерно одна минута.");
    expect(standingSentence("ru", { position: null, minutes: 2 })).toBe("Ожидаемое время ожидания: примерно две минуты.");
    expect(standingSentence("ru", { position: null, minutes: 5 })).toBe("Ожидаемое время ожидания: примерно 5 минут.");
    expect(standingSentence("ru", { position: null, minutes: 11 })).toBe("Ожидаемое время ожидания: примерно 11 минут.");
    expect(standingSentence("ru", { position: null, minutes: 21 })).toBe("Ожидаемое время ожидания: примерно 20 одна минута.");
    expect(standingSentence("ru", { position: null, minutes: 22 })).toBe("Ожидаемое время ожидания: примерно 20 две минуты.");
    expect(standingSentence("ru", { position: null, minutes: 0 })).toBe("Ожидаемое время ожидания: меньше минуты.");
  });

  it("says only what the line announces", () => {
    expect(standingSentence("en", { position: 5, minutes: null })).toBe("You are number 5 in line.");
    expect(standingSentence("en", { position: null, minutes: null })).toBe("");
  });
});

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

describe("the synthesiser (espeak-ng)", () => {
  const logged: Array<{ msg: string }> = [];
  const log = pino({ level: "warn" }, { write: (line: string) => logged.push(JSON.parse(line) as { msg: string }) });

  it.each(["he", "en", "ar", "ru"] as const)("speaks %s at 8 kHz, once per sentence", async (language) => {
    const speech = new Speech({ command: "espeak-ng", log });
    const text = standingSentence(language, { position: 3, minutes: 4 });
    const spoken = await speech.speak(language, text);
    expect(spoken).not.toBeNull();
    // A second or more of audible speech, not silence.
    expect(spoken!.length).toBeGreaterThan(8000);
    expect(rms(spoken!)).toBeGreaterThan(500);
    // Cached: the very same samples, not made again.
    expect(await speech.speak(language, text)).toBe(spoken);
  }, 60_000);

  it("speaks text that looks like shell code as words, running none of it, and keeps speaking after", async () => {
    const marker = join(tmpdir(), `moked-speech-${process.pid}-${Date.now()}`);
    const speech = new Speech({ command: "espeak-ng", log });
    try {
      const sly = await speech.speak("en", `Number $(touch ${marker}) \`touch ${marker}\`; touch ${marker} "quoted" 'single'\nline two`);
      expect(sly).not.toBeNull();
      expect(existsSync(marker)).toBe(false);
      // The helper is still there for the next sentence.
      expect(rms((await speech.speak("en", "You are number 2 in line."))!)).toBeGreaterThan(500);
    } finally {
      await speech.close();
    }
  }, 60_000);

  it("without the synthesiser answers null (the caller hears beeps) and says so in the log once", async () => {
    logged.length = 0;
    const speech = new Speech({ command: "/nonexistent/espeak-ng", log });
    expect(await speech.speak("en", "You are number 1 in line.")).toBeNull();
    expect(await speech.speak("he", "מספרכם בתור: אחת.")).toBeNull();
    expect(speech.available).toBe(false);
    expect(logged.filter((l) => l.msg.includes("not found"))).toHaveLength(1);
    expect(await new Speech({ command: "off", log }).speak("en", "x")).toBeNull();
  });
});

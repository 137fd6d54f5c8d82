import { LOCALES } from "@moked/contracts";

type Locale = (typeof LOCALES)[number];

/**
 * The language a text is written in, from its letters: Hebrew, Arabic or Cyrillic script, else Latin as
 * English; null when it has no letters to tell by (digits, emoji). The script with most letters wins.
 */
export function detectLanguage(text: string): Locale | null {
  const counts: Record<Locale, number> = {
    he: (text.match(/[\u0590-\u05ff]/g) ?? []).length,
    ar: (text.match(/[\u0600-\u06ff\u0750-\u077f]/g) ?? []).length,
    ru: (text.match(/[\u0400-\u04ff]/g) ?? []).length,
    en: (text.match(/[A-Za-z]/g) ?? []).length,
  };
  const [best, n] = (Object.entries(counts) as Array<[Locale, number]>).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : null;
}

/**
 * The language a messaging conversation is routed in: the customer's own from their last conversation,
 * else the text's, kept only when the line serves it (else the line's first language, Hebrew by default).
 */
export function conversationLanguage(lineLanguages: string[], known: string | null, text: string): Locale {
  const served = (l: string | null): l is Locale => l !== null && (LOCALES as readonly string[]).includes(l) && lineLanguages.includes(l);
  if (served(known)) return known;
  const detected = detectLanguage(text);
  if (served(detected)) return detected;
  return LOCALES.find((l) => lineLanguages[0] === l) ?? "he";
}

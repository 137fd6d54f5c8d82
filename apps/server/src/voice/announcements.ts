/**
 * What a caller on hold is told, as a sentence in their language: their place in line and the expected
 * wait, with each language's number and plural forms ("1 minute" / "4 minutes"; Hebrew's feminine
 * numbers for דקה; Arabic's dual and its 3–10 plural; Russian's three forms). The numbers a synthesiser
 * might read in the wrong gender are written out in words.
 */

export interface QueueStanding {
  /** Place in line (1 = next), or null not to say it. */
  position: number | null;
  /** Expected wait in whole minutes (0 = under a minute), or null not to say it. */
  minutes: number | null;
}

export const SPOKEN_LANGUAGES = ["he", "en", "ar", "ru"] as const;
export type SpokenLanguage = (typeof SPOKEN_LANGUAGES)[number];

export const isSpoken = (language: string | null | undefined): language is SpokenLanguage => (SPOKEN_LANGUAGES as readonly string[]).includes(language ?? "");

/** Hebrew cardinal numbers in the feminine (the form for counting minutes, and for reading a number out). */
const HE_UNITS = ["", "אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע"];
const HE_TEENS = ["עשר", "אחת עשרה", "שתים עשרה", "שלוש עשרה", "ארבע עשרה", "חמש עשרה", "שש עשרה", "שבע עשרה", "שמונה עשרה", "תשע עשרה"];
const HE_TENS = ["", "", "עשרים", "שלושים", "ארבעים", "חמישים", "שישים", "שבעים", "שמונים", "תשעים"];
const HE_HUNDREDS = ["", "מאה", "מאתיים", "שלוש מאות", "ארבע מאות", "חמש מאות", "שש מאות", "שבע מאות", "שמונה מאות", "תשע מאות"];

export function hebrewFeminine(n: number): string {
  if (n === 0) return "אפס";
  if (n >= 1000) return String(n);
  const hundreds = HE_HUNDREDS[Math.floor(n / 100)]!;
  const rest = n % 100;
  const tail = rest === 0 ? "" : rest < 10 ? HE_UNITS[rest]! : rest < 20 ? HE_TEENS[rest - 10]! : rest % 10 === 0 ? HE_TENS[rest / 10]! : `${HE_TENS[Math.floor(rest / 10)]} ו${HE_UNITS[rest % 10]}`;
  if (!hundreds) return tail;
  if (!tail) return hundreds;
  // "מאה ועשרים ושלוש": the last part takes the "and".
  return tail.includes(" ו") ? `${hundreds} ${tail}` : `${hundreds} ו${tail}`;
}

function hebrew({ position, minutes }: QueueStanding): string[] {
  const parts: string[] = [];
  // Israeli phone menus address callers in the plural, which is also the one form that fits everyone.
  if (position !== null) parts.push(`מספרכם בתור: ${hebrewFeminine(position)}.`);
  if (minutes !== null) {
    const wait = minutes < 1 ? "פחות מדקה" : minutes === 1 ? "כדקה אחת" : minutes === 2 ? "כשתי דקות" : `כ${hebrewFeminine(minutes)} דקות`;
    parts.push(`זמן ההמתנה המשוער: ${wait}.`);
  }
  return parts;
}

function english({ position, minutes }: QueueStanding): string[] {
  const parts: string[] = [];
  if (position !== null) parts.push(`You are number ${position} in line.`);
  if (minutes !== null) parts.push(`Expected wait: ${minutes < 1 ? "less than a minute" : minutes === 1 ? "about 1 minute" : `about ${minutes} minutes`}.`);
  return parts;
}

/** دقيقة is feminine: 3–10 take the masculine-looking number and the plural دقائق; 11 and up the singular. */
const AR_FEW = ["", "", "", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر"];
const arabicPlural = new Intl.PluralRules("ar");

function arabic({ position, minutes }: QueueStanding): string[] {
  const parts: string[] = [];
  if (position !== null) parts.push(`ترتيبك في قائمة الانتظار: ${position}.`);
  if (minutes !== null) {
    const form = arabicPlural.select(minutes);
    const wait =
      minutes < 1 ? "أقل من دقيقة" : form === "one" ? "حوالي دقيقة واحدة" : form === "two" ? "حوالي دقيقتين" : form === "few" && minutes <= 10 ? `حوالي ${AR_FEW[minutes]} دقائق` : `حوالي ${minutes} دقيقة`;
    parts.push(`مدة الانتظار المتوقعة: ${wait}.`);
  }
  return parts;
}

const russianPlural = new Intl.PluralRules("ru");

/** Russian минута is feminine: numbers ending in one or two are "одна" / "две" (a synthesiser says "один" / "два" for digits). */
function russianMinutes(n: number): string {
  const form = russianPlural.select(n);
  const noun = form === "one" ? "минута" : form === "few" ? "минуты" : "минут";
  const last = n % 10;
  const teen = n % 100 >= 11 && n % 100 <= 19;
  if (!teen && (last === 1 || last === 2)) {
    const head = n - last;
    return `${head ? `${head} ` : ""}${last === 1 ? "одна" : "две"} ${noun}`;
  }
  return `${n} ${noun}`;
}

function russian({ position, minutes }: QueueStanding): string[] {
  const parts: string[] = [];
  if (position !== null) parts.push(`Ваш номер в очереди: ${position}.`);
  if (minutes !== null) parts.push(`Ожидаемое время ожидания: ${minutes < 1 ? "меньше минуты" : `примерно ${russianMinutes(minutes)}`}.`);
  return parts;
}

const BUILDERS: Record<SpokenLanguage, (s: QueueStanding) => string[]> = { he: hebrew, en: english, ar: arabic, ru: russian };

/** The announcement in one language; empty when there is nothing to say. */
export function standingSentence(language: SpokenLanguage, standing: QueueStanding): string {
  const clamp = (n: number | null) => (n === null ? null : Math.max(0, Math.round(n)));
  return BUILDERS[language]({ position: clamp(standing.position), minutes: clamp(standing.minutes) }).join(" ");
}

import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import ar from "./locales/ar.json";
import en from "./locales/en.json";
import he from "./locales/he.json";
import ru from "./locales/ru.json";

export const LANGUAGES = [
  { code: "he", label: "עברית", dir: "rtl" },
  { code: "en", label: "English", dir: "ltr" },
  { code: "ar", label: "العربية", dir: "rtl" },
  { code: "ru", label: "Русский", dir: "ltr" },
] as const;
export type Language = (typeof LANGUAGES)[number]["code"];

const STORAGE_KEY = "moked.lang";

export function directionOf(lang: string): "rtl" | "ltr" {
  return LANGUAGES.find((l) => l.code === lang)?.dir ?? "rtl";
}

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return (LANGUAGES.find((l) => l.code === saved)?.code ?? "he") as Language;
}

/** Keeps <html lang dir> in step with the language, so the browser and CSS mirror the whole page. */
function applyToDocument(lang: string): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { he: { translation: he }, en: { translation: en }, ar: { translation: ar }, ru: { translation: ru } },
  lng: initialLanguage(),
  fallbackLng: "he",
  interpolation: { escapeValue: false },
});
applyToDocument(i18n.language);
i18n.on("languageChanged", applyToDocument);

export default i18n;

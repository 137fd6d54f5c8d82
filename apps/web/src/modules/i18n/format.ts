import { useMemo } from "react";
import { useTranslation } from "react-i18next";

export interface Formatters {
  number(n: number): string;
  /** A share 0..1 as a whole percentage; null as a dash. */
  percent(share: number | null): string;
  /** Seconds as m:ss, or h:mm:ss from an hour; null as a dash. */
  duration(seconds: number | null): string;
  /** A clock time of day. */
  time(at: string | number): string;
  /** A short date with the time of day. */
  dateTime(at: string | number): string;
  /** A file's size in bytes, kB or MB, with the language's own unit names. */
  bytes(size: number): string;
}

/** Numbers and times in the chosen language's own conventions (digits, separators), through Intl. */
export function formatters(lang: string): Formatters {
  const num = new Intl.NumberFormat(lang);
  const pct = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
  const two = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(lang, { useGrouping: false });
  const clock = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" });
  const stamp = new Intl.DateTimeFormat(lang, { day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit" });
  const size = (unit: "byte" | "kilobyte" | "megabyte") => new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 });
  const [b, kb, mb] = [size("byte"), size("kilobyte"), size("megabyte")];
  return {
    number: (n) => num.format(n),
    percent: (share) => (share === null ? "—" : pct.format(share)),
    duration: (seconds) => {
      if (seconds === null) return "—";
      const s = Math.max(0, Math.round(seconds));
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const rest = two.format(s % 60);
      return h > 0 ? `${one.format(h)}:${two.format(m)}:${rest}` : `${one.format(m)}:${rest}`;
    },
    time: (at) => clock.format(new Date(at)),
    dateTime: (at) => stamp.format(new Date(at)),
    bytes: (n) => (n < 1024 ? b.format(n) : n < 1024 * 1024 ? kb.format(n / 1024) : mb.format(n / 1024 / 1024)),
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => formatters(i18n.language), [i18n.language]);
}

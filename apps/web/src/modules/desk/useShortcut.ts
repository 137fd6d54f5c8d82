import { useEffect, useRef } from "react";

/**
 * Alt + a letter, by physical key (event.code), so the shortcut works the same on a Hebrew, Arabic or
 * Russian keyboard layout as on a Latin one.
 */
export function useAltShortcut(letter: string, handler: () => void, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const code = `Key${letter.toUpperCase()}`;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.code !== code) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [letter, enabled]);
}

import type { LiveEvent } from "@moked/contracts";
import { useEffect, useRef, useState } from "react";
import { api } from "../../api/client";
import { RECONNECTED, useLiveEvents } from "../live/LiveProvider";

/**
 * An API resource re-read on live events without falling behind a busy center: a burst of events costs one
 * request at a time (the next starts when the previous answered, at least `gapMs` after it started), unlike
 * a debounce that never fires while events keep coming. The new data lands in the next animation frame;
 * `share` may keep unchanged parts of the previous data (see shareItems), so unchanged rows do not re-render.
 */
export function useLiveSnapshot<T>(path: string, when: (e: LiveEvent) => boolean, options: { gapMs?: number; everyMs?: number; share?: (previous: T | null, next: T) => T } = {}) {
  const { gapMs = 150, everyMs = 10_000, share } = options;
  const shareRef = useRef(share);
  shareRef.current = share;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const state = useRef({ inFlight: false, pending: false, startedAt: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined, alive: true });

  const fetchNow = useRef(() => {});
  fetchNow.current = () => {
    const s = state.current;
    if (s.inFlight) {
      s.pending = true;
      return;
    }
    const wait = s.startedAt + gapMs - Date.now();
    if (wait > 0) {
      s.pending = true;
      if (!s.timer) s.timer = setTimeout(() => ((s.timer = undefined), fetchNow.current()), wait);
      return;
    }
    s.inFlight = true;
    s.pending = false;
    s.startedAt = Date.now();
    api<T>(path)
      .then((d) => s.alive && requestAnimationFrame(() => s.alive && (setData((previous) => shareRef.current?.(previous, d) ?? d), setError(null))))
      .catch((e: unknown) => s.alive && setError(e))
      .finally(() => {
        s.inFlight = false;
        if (s.pending && s.alive) fetchNow.current();
      });
  };

  useLiveEvents((event) => {
    if (event.type === RECONNECTED || when(event)) fetchNow.current();
  });
  useEffect(() => {
    const s = state.current;
    s.alive = true;
    fetchNow.current();
    const timer = setInterval(() => fetchNow.current(), everyMs);
    return () => {
      s.alive = false;
      clearInterval(timer);
      clearTimeout(s.timer);
    };
  }, [path, everyMs]);
  return { data, error, reload: () => fetchNow.current() };
}

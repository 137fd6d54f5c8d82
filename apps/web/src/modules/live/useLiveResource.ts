import type { LiveEvent } from "@moked/contracts";
import { useEffect, useRef } from "react";
import { useApi } from "../shell/useApi";
import { RECONNECTED, useLiveEvents } from "./LiveProvider";

interface Options {
  /** Which live events make the resource stale. */
  when(event: LiveEvent): boolean;
  /** Reload at least this often, in case an event was missed. */
  everyMs: number;
  /** Coalesce bursts of events into one reload after this quiet time. */
  debounceMs?: number;
}

/** An API resource kept fresh by live events (debounced) and a periodic fallback refresh. */
export function useLiveResource<T>(path: string | null, { when, everyMs, debounceMs = 0 }: Options) {
  const resource = useApi<T>(path);
  const { reload } = resource;
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLiveEvents((event) => {
    if (event.type !== RECONNECTED && !when(event)) return;
    clearTimeout(pending.current);
    if (debounceMs <= 0) reload();
    else pending.current = setTimeout(reload, debounceMs);
  });
  useEffect(() => {
    const timer = setInterval(reload, everyMs);
    return () => {
      clearInterval(timer);
      clearTimeout(pending.current);
    };
  }, [reload, everyMs]);
  return resource;
}

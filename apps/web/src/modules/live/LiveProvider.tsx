import type { LiveEvent } from "@moked/contracts";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from "react";
import { useLiveConnection, type LiveStatus } from "./useLiveConnection";

type Listener = (event: LiveEvent) => void;

interface LiveContextValue {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveContextValue | null>(null);

/** A reconnect is reported to listeners as this synthetic event, so they reload what they show. */
export const RECONNECTED = "live.reconnected";

/** One WebSocket for the whole app, shared by every screen through `useLiveEvents`. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const dispatch = useCallback((event: LiveEvent) => {
    for (const listener of [...listeners.current]) listener(event);
  }, []);
  const reconnected = useCallback(() => dispatch({ type: RECONNECTED, tenantId: null, at: new Date().toISOString(), payload: {} }), [dispatch]);
  const status = useLiveConnection(dispatch, reconnected);
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const value = useMemo(() => ({ status, subscribe }), [status, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

function useLiveContext(): LiveContextValue {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error("useLiveEvents needs a LiveProvider above it");
  return ctx;
}

export function useLiveStatus(): LiveStatus {
  return useLiveContext().status;
}

/** Calls the handler for every live event while the component is mounted; the latest handler is always used. */
export function useLiveEvents(handler: Listener): void {
  const { subscribe } = useLiveContext();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

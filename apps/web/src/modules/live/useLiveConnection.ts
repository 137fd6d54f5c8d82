import type { LiveEvent } from "@moked/contracts";
import { useEffect, useState } from "react";

export type LiveStatus = "connecting" | "connected" | "disconnected";

/**
 * Keeps the live WebSocket open while logged in, reconnecting with capped exponential backoff. Opened once,
 * by the LiveProvider: screens listen through `useLiveEvents`, never with a socket of their own.
 */
export function useLiveConnection(onEvent: (event: LiveEvent) => void, onReconnect?: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    let socket: WebSocket | null = null;
    let attempt = 0;
    let opened = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/live`);
      setStatus("connecting");
      socket.onopen = () => {
        attempt = 0;
        setStatus("connected");
        // Events sent while we were away are lost: let the screens reload what they show.
        if (opened) onReconnect?.();
        opened = true;
      };
      socket.onmessage = (message) => {
        try {
          onEvent(JSON.parse(String(message.data)) as LiveEvent);
        } catch {
          // A malformed frame is dropped; the periodic refresh covers what it would have told us.
        }
      };
      socket.onclose = () => {
        if (stopped) return;
        setStatus("disconnected");
        timer = setTimeout(open, Math.min(30_000, 500 * 2 ** attempt++));
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [onEvent, onReconnect]);
  return status;
}

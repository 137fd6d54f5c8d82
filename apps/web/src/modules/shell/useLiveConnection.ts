import { useEffect, useState } from "react";

export type LiveStatus = "connecting" | "connected" | "disconnected";

/** Keeps the live WebSocket open while logged in, reconnecting with capped exponential backoff. */
export function useLiveConnection(onEvent?: (event: { type: string }) => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    let socket: WebSocket | null = null;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/live`);
      setStatus("connecting");
      socket.onopen = () => {
        attempt = 0;
        setStatus("connected");
      };
      socket.onmessage = (message) => onEvent?.(JSON.parse(String(message.data)) as { type: string });
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
  }, [onEvent]);
  return status;
}

import { Alert, Badge, Button, Group, Slider, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { audioPackets, gathered, pcmuFirst } from "../voice/webrtc";

type Phase = "connecting" | "listening" | "failed";

/** Tells the gateway to stop sending (it would otherwise notice the closed connection only when the call ends). A call already over: nothing to stop. */
function stop(interactionId: string, listenerId: string): void {
  void api(`/voice/calls/${interactionId}/listen/${listenerId}`, { method: "DELETE" }).catch(() => {});
}

/**
 * Silent listening to a live call: two receive-only audio streams from the gateway (the caller and the
 * agent), played together at the chosen volume. Nothing is sent — no microphone is asked for — and the
 * agent and the caller are not told.
 */
export function ListenIn({ interactionId, onStop }: { interactionId: string; onStop(): void }) {
  const { t } = useTranslation();
  const caller = useRef<HTMLAudioElement>(null);
  const agent = useRef<HTMLAudioElement>(null);
  const [phase, setPhase] = useState<Phase>("connecting");
  const [error, setError] = useState<unknown>(null);
  const [volume, setVolume] = useState(80);
  const [received, setReceived] = useState(0);

  useEffect(() => {
    let stopped = false;
    let listenerId: string | null = null;
    const pc = new RTCPeerConnection();
    pc.addTransceiver("audio", { direction: "recvonly" });
    pc.addTransceiver("audio", { direction: "recvonly" });
    pcmuFirst(pc);
    pc.ontrack = (e) => {
      const index = pc.getTransceivers().indexOf(e.transceiver);
      const el = index === 0 ? caller.current : agent.current;
      if (el) el.srcObject = new MediaStream([e.track]);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "connected") setPhase("listening");
      if (pc.connectionState === "failed") setPhase("failed");
    };
    (async () => {
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const answer = await api<{ sdp: string; listenerId: string }>(`/voice/calls/${interactionId}/listen`, { method: "POST", body: { sdp: pc.localDescription!.sdp } });
      listenerId = answer.listenerId;
      if (stopped) return stop(interactionId, listenerId);
      await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
    })().catch((e: unknown) => {
      if (stopped) return;
      setError(e);
      setPhase("failed");
    });
    const stats = setInterval(() => void audioPackets(pc).then((p) => setReceived(p.received)), 1000);
    return () => {
      stopped = true;
      clearInterval(stats);
      pc.close();
      if (listenerId) stop(interactionId, listenerId);
    };
  }, [interactionId]);

  useEffect(() => {
    for (const el of [caller.current, agent.current]) if (el) el.volume = volume / 100;
  }, [volume]);

  return (
    <Group gap="sm" wrap="wrap" data-testid="listen-in" data-phase={phase} data-packets-received={received}>
      <audio ref={caller} autoPlay />
      <audio ref={agent} autoPlay />
      <Badge color={phase === "listening" ? "red" : phase === "failed" ? "gray" : "yellow"} variant={phase === "listening" ? "filled" : "light"} data-testid="listen-indicator">
        {t(`listen.phase.${phase}`)}
      </Badge>
      <Text size="xs" c="dimmed" dir="ltr" aria-label={t("listen.packets")}>
        ↓{received}
      </Text>
      <Group gap={6} wrap="nowrap" w={160}>
        <Text size="xs">{t("listen.volume")}</Text>
        <Slider size="xs" min={0} max={100} value={volume} onChange={setVolume} label={(v) => `${v}%`} style={{ flex: 1 }} aria-label={t("listen.volume")} data-testid="listen-volume" />
      </Group>
      <Button size="compact-xs" color="red" variant="light" onClick={onStop} data-testid="listen-stop">
        {t("listen.stop")}
      </Button>
      {error !== null && <Alert color="red" py={4}>{errorMessage(t, error)}</Alert>}
    </Group>
  );
}

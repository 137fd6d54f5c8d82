import { Alert, Badge, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import type { OutboundAttemptView } from "@moked/contracts";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { api } from "../../api/client";
import { useAuth } from "../auth/AuthProvider";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { audioPackets, gathered, pcmuFirst } from "./webrtc";

type Attempt = z.infer<typeof OutboundAttemptView>;

const COLOR: Record<Attempt["status"], string> = { dialing: "gray", ringing: "blue", answered: "green", ended: "gray", busy: "orange", no_answer: "orange", failed: "red", cancelled: "gray" };
const LIVE = new Set<Attempt["status"]>(["dialing", "ringing", "answered"]);

/**
 * "Call back" on a contact the agent holds: a call from the agent's browser (WebRTC, G.711 μ-law) to the
 * customer through the line's trunk, with how it goes — dialling, ringing, answered, busy, no answer,
 * failed — and, after a miss, whether the customer was sent an SMS and when the next attempt is due.
 * Team leaders may dial another number by hand.
 */
export function CallBack({ interactionId }: { interactionId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { user } = useAuth();
  const pcRef = useRef<RTCPeerConnection | null>(null);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [muted, setMuted] = useState(false);
  const [number, setNumber] = useState("");
  const [packets, setPackets] = useState({ received: 0, sent: 0 });
  const live = attempt !== null && LIVE.has(attempt.status);

  const release = () => {
    const pc = pcRef.current;
    pcRef.current = null;
    pc?.getSenders().forEach((s) => s.track?.stop());
    pc?.close();
  };
  useEffect(() => release, []);

  // While a call is on: its progress from the gateway, and the audio packets each way.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      void api<{ attempt: Attempt | null }>(`/voice/calls/${interactionId}/outbound`)
        .then((r) => {
          setAttempt(r.attempt);
          if (r.attempt && !LIVE.has(r.attempt.status)) release();
        })
        .catch(() => {});
      const pc = pcRef.current;
      if (pc) void audioPackets(pc).then(setPackets);
    }, 1000);
    return () => clearInterval(timer);
  }, [live, interactionId]);

  const dial = async () => {
    setBusy(true);
    setError(null);
    release();
    try {
      const pc = new RTCPeerConnection();
      pcRef.current = pc;
      pc.ontrack = (e) => {
        const audio = document.getElementById(`callback-audio-${interactionId}`) as HTMLAudioElement | null;
        if (audio) audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      };
      const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const track of mic.getAudioTracks()) pc.addTrack(track, mic);
      pcmuFirst(pc);
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const body = { sdp: pc.localDescription!.sdp, ...(number.trim() ? { number: number.replace(/[^\d+*#]/g, "") } : {}) };
      const r = await api<{ sdp: string; attempt: Attempt }>(`/voice/calls/${interactionId}/dial`, { method: "POST", body });
      await pc.setRemoteDescription({ type: "answer", sdp: r.sdp });
      setMuted(false);
      setAttempt(r.attempt);
    } catch (e) {
      release();
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const hangUp = () => void api(`/voice/calls/${interactionId}/hangup`, { method: "POST" }).catch(setError);

  const toggleMute = () => {
    const next = !muted;
    pcRef.current?.getSenders().forEach((s) => s.track && (s.track.enabled = !next));
    setMuted(next);
  };

  return (
    <Stack gap={6} data-testid="callback" data-status={attempt?.status ?? "idle"} data-packets-received={packets.received} data-packets-sent={packets.sent}>
      <audio id={`callback-audio-${interactionId}`} autoPlay />
      <Group gap="sm" align="flex-end">
        {!live && (
          <Button size="xs" color="green" loading={busy} onClick={() => void dial()} data-testid="callback-dial">
            {attempt ? t("callback.again") : t("callback.call")}
          </Button>
        )}
        {!live && user?.role === "team_leader" && (
          <TextInput size="xs" w={170} dir="ltr" label={t("callback.manual")} placeholder="+972…" value={number} onChange={(e) => setNumber(e.currentTarget.value)} data-testid="callback-number" />
        )}
        {attempt && (
          <Badge color={COLOR[attempt.status]} data-testid="callback-status">
            {t(`callback.status.${attempt.status}`)}
          </Badge>
        )}
        {attempt && (
          <Text size="xs" dir="ltr">
            {attempt.number}
          </Text>
        )}
        {live && (
          <>
            <Button size="xs" variant={muted ? "filled" : "default"} onClick={toggleMute} aria-pressed={muted}>
              {muted ? t("softphone.unmute") : t("softphone.mute")}
            </Button>
            <Button size="xs" color="red" variant="light" onClick={hangUp} data-testid="callback-hangup">
              {t("callback.hangUp")}
            </Button>
            <Text size="xs" c="dimmed" dir="ltr" aria-label={t("softphone.packets")}>
              ↓{packets.received} ↑{packets.sent}
            </Text>
          </>
        )}
      </Group>
      {attempt && !live && attempt.status !== "ended" && attempt.status !== "cancelled" && (
        <Text size="sm" data-testid="callback-followup">
          {attempt.smsQueued ? t("callback.smsSent") : ""}{" "}
          {attempt.nextAttemptAt ? t("callback.nextAt", { at: fmt.dateTime(attempt.nextAttemptAt) }) : t("callback.noMore")}
        </Text>
      )}
      {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
    </Stack>
  );
}

import { ActionIcon, Alert, Badge, Button, Group, Popover, SimpleGrid, Stack, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { audioPackets, gathered, pcmuFirst } from "./webrtc";

interface Props {
  interactionId: string;
  /** The call is not on the gateway (the caller kept their place and hung up): the desk offers a call-back instead. */
  onGone?: () => void;
}

type Phase = "connecting" | "connected" | "failed";
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

/**
 * The agent's phone in the browser for a connected call: microphone and speaker over WebRTC to the voice
 * gateway (G.711 μ-law, bridged to the trunk without transcoding), with mute, hold and a keypad. It shows
 * the packets flowing each way, so "the caller can't hear me" is visible at a glance.
 */
export function Softphone({ interactionId, onGone }: Props) {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(null);
  const pcRef = useRef<RTCPeerConnection | null>(null);
  const gone = useRef(onGone);
  gone.current = onGone;
  const [phase, setPhase] = useState<Phase>("connecting");
  const [error, setError] = useState<unknown>(null);
  const [muted, setMuted] = useState(false);
  const [held, setHeld] = useState(false);
  const [packets, setPackets] = useState({ received: 0, sent: 0 });

  useEffect(() => {
    let stopped = false;
    const pc = new RTCPeerConnection();
    pcRef.current = pc;
    pc.ontrack = (e) => {
      if (audio.current) audio.current.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "connected") setPhase("connected");
      if (pc.connectionState === "failed") setPhase("failed");
    };
    (async () => {
      const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
      if (stopped) return mic.getTracks().forEach((tr) => tr.stop());
      for (const track of mic.getAudioTracks()) pc.addTrack(track, mic);
      pcmuFirst(pc);
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const answer = await api<{ sdp: string }>(`/voice/calls/${interactionId}/softphone`, { method: "POST", body: { sdp: pc.localDescription!.sdp } });
      if (!stopped) await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
    })().catch((e: unknown) => {
      if (stopped) return;
      if (e instanceof ApiError && e.status === 404 && gone.current) return gone.current();
      setError(e);
      setPhase("failed");
    });
    const stats = setInterval(() => {
      void audioPackets(pc).then(setPackets);
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(stats);
      pc.getSenders().forEach((s) => s.track?.stop());
      pc.close();
    };
  }, [interactionId]);

  const toggleMute = () => {
    const next = !muted;
    pcRef.current?.getSenders().forEach((s) => s.track && (s.track.enabled = !next));
    setMuted(next);
  };

  const toggleHold = async () => {
    try {
      await api(`/voice/calls/${interactionId}/hold`, { method: "POST", body: { held: !held } });
      setHeld(!held);
    } catch (e) {
      setError(e);
    }
  };

  const press = (digits: string) => void api(`/voice/calls/${interactionId}/dtmf`, { method: "POST", body: { digits } }).catch(setError);

  return (
    <Stack gap={6} data-testid="softphone" data-phase={phase} data-packets-received={packets.received} data-packets-sent={packets.sent}>
      <audio ref={audio} autoPlay />
      <Group gap="sm">
        <Badge color={phase === "connected" ? (held ? "yellow" : "green") : phase === "failed" ? "red" : "gray"}>
          {held ? t("softphone.held") : t(`softphone.phase.${phase}`)}
        </Badge>
        <Button size="xs" variant={muted ? "filled" : "default"} onClick={toggleMute} aria-pressed={muted} data-testid="softphone-mute">
          {muted ? t("softphone.unmute") : t("softphone.mute")}
        </Button>
        <Button size="xs" variant={held ? "filled" : "default"} onClick={() => void toggleHold()} aria-pressed={held} data-testid="softphone-hold">
          {held ? t("softphone.resume") : t("softphone.hold")}
        </Button>
        <Popover position="bottom" withArrow>
          <Popover.Target>
            <Button size="xs" variant="default" data-testid="softphone-keypad">
              {t("softphone.keypad")}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <SimpleGrid cols={3} spacing={4} dir="ltr">
              {KEYS.map((k) => (
                <ActionIcon key={k} variant="default" size="lg" onClick={() => press(k)} aria-label={t("softphone.key", { key: k })}>
                  {k}
                </ActionIcon>
              ))}
            </SimpleGrid>
          </Popover.Dropdown>
        </Popover>
        <Text size="xs" c="dimmed" dir="ltr" aria-label={t("softphone.packets")}>
          ↓{packets.received} ↑{packets.sent}
        </Text>
      </Group>
      {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
    </Stack>
  );
}

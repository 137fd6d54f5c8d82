import { Anchor, Group, SegmentedControl, Text } from "@mantine/core";
import type { CallRecording } from "@moked/contracts";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";

const SPEEDS = ["1", "1.5", "2"];

/**
 * One recording: the browser's player (play, pause, seek — the server answers byte ranges), a speed switch,
 * a download link, its length and when it was. Nothing is fetched until play is pressed, so opening a list
 * does not count as listening in the audit log.
 */
export function RecordingPlayer({ recording, meta = true }: { recording: CallRecording; meta?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const audio = useRef<HTMLAudioElement>(null);
  const [speed, setSpeed] = useState("1");
  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    // A new load resets playbackRate to defaultPlaybackRate: set both.
    el.defaultPlaybackRate = Number(speed);
    el.playbackRate = Number(speed);
  }, [speed]);
  return (
    <Group gap="xs" wrap="wrap" data-testid="recording-player" data-recording={recording.id}>
      <audio ref={audio} controls preload="none" src={recording.url} dir="ltr" style={{ height: 32, minInlineSize: 260 }} aria-label={t("recordings.player", { at: fmt.dateTime(recording.startedAt) })} data-testid="recording-audio" />
      <SegmentedControl size="xs" value={speed} onChange={setSpeed} data={SPEEDS.map((s) => ({ value: s, label: `${s}×` }))} aria-label={t("recordings.speed")} data-testid="recording-speed" />
      <Anchor size="xs" href={`${recording.url}?download=1`} download data-testid="recording-download">
        {t("recordings.download")}
      </Anchor>
      {meta && (
        <Text size="xs" c="dimmed">
          <span dir="ltr">{fmt.duration(recording.durationMs / 1000)}</span> · {fmt.dateTime(recording.startedAt)}
        </Text>
      )}
    </Group>
  );
}

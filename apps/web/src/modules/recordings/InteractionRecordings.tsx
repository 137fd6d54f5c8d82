import { Button, Loader, Stack, Text } from "@mantine/core";
import type { CallRecording } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../i18n/errors";
import { useApi } from "../shell/useApi";
import { useCanHearCalls } from "./access";
import { RecordingPlayer } from "./RecordingPlayer";

/** A voice contact's recordings with their players, for center staff only (nothing at all for others). */
export function InteractionRecordings({ interactionId, initiallyOpen = false }: { interactionId: string; initiallyOpen?: boolean }) {
  const { t } = useTranslation();
  const allowed = useCanHearCalls();
  const [open, setOpen] = useState(initiallyOpen);
  if (!allowed) return null;
  if (!open)
    return (
      <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)} data-testid="recordings-open">
        {t("recordings.show")}
      </Button>
    );
  return <RecordingList interactionId={interactionId} />;
}

function RecordingList({ interactionId }: { interactionId: string }) {
  const { t } = useTranslation();
  const res = useApi<{ items: CallRecording[] }>(`/interactions/${interactionId}/recordings`);
  if (res.error) return <Text size="xs" c="red">{errorMessage(t, res.error)}</Text>;
  if (!res.data) return <Loader size="xs" aria-label={t("common.loading")} />;
  if (res.data.items.length === 0)
    return (
      <Text size="xs" c="dimmed" data-testid="recordings-none">
        {t("recordings.none")}
      </Text>
    );
  return (
    <Stack gap={4} data-testid="interaction-recordings">
      {res.data.items.map((r) => (
        <RecordingPlayer key={r.id} recording={r} />
      ))}
    </Stack>
  );
}

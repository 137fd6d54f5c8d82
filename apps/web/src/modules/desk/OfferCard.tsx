import { Alert, Badge, Button, Card, Group, Kbd, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { useNow } from "../shell/useNow";
import { beep } from "./beep";
import type { Directory } from "./useDirectory";
import { useAltShortcut } from "./useShortcut";
import { TransferNote } from "./TransferNote";
import type { InteractionDetail, OfferInfo, WorkEntry } from "./types";

interface Props {
  entry: WorkEntry;
  info: OfferInfo | undefined;
  directory: Directory;
  /** Only the first offer on screen answers the keyboard shortcuts. */
  shortcuts: boolean;
  onDone(): void;
}

/** A contact offered to the agent: who and where from, how long it waited, how long is left to take it. */
export function OfferCard({ entry, info, directory, shortcuts, onDone }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useNow(250);
  const { data } = useApi<InteractionDetail>(`/interactions/${entry.interactionId}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const interaction = data?.interaction;

  useEffect(() => beep(), [entry.interactionId]);

  const act = async (action: "accept" | "reject") => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/interactions/${entry.interactionId}/${action}`, { method: "POST", body: action === "reject" ? {} : undefined });
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  useAltShortcut("a", () => void act("accept"), shortcuts);
  useAltShortcut("r", () => void act("reject"), shortcuts);

  const tenantId = interaction?.tenantId ?? info?.tenantId;
  const queueId = interaction?.queueId ?? info?.queueId;
  const left = info ? Math.max(0, (info.expiresAt - now) / 1000) : null;
  const waited = interaction ? (now - Date.parse(interaction.arrivedAt)) / 1000 : null;
  return (
    <Card withBorder shadow="md" bg="var(--mantine-color-yellow-light)" role="alert" data-testid="offer-card" data-interaction={entry.interactionId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t("desk.offer.title")}</Title>
          {left !== null && (
            <Badge size="lg" color={left <= 5 ? "red" : "yellow"} data-testid="offer-countdown">
              {t("desk.offer.expiresIn")} <span dir="ltr">{fmt.duration(left)}</span>
            </Badge>
          )}
        </Group>
        <Text fw={600} data-testid="offer-line">
          {directory.lineName(tenantId)}
        </Text>
        <Group gap="md">
          <Text size="sm">
            {t("desk.queue")}: {directory.queueName(queueId)}
          </Text>
          <Text size="sm">
            {t("desk.channel")}: {t(`desk.channels.${entry.channel}`)}
          </Text>
          <Text size="sm">
            {t("desk.offer.waited")}: <span dir="ltr">{fmt.duration(waited)}</span>
          </Text>
        </Group>
        <TransferNote transfer={data?.transfer} />
        <Group gap="sm">
          <Button color="green" data-testid="offer-accept" loading={busy} onClick={() => void act("accept")} aria-keyshortcuts="Alt+A">
            {t("desk.offer.accept")}&nbsp;<Kbd size="xs">Alt+A</Kbd>
          </Button>
          <Button color="red" variant="light" data-testid="offer-reject" loading={busy} onClick={() => void act("reject")} aria-keyshortcuts="Alt+R">
            {t("desk.offer.reject")}&nbsp;<Kbd size="xs">Alt+R</Kbd>
          </Button>
        </Group>
        {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
      </Stack>
    </Card>
  );
}

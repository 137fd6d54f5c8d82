import { Alert, Badge, Button, Card, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { useNow } from "../shell/useNow";
import type { Directory } from "./useDirectory";
import { TransferNote } from "./TransferNote";
import type { InteractionDetail, WorkEntry } from "./types";
import { WrapUpForm } from "./WrapUpForm";
import { ContactPanels } from "./ContactPanels";
import { ChatPane } from "./ChatPane";
import { EmailPane } from "./EmailPane";
import { Softphone } from "../voice/Softphone";
import { CallBack } from "../voice/CallBack";

interface Props {
  entry: WorkEntry;
  directory: Directory;
  onDone(): void;
}

const STATUS_COLOR: Record<string, string> = { connected: "blue", wrap_up: "violet" };

/** A contact the agent is handling: complete it, file its wrap-up, or transfer it to another queue. */
export function WorkItem({ entry, directory, onDone }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useNow();
  const { data } = useApi<InteractionDetail>(`/interactions/${entry.interactionId}`);
  const interaction = data?.interaction;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [target, setTarget] = useState<string | null>(null);
  /** The note for whoever takes the contact next, sent with either kind of transfer. */
  const [note, setNote] = useState("");
  /** A voice contact whose caller kept their place and hung up: called back from here. */
  const [callGone, setCallGone] = useState(false);

  const post = async (action: string, body?: unknown) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/interactions/${entry.interactionId}/${action}`, { method: "POST", body });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const since = interaction?.answeredAt ?? interaction?.arrivedAt;
  const transferTo = interaction ? directory.queuesOf(interaction.tenantId).filter((q) => q.id !== interaction.queueId) : [];
  return (
    <Card withBorder data-testid="work-item" data-interaction={entry.interactionId} data-status={entry.status}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="sm">
            <Text fw={600}>{directory.lineName(interaction?.tenantId)}</Text>
            <Text size="sm" c="dimmed">
              {directory.queueName(interaction?.queueId)}
            </Text>
            <Badge variant="light">{t(`desk.channels.${entry.channel}`)}</Badge>
          </Group>
          <Group gap="sm">
            <Badge color={STATUS_COLOR[entry.status] ?? "gray"}>{t(`desk.status.${entry.status}`, { defaultValue: entry.status })}</Badge>
            {since && (
              <Text size="sm" c="dimmed" dir="ltr">
                {fmt.duration((now - Date.parse(since)) / 1000)}
              </Text>
            )}
          </Group>
        </Group>
        {interaction?.customerRef && (
          <Text size="sm">
            {t("desk.customer")}: <span dir="ltr">{interaction.customerRef}</span>
          </Text>
        )}
        {entry.channel === "chat" && <ChatPane interactionId={entry.interactionId} status={entry.status} />}
        {entry.channel === "email" && <EmailPane interactionId={entry.interactionId} status={entry.status} />}
        {entry.channel === "voice" && entry.status === "connected" && !callGone && <Softphone interactionId={entry.interactionId} onGone={() => setCallGone(true)} />}
        {(entry.channel === "callback" || (entry.channel === "voice" && callGone)) && entry.status === "connected" && <CallBack interactionId={entry.interactionId} />}
        <TransferNote transfer={data?.transfer} />
        <ContactPanels entry={entry} interaction={interaction} directory={directory} transferReason={note.trim()} />
        {entry.status === "connected" && (
          <Group gap="sm" align="flex-end">
            <Button color="red" variant="light" loading={busy} data-testid="work-complete" onClick={() => void post("complete")}>
              {t("desk.complete")}
            </Button>
            {entry.channel === "callback" && (
              <Button color="orange" variant="light" loading={busy} data-testid="work-not-reached" onClick={() => void post("not-reached")}>
                {t("desk.notReached")}
              </Button>
            )}
            <Select
              label={t("desk.transferTo")}
              placeholder={t("desk.chooseQueue")}
              data={transferTo.map((q) => ({ value: q.id, label: q.name }))}
              value={target}
              onChange={setTarget}
              disabled={transferTo.length === 0}
              w={220}
              data-testid="work-transfer-queue"
            />
            <TextInput
              label={t("desk.transferNote.label")}
              placeholder={t("desk.transferNote.placeholder")}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              maxLength={200}
              w={260}
              data-testid="work-transfer-note"
            />
            <Button variant="default" loading={busy} disabled={!target} data-testid="work-transfer" onClick={() => void post("transfer", note.trim() ? { queueId: target, reason: note.trim() } : { queueId: target })}>
              {t("desk.transfer")}
            </Button>
          </Group>
        )}
        {(entry.status === "connected" || entry.status === "wrap_up") && <WrapUpForm busy={busy} tenantId={interaction?.tenantId} onSubmit={(code, notes) => void post("wrap-up", notes ? { code, notes } : { code })} />}
        {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
      </Stack>
    </Card>
  );
}

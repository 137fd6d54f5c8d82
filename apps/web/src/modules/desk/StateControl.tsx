import { Alert, Badge, Button, Card, Group, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useFormat } from "../i18n/format";
import { errorMessage } from "../i18n/errors";
import { useNow } from "../shell/useNow";
import { ACTIVITY_COLOR } from "./activity";
import { NOT_READY_REASONS, type Agent, type NotReadyReason } from "./types";

interface Props {
  agent: Agent;
  onChanged(agent: Agent): void;
}

/** Available / not ready (with a reason) / log off, with the time spent in the current state. */
export function StateControl({ agent, onChanged }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useNow();
  const [reason, setReason] = useState<NotReadyReason>("break");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const change = async (state: "available" | "not_ready" | "offline") => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ agent: Agent }>("/agents/me/state", { method: "PUT", body: state === "not_ready" ? { state, reason } : { state } });
      onChanged(r.agent);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const inState = (now - Date.parse(agent.since)) / 1000;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group gap="sm" data-testid="desk-state" data-activity={agent.activity} data-presence={agent.presence}>
          <Badge size="lg" color={ACTIVITY_COLOR[agent.activity]}>
            {t(`desk.activity.${agent.activity}`)}
          </Badge>
          {agent.reason && <Text size="sm">{t(`desk.reasons.${agent.reason}`, { defaultValue: agent.reason })}</Text>}
          <Text size="sm" c="dimmed">
            {t("desk.inState")}: <span dir="ltr">{fmt.duration(inState)}</span>
          </Text>
        </Group>
        <Group gap="sm" align="flex-end">
          <Button color="green" data-testid="desk-available" loading={busy} disabled={agent.presence === "available"} onClick={() => void change("available")}>
            {t("desk.available")}
          </Button>
          <Select
            label={t("desk.reason")}
            data={NOT_READY_REASONS.map((r) => ({ value: r, label: t(`desk.reasons.${r}`) }))}
            value={reason}
            onChange={(v) => v && setReason(v as NotReadyReason)}
            allowDeselect={false}
            w={180}
            data-testid="desk-reason"
          />
          <Button
            color="orange"
            data-testid="desk-not-ready"
            loading={busy}
            disabled={agent.presence === "not_ready" && agent.reason === reason}
            onClick={() => void change("not_ready")}
          >
            {t("desk.notReady")}
          </Button>
          <Button variant="default" data-testid="desk-offline" loading={busy} disabled={agent.presence === "offline"} onClick={() => void change("offline")}>
            {t("desk.logOff")}
          </Button>
        </Group>
        {error !== null && (
          <Alert color="red" data-testid="desk-state-error">
            {errorMessage(t, error)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

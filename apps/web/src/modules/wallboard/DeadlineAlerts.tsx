import { Alert, CloseButton, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLiveEvents } from "../live/LiveProvider";
import { useFormat } from "../i18n/format";

interface Props {
  lineName(id: string): string;
  queueName(id: string): string;
}

interface Raised {
  key: string;
  kind: "at_risk" | "breached";
  tenantId: string | null;
  queueId: string;
  at: string;
}

const KINDS: Record<string, Raised["kind"]> = { "routing.interaction.deadline_at_risk": "at_risk", "routing.interaction.deadline_breached": "breached" };

/** At-risk and breach alerts of the statutory answer time, as they happen (the newest first, a few kept). */
export function DeadlineAlerts({ lineName, queueName }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [alerts, setAlerts] = useState<Raised[]>([]);
  useLiveEvents((e) => {
    const kind = KINDS[e.type];
    if (!kind) return;
    const queueId = typeof e.payload.queueId === "string" ? e.payload.queueId : "";
    setAlerts((list) => [{ key: `${e.type}:${String(e.payload.interactionId)}`, kind, tenantId: e.tenantId, queueId, at: e.at }, ...list.filter((a) => a.key !== `${e.type}:${String(e.payload.interactionId)}`)].slice(0, 6));
  });
  if (alerts.length === 0) return null;
  return (
    <Stack gap={4} role="log" aria-live="assertive" data-testid="deadline-alerts">
      {alerts.map((a) => (
        <Alert key={a.key} color={a.kind === "breached" ? "red" : "yellow"} p="xs" data-testid="deadline-alert" data-kind={a.kind}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              <strong>{t(`board.alert.${a.kind}`)}</strong> · {a.tenantId ? lineName(a.tenantId) : ""} · {queueName(a.queueId)} · {fmt.time(a.at)}
            </Text>
            <CloseButton size="sm" aria-label={t("board.dismiss")} onClick={() => setAlerts((list) => list.filter((x) => x.key !== a.key))} />
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}

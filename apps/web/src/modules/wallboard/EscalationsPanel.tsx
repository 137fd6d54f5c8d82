import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useAuth } from "../auth/AuthProvider";
import { useEscalations, type EscalationView } from "../desk/useEscalations";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useNow } from "../shell/useNow";

interface Props {
  lineName(id: string): string;
}

/** Agents asking for a team leader, live: the agent's own team leader first; take it, then close it. */
export function EscalationsPanel({ lineName }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useNow();
  const headingId = useId();
  const { user } = useAuth();
  const { items, reload } = useEscalations();
  const [error, setError] = useState<unknown>(null);
  if (items.length === 0) return null;
  const act = async (e: EscalationView, action: "take" | "close") => {
    setError(null);
    try {
      await api(`/escalations/${e.id}/${action}`, { method: "POST", body: action === "close" ? {} : undefined });
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const mine = (e: EscalationView) => Boolean(user?.teamId && e.teamId === user.teamId);
  const sorted = [...items].sort((a, b) => Number(mine(b)) - Number(mine(a)) || a.createdAt.localeCompare(b.createdAt));
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId} bg="var(--mantine-color-orange-light)" data-testid="escalations-panel">
      <Stack gap="xs">
        <Title order={4} id={headingId}>
          {t("escalations.title")} ({fmt.number(items.length)})
        </Title>
        <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: "none" }} aria-live="polite">
          {sorted.map((e) => (
            <li key={e.id} data-testid="escalation-row" data-status={e.status} data-interaction={e.interactionId}>
              <Group gap="sm" justify="space-between">
                <Group gap="xs">
                  <Badge color={e.status === "open" ? "red" : "teal"}>{t(`escalations.status.${e.status}`)}</Badge>
                  {mine(e) && <Badge variant="outline">{t("escalations.myTeam")}</Badge>}
                  <Text fw={600}>{e.raisedByName}</Text>
                  <Text size="sm">{lineName(e.tenantId)}</Text>
                  {e.channel && <Text size="sm">· {t(`desk.channels.${e.channel}`)}</Text>}
                  <Text size="sm" c="dimmed" dir="ltr">
                    {fmt.duration((now - Date.parse(e.createdAt)) / 1000)}
                  </Text>
                  {e.message && <Text size="sm">“{e.message}”</Text>}
                  {e.takenByName && <Text size="sm">{t("escalations.takenBy", { name: e.takenByName })}</Text>}
                </Group>
                <Group gap="xs">
                  {e.status === "open" && (
                    <Button size="xs" color="orange" onClick={() => void act(e, "take")} data-testid="escalation-take">
                      {t("escalations.take")}
                    </Button>
                  )}
                  <Button size="xs" variant="default" onClick={() => void act(e, "close")} data-testid="escalation-close">
                    {t("escalations.close")}
                  </Button>
                </Group>
              </Group>
            </li>
          ))}
        </Stack>
        {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
      </Stack>
    </Paper>
  );
}

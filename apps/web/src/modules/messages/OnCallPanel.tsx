import { Alert, Badge, Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import type { LiveEvent } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import { useAuth } from "../auth/AuthProvider";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useLiveResource } from "../live/useLiveResource";
import { TAKER_ROLES, type Dispatch, type Person } from "./types";

const dispatchEvent = (e: LiveEvent) => e.type.startsWith("dispatch.") || e.type === "routing.interaction.message_left" || e.type.startsWith("message.");
const OPTIONS = { when: dispatchEvent, everyMs: 15_000, debounceMs: 300 };

export const DISPATCH_COLOR: Record<Dispatch["status"], string> = { pending: "gray", notifying: "orange", acknowledged: "green", exhausted: "red" };

function PersonLine({ person }: { person: Person }) {
  return (
    <Stack gap={0}>
      <Text fw={600}>{person.name}</Text>
      {(person.phone || person.email) && (
        <Text size="sm" c="dimmed" dir="ltr" style={{ textAlign: "start" }}>
          {[person.phone, person.email].filter(Boolean).join(" · ")}
        </Text>
      )}
    </Stack>
  );
}

/** Who is on call for the line now, the escalation chain after them, and the dispatch log. */
export function OnCallPanel({ tenantId }: { tenantId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { user } = useAuth();
  const now = useLiveResource<{ onCall: Person | null; chain: Person[] }>(`/tenants/${tenantId}/on-call/now`, OPTIONS);
  const dispatches = useLiveResource<{ items: Dispatch[] }>(`/dispatches?tenantId=${tenantId}`, OPTIONS);
  const [error, setError] = useState<string | null>(null);
  const canAck = TAKER_ROLES.includes(user?.role ?? "");
  const noRoster = now.error instanceof ApiError && now.error.status === 404;

  async function reached(id: string) {
    setError(null);
    try {
      await api(`/dispatches/${id}/acknowledge`, { method: "POST", body: {} });
    } catch (e) {
      setError(errorMessage(t, e));
    }
    dispatches.reload();
  }

  return (
    <Stack>
      <Card withBorder data-testid="oncall-now">
        <Title order={4} mb="xs">
          {t("oncall.title")}
        </Title>
        {noRoster ? (
          <Text c="dimmed" size="sm" data-testid="oncall-none">
            {t("oncall.noRoster")}
          </Text>
        ) : now.error ? (
          <Alert color="red">{errorMessage(t, now.error)}</Alert>
        ) : now.data ? (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t("oncall.now")}
            </Text>
            {now.data.onCall ? <PersonLine person={now.data.onCall} /> : <Text>{t("oncall.nobody")}</Text>}
            {now.data.chain.length > 0 && (
              <>
                <Text size="sm" c="dimmed">
                  {t("oncall.chain")}
                </Text>
                <List type="ordered" size="sm" data-testid="oncall-chain">
                  {now.data.chain.map((p) => (
                    <List.Item key={p.id}>{p.name}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        ) : null}
      </Card>
      <Card withBorder data-testid="dispatch-log">
        <Group justify="space-between" mb="xs">
          <Title order={4}>{t("oncall.dispatches")}</Title>
          <Button component="a" href={`/api/v1/dispatches/export?tenantId=${tenantId}`} download size="xs" variant="default" data-testid="dispatches-csv">
            {t("messages.downloadCsv")}
          </Button>
        </Group>
        {error && (
          <Alert color="red" mb="xs">
            {error}
          </Alert>
        )}
        {(dispatches.data?.items ?? []).length === 0 && (
          <Text c="dimmed" size="sm">
            {t("oncall.noDispatches")}
          </Text>
        )}
        <Stack gap="sm">
          {(dispatches.data?.items ?? []).map((d) => (
            <Card key={d.id} withBorder padding="xs" data-testid="dispatch-row" data-status={d.status}>
              <Group justify="space-between" mb={4}>
                <Badge color={DISPATCH_COLOR[d.status] ?? "gray"}>{t(`oncall.status.${d.status}`, { defaultValue: d.status })}</Badge>
                <Text size="xs" c="dimmed">
                  {fmt.dateTime(d.createdAt)}
                </Text>
              </Group>
              <List size="xs" spacing={2}>
                {d.log.map((step, i) => (
                  <List.Item key={i}>
                    <Text span size="xs" dir="ltr">
                      {fmt.time(step.at)}
                    </Text>{" "}
                    {t(`oncall.action.${step.action}`, { defaultValue: step.action })}
                    {step.memberName ? ` · ${step.memberName}` : ""}
                    {step.by ? ` · ${step.by}` : ""}
                    {step.note ? ` — ${step.note}` : ""}
                  </List.Item>
                ))}
              </List>
              {canAck && d.status === "notifying" && (
                <Button size="xs" mt="xs" variant="light" color="green" onClick={() => void reached(d.id)} data-testid="dispatch-ack">
                  {t("oncall.reached")}
                </Button>
              )}
            </Card>
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}

import { Alert, Badge, Button, Grid, Group, Loader, Select, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import type { LiveEvent } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthProvider";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useLiveResource } from "../live/useLiveResource";
import { useLines } from "../shell/useLines";
import { useNow } from "../shell/useNow";
import { MessageDrawer } from "./MessageDrawer";
import { OnCallCalendar } from "./OnCallCalendar";
import { OnCallPanel } from "./OnCallPanel";
import { TakeMessageModal } from "./TakeMessageModal";
import { MESSAGE_STATUSES, ROSTER_EDITORS, STATUS_COLOR, TAKER_ROLES, type Message } from "./types";

/** Events after which the message list may have changed. */
export const messageEvent = (e: LiveEvent) => e.type === "routing.interaction.message_left" || e.type.startsWith("dispatch.") || e.type.startsWith("message.");
const OPTIONS = { when: messageEvent, everyMs: 15_000, debounceMs: 300 };

export function isOverdue(m: Message, now: number): boolean {
  return m.status !== "handled" && m.callbackDueAt !== null && new Date(m.callbackDueAt).getTime() < now;
}

export function MessagesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { user } = useAuth();
  const now = useNow(30_000);
  const isViewer = user?.role === "client_viewer";
  const { lines, lineName } = useLines();
  const [lineId, setLineId] = useState<string | null>(isViewer ? (user?.tenantId ?? null) : null);
  const [status, setStatus] = useState<string>("all");
  const [selected, setSelected] = useState<string | null>(null);
  const [taking, setTaking] = useState(false);
  const query = new URLSearchParams({ limit: "200" });
  if (lineId) query.set("tenantId", lineId);
  if (status !== "all") query.set("status", status);
  const { data, error, loading, reload } = useLiveResource<{ items: Message[] }>(`/messages?${query.toString()}`, OPTIONS);
  const items = data?.items ?? [];
  const canTake = TAKER_ROLES.includes(user?.role ?? "");

  // The server's download: every message of the last 31 days with the line's own fields, not only those listed.
  const exportUrl = `/api/v1/messages/export${lineId ? `?tenantId=${lineId}` : ""}`;


  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: lineId ? 8 : 12 }}>
        <Stack>
          <Group justify="space-between" align="flex-end">
            <Group align="flex-end">
              {!isViewer && (
                <Select
                  label={t("messages.line")}
                  data-testid="messages-line"
                  data={[{ value: "", label: t("messages.allLines") }, ...lines.map((l) => ({ value: l.id, label: l.name }))]}
                  value={lineId ?? ""}
                  onChange={(v) => setLineId(v || null)}
                  allowDeselect={false}
                  searchable
                />
              )}
              <SegmentedControl
                data-testid="messages-status"
                value={status}
                onChange={setStatus}
                data={[{ value: "all", label: t("messages.all") }, ...MESSAGE_STATUSES.map((s) => ({ value: s, label: t(`messages.status.${s}`) }))]}
              />
            </Group>
            <Group>
              <Button component="a" href={exportUrl} download variant="default" data-testid="messages-csv">
                {t("messages.downloadCsv")}
              </Button>
              {canTake && (
                <Button onClick={() => setTaking(true)} data-testid="take-message">
                  {t("messages.take")}
                </Button>
              )}
            </Group>
          </Group>
          {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
          {loading && !data ? (
            <Loader aria-label={t("common.loading")} />
          ) : (
            <Table.ScrollContainer minWidth={620}>
              <Table striped highlightOnHover data-testid="messages-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("messages.created")}</Table.Th>
                    {!isViewer && <Table.Th>{t("messages.line")}</Table.Th>}
                    <Table.Th>{t("messages.subject")}</Table.Th>
                    <Table.Th>{t("messages.customer")}</Table.Th>
                    <Table.Th>{t("messages.callbackDue")}</Table.Th>
                    <Table.Th>{t("messages.statusLabel")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((m) => {
                    const overdue = isOverdue(m, now);
                    return (
                      <Table.Tr
                        key={m.id}
                        data-testid="message-row"
                        data-message={m.id}
                        data-status={m.status}
                        data-urgency={m.urgency}
                        style={{ cursor: "pointer" }}
                        onClick={() => setSelected(m.id)}
                        tabIndex={0}
                        onKeyDown={(e) => e.key === "Enter" && setSelected(m.id)}
                      >
                        <Table.Td dir="ltr" style={{ textAlign: "start" }}>
                          {fmt.dateTime(m.createdAt)}
                        </Table.Td>
                        {!isViewer && <Table.Td>{lineName(m.tenantId)}</Table.Td>}
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            {m.urgency === "urgent" && (
                              <Badge color="red" size="sm" data-testid="message-urgent">
                                {t("messages.urgency.urgent")}
                              </Badge>
                            )}
                            <Text size="sm" fw={m.status === "new" ? 700 : undefined}>
                              {m.subject}
                            </Text>
                          </Group>
                        </Table.Td>
                        <Table.Td>{m.customerName ?? m.customerPhone ?? t("common.none")}</Table.Td>
                        <Table.Td>
                          {m.callbackDueAt ? (
                            <Text size="sm" c={overdue ? "red" : undefined} fw={overdue ? 700 : undefined} data-overdue={overdue} title={overdue ? t("messages.overdue") : undefined}>
                              <span dir="ltr">{fmt.dateTime(m.callbackDueAt)}</span>
                            </Text>
                          ) : (
                            t("common.none")
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge color={STATUS_COLOR[m.status]} variant="light">
                            {t(`messages.status.${m.status}`)}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
              {items.length === 0 && (
                <Text c="dimmed" ta="center" py="md" data-testid="messages-empty">
                  {t("messages.empty")}
                </Text>
              )}
            </Table.ScrollContainer>
          )}
        </Stack>
      </Grid.Col>
      {lineId && (
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <OnCallPanel tenantId={lineId} />
        </Grid.Col>
      )}
      {lineId && (
        <Grid.Col span={12}>
          <OnCallCalendar tenantId={lineId} canEdit={ROSTER_EDITORS.includes(user?.role ?? "")} />
        </Grid.Col>
      )}
      <MessageDrawer id={selected} lineName={lineName} onClose={() => setSelected(null)} onChanged={reload} />
      {canTake && (
        <TakeMessageModal
          opened={taking}
          lines={lines}
          defaultLine={lineId}
          onClose={() => setTaking(false)}
          onTaken={() => {
            setTaking(false);
            reload();
          }}
        />
      )}
    </Grid>
  );
}

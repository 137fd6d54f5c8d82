import { Alert, Badge, Button, Divider, Drawer, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useAuth } from "../auth/AuthProvider";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { HANDLER_ROLES, STATUS_COLOR, type Delivery, type Message, type MessageSettings } from "./types";

interface Props {
  id: string | null;
  lineName(id: string): string;
  onClose(): void;
  onChanged(): void;
}

const DELIVERY_COLOR: Record<Delivery["status"], string> = { queued: "gray", sending: "blue", sent: "green", failed: "red", bounced: "orange", held: "gray", digested: "green" };

function show(value: unknown, t: (k: string) => string): string {
  if (value === true) return t("common.yes");
  if (value === false) return t("common.no");
  if (value === null || value === undefined || value === "") return t("common.none");
  return String(value);
}

/** One message in full: its form fields (labelled by the line's settings), body, delivery log and actions. */
export function MessageDrawer({ id, lineName, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { user } = useAuth();
  const [detail, setDetail] = useState<{ message: Message; deliveries: Delivery[] } | null>(null);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    let live = true;
    setDetail(null);
    setError(null);
    api<{ message: Message; deliveries: Delivery[] }>(`/messages/${id}`)
      .then((d) => {
        if (!live) return;
        setDetail(d);
        return api<MessageSettings>(`/tenants/${d.message.tenantId}/message-settings`).then(
          (s) => live && setLabels(Object.fromEntries(s.settings.fields.map((f) => [f.key, f.label]))),
        );
      })
      .catch((e: unknown) => live && setError(errorMessage(t, e)));
    return () => {
      live = false;
    };
  }, [id, t]);

  async function act(action: "acknowledge" | "handled") {
    if (!detail) return;
    setBusy(true);
    setError(null);
    try {
      setDetail(await api<{ message: Message; deliveries: Delivery[] }>(`/messages/${detail.message.id}/${action}`, { method: "POST" }));
      onChanged();
    } catch (e) {
      setError(errorMessage(t, e));
      onChanged();
    } finally {
      setBusy(false);
    }
  }

  const m = detail?.message;
  const canHandle = HANDLER_ROLES.includes(user?.role ?? "");
  // Mantine mirrors "right" under the right-to-left direction: the drawer always opens on the end side.
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="lg" title={m?.subject ?? t("messages.message")} data-testid="message-drawer">
      {error && (
        <Alert color="red" mb="sm" data-testid="message-error">
          {error}
        </Alert>
      )}
      {!m ? (
        !error && <Loader aria-label={t("common.loading")} />
      ) : (
        <Stack gap="sm" data-testid="message-detail" data-status={m.status}>
          <Group gap="xs">
            <Badge color={STATUS_COLOR[m.status]} data-testid="message-status">
              {t(`messages.status.${m.status}`)}
            </Badge>
            <Badge color={m.urgency === "urgent" ? "red" : "gray"} variant="light">
              {t(`messages.urgency.${m.urgency}`)}
            </Badge>
            {m.category && <Badge variant="outline">{m.category}</Badge>}
          </Group>
          <Table variant="vertical" withTableBorder>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={160}>{t("messages.line")}</Table.Th>
                <Table.Td>{lineName(m.tenantId)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t("messages.created")}</Table.Th>
                <Table.Td>{fmt.dateTime(m.createdAt)}</Table.Td>
              </Table.Tr>
              {m.callbackDueAt && (
                <Table.Tr>
                  <Table.Th>{t("messages.callbackDue")}</Table.Th>
                  <Table.Td>{fmt.dateTime(m.callbackDueAt)}</Table.Td>
                </Table.Tr>
              )}
              <Table.Tr>
                <Table.Th>{t("messages.customerName")}</Table.Th>
                <Table.Td>{show(m.customerName, t)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t("messages.customerPhone")}</Table.Th>
                <Table.Td dir="ltr" style={{ textAlign: "start" }}>
                  {show(m.customerPhone, t)}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t("messages.customerEmail")}</Table.Th>
                <Table.Td dir="ltr" style={{ textAlign: "start" }}>
                  {show(m.customerEmail, t)}
                </Table.Td>
              </Table.Tr>
              {Object.entries(m.fields).map(([key, value]) => (
                <Table.Tr key={key} data-testid="message-field">
                  <Table.Th>{labels[key] ?? key}</Table.Th>
                  <Table.Td>{show(value, t)}</Table.Td>
                </Table.Tr>
              ))}
              {m.acknowledgedAt && (
                <Table.Tr>
                  <Table.Th>{t("messages.acknowledgedAt")}</Table.Th>
                  <Table.Td>{fmt.dateTime(m.acknowledgedAt)}</Table.Td>
                </Table.Tr>
              )}
              {m.handledAt && (
                <Table.Tr>
                  <Table.Th>{t("messages.handledAt")}</Table.Th>
                  <Table.Td>{fmt.dateTime(m.handledAt)}</Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Title order={5}>{t("messages.body")}</Title>
          <Text style={{ whiteSpace: "pre-wrap" }} data-testid="message-body">
            {m.body || t("common.none")}
          </Text>
          {canHandle && (
            <Group>
              <Button variant="light" loading={busy} disabled={m.status !== "new"} onClick={() => void act("acknowledge")} data-testid="message-ack">
                {t("messages.acknowledge")}
              </Button>
              <Button color="green" loading={busy} disabled={m.status === "handled"} onClick={() => void act("handled")} data-testid="message-handled">
                {t("messages.markHandled")}
              </Button>
            </Group>
          )}
          <Divider />
          <Title order={5}>{t("messages.deliveries")}</Title>
          {detail.deliveries.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t("messages.noDeliveries")}
            </Text>
          ) : (
            <Table data-testid="message-deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("messages.channel")}</Table.Th>
                  <Table.Th>{t("messages.destination")}</Table.Th>
                  <Table.Th>{t("messages.statusLabel")}</Table.Th>
                  <Table.Th>{t("messages.attempts")}</Table.Th>
                  <Table.Th>{t("messages.sentAt")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {detail.deliveries.map((d, i) => (
                  <Table.Tr key={i} data-testid="delivery-row" data-status={d.status}>
                    <Table.Td>{t(`messages.channels.${d.channel}`, { defaultValue: d.channel })}</Table.Td>
                    <Table.Td dir="ltr" style={{ textAlign: "start" }}>
                      {d.destination}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={DELIVERY_COLOR[d.status] ?? "gray"} variant="light" title={d.lastError ?? undefined}>
                        {t(`messages.delivery.${d.status}`, { defaultValue: d.status })}
                      </Badge>
                      {d.lastError && (
                        <Text size="xs" c="red" dir="ltr" style={{ textAlign: "start" }}>
                          {d.lastError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{fmt.number(d.attempts)}</Table.Td>
                    <Table.Td>{d.sentAt ? fmt.dateTime(d.sentAt) : t("common.none")}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

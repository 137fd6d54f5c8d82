import { Alert, Badge, Drawer, Group, Loader, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { InteractionRecordings } from "../recordings/InteractionRecordings";
import { useApi } from "../shell/useApi";

interface History {
  customer: { id: string; name: string | null; phones: string[] };
  contacts: Array<{ id: string; channel: string; finalState: string | null; wrapUpCode: string | null; arrivedAt: string }>;
}

/** A customer's contacts on every channel, newest first; a voice contact's recordings for those who may hear them. */
export function CustomerHistory({ customerId, onClose }: { customerId: string | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer opened={customerId !== null} onClose={onClose} position="right" size="lg" title={t("customer360.history")} data-testid="customer-history-drawer">
      {customerId && <HistoryList customerId={customerId} />}
    </Drawer>
  );
}

function HistoryList({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const res = useApi<History>(`/customers/${customerId}`);
  if (res.error) return <Alert color="red">{errorMessage(t, res.error)}</Alert>;
  if (!res.data) return <Loader size="sm" aria-label={t("common.loading")} />;
  if (res.data.contacts.length === 0) return <Text c="dimmed">{t("customer360.noHistory")}</Text>;
  return (
    <Stack gap="sm">
      {res.data.contacts.map((c) => (
        <Stack key={c.id} gap={4} data-testid="customer-history-contact" data-interaction={c.id}>
          <Group gap="xs">
            <Text size="sm">{fmt.dateTime(c.arrivedAt)}</Text>
            <Badge size="sm" variant="light">
              {t(`desk.channels.${c.channel}`, { defaultValue: c.channel })}
            </Badge>
            {c.finalState && <Text size="sm">{t(`customer360.final.${c.finalState}`, { defaultValue: c.finalState })}</Text>}
            {c.wrapUpCode && (
              <Text size="sm" c="dimmed">
                {t("customer360.wrapUp")}: {c.wrapUpCode}
              </Text>
            )}
          </Group>
          {c.channel === "voice" && <InteractionRecordings interactionId={c.id} />}
        </Stack>
      ))}
    </Stack>
  );
}

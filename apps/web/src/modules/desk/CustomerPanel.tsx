import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { Customer360 } from "@moked/contracts";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import type { Directory } from "./useDirectory";
import { InteractionRecordings } from "../recordings/InteractionRecordings";
import { ContactConversation } from "./ContactConversation";

type View = z.infer<typeof Customer360>;

interface Props {
  interactionId: string;
  directory: Directory;
}

/** Customer 360 beside a contact: who it is, what is still open for them, every earlier contact on every channel. */
export function CustomerPanel({ interactionId, directory }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const headingId = useId();
  const { data } = useApi<View>(`/interactions/${interactionId}/customer`);
  if (!data) return null;
  const { customer, contacts, openCases } = data;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId} data-testid="customer-panel">
      <Stack gap="xs">
        <Group gap="sm">
          <Title order={5} id={headingId}>
            {t("customer360.title")}
          </Title>
          {customer && (
            <Text fw={600} data-testid="customer-name">
              {customer.name ?? t("customer360.unnamed")}
            </Text>
          )}
        </Group>
        {!customer ? (
          <Text size="sm" c="dimmed">
            {t("customer360.anonymous")}
          </Text>
        ) : (
          <Group gap="md">
            {customer.phones.length > 0 && (
              <Text size="sm">
                {t("customer360.phones")}: <span dir="ltr">{customer.phones.join(", ")}</span>
              </Text>
            )}
            {customer.emails.length > 0 && (
              <Text size="sm">
                {t("customer360.emails")}: <span dir="ltr">{customer.emails.join(", ")}</span>
              </Text>
            )}
          </Group>
        )}
        {openCases.length > 0 && (
          <Group gap="xs" aria-label={t("customer360.openCases")} data-testid="customer-open">
            <Text size="sm" fw={600}>
              {t("customer360.openCases")}:
            </Text>
            {openCases.map((c) => (
              <Badge key={c.id} color="orange" variant="light">
                {t(`customer360.kinds.${c.kind}`)} · {fmt.dateTime(c.at)}
              </Badge>
            ))}
          </Group>
        )}
        {customer && (
          <>
            <Text size="sm" fw={600}>
              {t("customer360.history")}
            </Text>
            {contacts.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("customer360.noHistory")}
              </Text>
            ) : (
              <Stack component="ol" gap={4} m={0} p={0} style={{ listStyle: "none", maxBlockSize: 240, overflowY: "auto" }} data-testid="customer-history">
                {contacts.map((c) => (
                  <li key={c.id} data-testid="customer-contact" data-interaction={c.id}>
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <Text size="xs" c="dimmed" dir="ltr" style={{ whiteSpace: "nowrap" }}>
                        {fmt.dateTime(c.arrivedAt)}
                      </Text>
                      <Badge size="sm" variant="light" style={{ flexShrink: 0 }}>
                        {t(`desk.channels.${c.channel}`)}
                      </Badge>
                      <Text size="xs">
                        {directory.queueName(c.queueId)}
                        {c.finalState && <> · {t(`customer360.final.${c.finalState}`, { defaultValue: c.finalState })}</>}
                        {c.agentName && (
                          <>
                            {" "}
                            · {t("customer360.agent")}: {c.agentName}
                          </>
                        )}
                        {c.wrapUpCode && (
                          <>
                            {" "}
                            · {t("customer360.wrapUp")}: <strong data-testid="customer-wrapup">{c.wrapUpCode}</strong>
                          </>
                        )}
                        {c.notes && (
                          <>
                            <br />
                            {t("customer360.notes")}: <span data-testid="customer-notes">{c.notes}</span>
                          </>
                        )}
                      </Text>
                    </Group>
                    <ContactConversation lines={c.conversation} />
                    {c.channel === "voice" && <InteractionRecordings interactionId={c.id} />}
                  </li>
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

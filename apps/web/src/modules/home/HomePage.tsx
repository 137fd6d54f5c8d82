import { Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { Tenant } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthProvider";
import { useApi } from "../shell/useApi";
import { formatHours } from "./hours";

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { data, loading } = useApi<{ items: Tenant[] }>("/tenants");
  return (
    <Stack>
      <Title order={2}>{t("home.greeting", { name: user?.name })}</Title>
      <Text>{t("home.role", { role: user ? t(`roles.${user.role}`) : "" })}</Text>
      <Title order={3}>{t("home.lines")}</Title>
      {loading && <Loader aria-label={t("common.loading")} />}
      {data && data.items.length === 0 && <Text c="dimmed">{t("home.noLines")}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {data?.items.map((line) => (
          <Card key={line.id} withBorder data-testid="line-card">
            <Text fw={600}>{line.name}</Text>
            <Text size="sm" c="dimmed">
              {t(`industries.${line.industry}`)} · {line.timeZone}
            </Text>
            <Text size="sm" mt="xs">
              {t("lines.hours")}: <span dir="ltr">{formatHours(t, line.calendar)}</span>
            </Text>
            <Group gap={4} mt="xs">
              {line.languages.map((l) => (
                <Badge key={l} variant="light" size="sm">
                  {t(`languages.${l}`, { defaultValue: l })}
                </Badge>
              ))}
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

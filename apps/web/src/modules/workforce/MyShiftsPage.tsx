import { Alert, Card, Group, Loader, Stack, Text } from "@mantine/core";
import type { MyShifts } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { useApi } from "../shell/useApi";
import { wfmError } from "./errors";
import { MyAvailabilityCard } from "./MyAvailabilityCard";
import { clock, dayLabel } from "./zoned";

/** An agent's own shifts, and the availability and preferences the next schedules are built with. */
export function MyShiftsPage() {
  return (
    <Stack>
      <ShiftList />
      <MyAvailabilityCard />
    </Stack>
  );
}

/** An agent's own shifts from published schedules, from yesterday on, in the center's time zone. */
function ShiftList() {
  const { t, i18n } = useTranslation();
  const mine = useApi<MyShifts>("/wfm/my-shifts");
  if (mine.error) return <Alert color="red">{wfmError(t, mine.error)}</Alert>;
  if (!mine.data) return <Loader aria-label={t("common.loading")} />;
  const { timeZone, items } = mine.data;
  const time = (iso: string) => clock(iso, timeZone, i18n.language);
  if (items.length === 0) {
    return (
      <Text c="dimmed" data-testid="my-shifts-empty">
        {t("myShifts.none")}
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="my-shifts">
      <Text size="xs" c="dimmed">
        {t("workforce.timeZone", { zone: timeZone })}
      </Text>
      {items.map((s) => (
        <Card key={s.id} withBorder padding="sm" data-testid="my-shift">
          <Group justify="space-between">
            <Text fw={700}>{dayLabel(s.startsAt, timeZone, i18n.language)}</Text>
            <Text fw={700} dir="ltr" data-testid="my-shift-time">
              {time(s.startsAt)}–{time(s.endsAt)}
            </Text>
          </Group>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {s.templateName}
            </Text>
            {s.breaks.map((b) => (
              <Text key={b.startsAt} size="sm" c="dimmed">
                {t("myShifts.break", { from: time(b.startsAt), to: time(b.endsAt) })}
              </Text>
            ))}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

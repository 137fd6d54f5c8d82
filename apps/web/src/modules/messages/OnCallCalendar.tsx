import { ActionIcon, Alert, Badge, Button, Card, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useApi } from "../shell/useApi";
import type { OnCallWeek, Person } from "./types";

const COLORS = ["blue", "teal", "grape", "orange", "cyan", "lime", "pink", "indigo"];
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const addDays = (date: string, n: number) => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

/**
 * A week of the line's on-call roster in the line's own time zone: one column per day, Shabbat and holidays
 * marked, who covers when and why (the weekly turn, the holiday rule or an override). Center managers add
 * and remove overrides here; clicking a day starts an override for it.
 */
export function OnCallCalendar({ tenantId, canEdit }: { tenantId: string; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const [start, setStart] = useState<string | null>(null);
  const week = useApi<OnCallWeek>(`/tenants/${tenantId}/on-call/week${start ? `?start=${start}` : ""}`);
  const roster = useApi<{ members: Person[] }>(canEdit ? `/tenants/${tenantId}/on-call` : null);
  const [draft, setDraft] = useState<{ from: string; to: string; memberId: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (week.error instanceof ApiError && week.error.status === 404) return null;
  const data = week.data;
  const members = roster.data?.members ?? [];
  const color = (id: string | null) => (id ? COLORS[Math.max(0, members.findIndex((m) => m.id === id)) % COLORS.length] : "gray");
  const weekday = (date: string) => new Intl.DateTimeFormat(i18n.language, { weekday: "long", timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));
  const dayMonth = (date: string) => new Intl.DateTimeFormat(i18n.language, { day: "numeric", month: "numeric", timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));

  async function change(run: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await run();
      setDraft(null);
      week.reload();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }
  const save = () => change(() => api(`/tenants/${tenantId}/on-call/overrides`, { method: "POST", body: draft }));
  const remove = (from: string, memberId: string) => change(() => api(`/tenants/${tenantId}/on-call/overrides?from=${encodeURIComponent(from)}&memberId=${encodeURIComponent(memberId)}`, { method: "DELETE" }));

  return (
    <Card withBorder data-testid="oncall-calendar">
      <Group justify="space-between" mb="sm">
        <Stack gap={0}>
          <Title order={4}>{t("oncall.calendar")}</Title>
          {data && (
            <Text size="xs" c="dimmed">
              {t("oncall.timeZone", { zone: data.timeZone })}
            </Text>
          )}
        </Stack>
        {data && (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setStart(addDays(data.start, -7))} data-testid="oncall-prev">
              {t("oncall.prevWeek")}
            </Button>
            <Button size="xs" variant="default" onClick={() => setStart(null)}>
              {t("oncall.thisWeek")}
            </Button>
            <Button size="xs" variant="default" onClick={() => setStart(addDays(data.start, 7))} data-testid="oncall-next">
              {t("oncall.nextWeek")}
            </Button>
          </Group>
        )}
      </Group>
      {error && (
        <Alert color="red" mb="sm" data-testid="oncall-calendar-error">
          {error}
        </Alert>
      )}
      {week.error !== null && !(week.error instanceof ApiError && week.error.status === 404) && <Alert color="red">{errorMessage(t, week.error)}</Alert>}
      {data && (
        <SimpleGrid cols={{ base: 1, sm: 4, lg: 7 }} spacing="xs">
          {data.days.map((day) => (
            <Paper
              key={day.date}
              withBorder
              p="xs"
              bg={day.restDay ? "var(--mantine-color-yellow-light)" : undefined}
              data-testid="oncall-day"
              data-date={day.date}
              data-rest={day.restDay}
              component={canEdit ? "button" : "div"}
              style={{ textAlign: "start", cursor: canEdit ? "pointer" : undefined, inlineSize: "100%" }}
              aria-label={canEdit ? t("oncall.addOverrideFor", { day: `${weekday(day.date)} ${dayMonth(day.date)}` }) : undefined}
              onClick={canEdit ? () => setDraft({ from: `${day.date}T08:00`, to: `${addDays(day.date, 1)}T08:00`, memberId: draft?.memberId ?? null }) : undefined}
            >
              <Text fw={700} size="sm">
                {weekday(day.date)} <span dir="ltr">{dayMonth(day.date)}</span>
              </Text>
              <Group gap={4} my={4} mih={22}>
                {day.shabbat && (
                  <Badge size="xs" color="yellow" variant="filled">
                    {t("oncall.shabbat")}
                  </Badge>
                )}
                {day.holidays.map((h) => (
                  <Badge key={h.en} size="xs" color="yellow" variant={day.restDay ? "filled" : "light"} data-testid="oncall-holiday">
                    {i18n.language === "he" ? h.he : h.en}
                  </Badge>
                ))}
              </Group>
              <Stack gap={4}>
                {day.segments.map((s) => (
                  <Paper
                    key={s.from}
                    radius="sm"
                    px={6}
                    py={4}
                    bg={`var(--mantine-color-${color(s.memberId)}-${s.source === "override" ? "filled" : "light"})`}
                    c={s.source === "override" ? "white" : undefined}
                    data-testid="oncall-segment"
                    data-member={s.memberId ?? ""}
                    data-source={s.source}
                    title={t(`oncall.source.${s.source}`)}
                  >
                    <Text size="xs" dir="ltr" style={{ textAlign: "start" }} fw={600}>
                      {hhmm(s.startMinute)}–{hhmm(s.endMinute)}
                    </Text>
                    <Text size="xs">{s.memberName ?? t("oncall.nobody")}</Text>
                    {s.source !== "rotation" && <Text size="xs">{t(`oncall.source.${s.source}`)}</Text>}
                  </Paper>
                ))}
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      {data && (data.overrides.length > 0 || draft) && (
        <Stack gap="xs" mt="sm">
          <Text fw={600} size="sm">
            {t("oncall.overrides")}
          </Text>
          {data.overrides.map((o) => (
            <Group key={`${o.from}-${o.memberId}`} gap="xs" data-testid="override-row">
              <Text size="sm">
                {o.memberName ?? o.memberId} · <span dir="ltr">{new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "short", timeZone: data.timeZone }).formatRange(new Date(o.from), new Date(o.to))}</span>
              </Text>
              {canEdit && (
                <ActionIcon variant="subtle" color="red" aria-label={t("oncall.removeOverride")} onClick={() => void remove(o.from, o.memberId)} data-testid="override-remove" disabled={busy}>
                  ×
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {canEdit && draft && (
        <Group align="flex-end" mt="sm" data-testid="override-form">
          <Select label={t("oncall.member")} data={members.map((m) => ({ value: m.id, label: m.name }))} value={draft.memberId} onChange={(v) => setDraft({ ...draft, memberId: v })} data-testid="override-member" />
          <TextInput type="datetime-local" label={t("oncall.from")} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} data-testid="override-from" />
          <TextInput type="datetime-local" label={t("oncall.to")} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} data-testid="override-to" />
          <Button onClick={() => void save()} loading={busy} disabled={!draft.memberId} data-testid="override-save">
            {t("oncall.saveOverride")}
          </Button>
          <Button variant="default" onClick={() => setDraft(null)}>
            {t("common.cancel")}
          </Button>
        </Group>
      )}
    </Card>
  );
}

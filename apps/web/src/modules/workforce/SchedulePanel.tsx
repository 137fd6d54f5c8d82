import { Alert, Badge, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ScheduleDetail, ScheduleSummary } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { AdherencePanel } from "./AdherencePanel";
import { BuildForm } from "./BuildForm";
import { wfmError } from "./errors";
import { ScheduleGrid } from "./ScheduleGrid";
import { SkillCoverageChart } from "./SkillCoverageChart";
import { clock, dayLabel, upcomingSundays } from "./zoned";

export const STATUS_COLOR: Record<ScheduleSummary["status"], string> = { draft: "yellow", published: "green", superseded: "gray" };

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** One week: its schedules, a form to build another, and the chosen one's coverage, grid and publishing. */
export function SchedulePanel() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const weeks = upcomingSundays(5);
  const [weekStart, setWeekStart] = useState(weeks[1]!);
  const list = useApi<{ items: ScheduleSummary[] }>(`/wfm/schedules?weekStart=${weekStart}`);
  const [picked, setSelected] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  // The one picked (or just built), else the week's newest.
  const selected = picked ?? items[0]?.id ?? null;
  const detail = useApi<ScheduleDetail>(selected ? `/wfm/schedules/${selected}` : null);
  const [error, setError] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);


  async function publish(id: string) {
    setPublishing(true);
    setError(null);
    try {
      await api(`/wfm/schedules/${id}/publish`, { method: "POST" });
      list.reload();
      detail.reload();
    } catch (e) {
      setError(wfmError(t, e));
    } finally {
      setPublishing(false);
    }
  }

  const s = detail.data?.id === selected ? detail.data : null;
  const label = (iso: string) => (s ? `${dayLabel(iso, s.timeZone, i18n.language)} ${clock(iso, s.timeZone, i18n.language)}` : iso);
  return (
    <Stack>
      <Group align="flex-end">
        <Select label={t("workforce.week")} data={weeks.map((w) => ({ value: w, label: w }))} value={weekStart} onChange={(v) => {
            if (!v) return;
            setWeekStart(v);
            setSelected(null);
          }} allowDeselect={false} w={180} data-testid="week-select" />
        <Select
          label={t("workforce.schedule")}
          data={items.map((x) => ({ value: x.id, label: `${t(`workforce.status.${x.status}`)} · ${fmt.dateTime(x.createdAt)} · ${t("workforce.shifts", { count: x.shiftCount })}` }))}
          value={selected}
          onChange={setSelected}
          placeholder={t("workforce.noSchedule")}
          w={360}
          data-testid="schedule-select"
        />
      </Group>
      <BuildForm
        weekStart={weekStart}
        onBuilt={(built) => {
          list.reload();
          setSelected(built.id);
        }}
      />
      {error && <Alert color="red">{error}</Alert>}
      {selected && !s && <Loader aria-label={t("common.loading")} />}
      {s && (
        <Stack data-testid="schedule-detail">
          <Group justify="space-between">
            <Group>
              <Title order={3}>{t("workforce.weekOf", { date: s.weekStart })}</Title>
              <Badge color={STATUS_COLOR[s.status]} data-testid="schedule-status">
                {t(`workforce.status.${s.status}`)}
              </Badge>
            </Group>
            {s.status === "draft" && (
              <Button color="green" loading={publishing} onClick={() => void publish(s.id)} data-testid="publish-schedule">
                {t("workforce.publish")}
              </Button>
            )}
          </Group>
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            <Stat label={t("workforce.stats.under")} value={fmt.number(s.stats.under)} testId="stat-under" />
            <Stat label={t("workforce.stats.over")} value={fmt.number(s.stats.over)} />
            <Stat label={t("workforce.stats.gap")} value={fmt.percent(s.stats.gap)} />
            <Stat label={t("workforce.stats.unassigned")} value={fmt.number(s.stats.unassigned)} />
            <Stat label={t("workforce.stats.shifts")} value={fmt.number(s.shiftCount)} />
          </SimpleGrid>
          {s.stats.unassigned > 0 && (
            // Shifts nobody could be named for would be published as holes: say so before the shift manager does.
            <Alert color="orange" data-testid="schedule-unassigned">
              {t("workforce.unassignedWarning", { count: s.stats.unassigned })}
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            {t("workforce.timeZone", { zone: s.timeZone })}
          </Text>
          <SkillCoverageChart key={s.id} schedule={s} label={label} />
          <ScheduleGrid schedule={s} />
          {s.status !== "draft" && <AdherencePanel schedule={s} label={label} />}
        </Stack>
      )}
    </Stack>
  );
}

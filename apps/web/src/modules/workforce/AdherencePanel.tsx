import { Alert, Badge, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import type { AdherenceReport, ScheduleDetail } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { wfmError } from "./errors";
import { SeriesChart } from "./SeriesChart";

const color = (a: number | null) => (a === null ? "gray" : a >= 0.9 ? "green" : a >= 0.75 ? "yellow" : "red");

/** Scheduled against actually available, per interval and per agent, up to now. */
export function AdherencePanel({ schedule, label }: { schedule: ScheduleDetail; label(iso: string): string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const report = useApi<AdherenceReport>(`/wfm/schedules/${schedule.id}/adherence`);
  if (report.error) return <Alert color="red">{wfmError(t, report.error)}</Alert>;
  if (!report.data) return <Loader aria-label={t("common.loading")} />;
  const r = report.data;
  return (
    <Stack data-testid="adherence">
      <Group>
        <Title order={4}>{t("workforce.adherence.title")}</Title>
        <Badge color={color(r.total.adherence)} data-testid="adherence-total">
          {fmt.percent(r.total.adherence)}
        </Badge>
        <Text size="xs" c="dimmed">
          {t("workforce.adherence.until", { at: fmt.dateTime(r.measuredUntil) })}
        </Text>
      </Group>
      {r.total.scheduledMinutes === 0 && (
        <Text size="sm" c="dimmed" data-testid="adherence-not-yet">
          {t("workforce.adherence.notYet")}
        </Text>
      )}
      <SeriesChart
        ariaLabel={t("workforce.adherence.chart")}
        labels={r.intervals.map((i) => label(i.start))}
        format={fmt.number}
        series={[
          { key: "scheduled", label: t("workforce.scheduled"), color: "var(--mantine-color-gray-4)", kind: "bar", values: r.intervals.map((i) => i.scheduled) },
          { key: "adherent", label: t("workforce.adherence.adherent"), color: "var(--mantine-color-green-7)", kind: "line", values: r.intervals.map((i) => i.adherent) },
        ]}
      />
      <Table.ScrollContainer minWidth={600}>
        <Table striped data-testid="adherence-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("workforce.agent")}</Table.Th>
              <Table.Th>{t("workforce.adherence.share")}</Table.Th>
              <Table.Th>{t("workforce.adherence.scheduledMinutes")}</Table.Th>
              <Table.Th>{t("workforce.adherence.notReady")}</Table.Th>
              <Table.Th>{t("workforce.adherence.offline")}</Table.Th>
              <Table.Th>{t("workforce.adherence.unscheduled")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.agents.map((a) => (
              <Table.Tr key={a.agentId}>
                <Table.Td>{a.agentName}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={color(a.adherence)}>
                    {fmt.percent(a.adherence)}
                  </Badge>
                </Table.Td>
                <Table.Td>{fmt.number(a.scheduledMinutes)}</Table.Td>
                <Table.Td>{fmt.number(a.notReadyMinutes)}</Table.Td>
                <Table.Td>{fmt.number(a.offlineMinutes)}</Table.Td>
                <Table.Td>{fmt.number(a.unscheduledAvailableMinutes)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

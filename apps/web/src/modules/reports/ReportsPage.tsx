import { Alert, Badge, Button, Card, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthProvider";
import type { QueueInfo } from "../desk/types";
import { errorMessage } from "../i18n/errors";
import { useFormat, type Formatters } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { useLines } from "../shell/useLines";
import { Dashboard } from "./Dashboard";
import { IntervalChart } from "./IntervalChart";
import { RoiView, ScheduledReports } from "./ReportSettings";
import { intervalLabel, PERIODS, periodRange, slColor, type PeriodKey } from "./period";
import type { ComplianceReport, MetricsRow, QueueReport } from "./types";

function Figure({ label, value, color, testId }: { label: string; value: string; color?: string; testId?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={32} fw={700} c={color} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function MetricsTable({ rows, first, firstLabel, testId, fmt }: { rows: MetricsRow[]; first(r: MetricsRow): string; firstLabel: string; testId: string; fmt: Formatters }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{firstLabel}</Table.Th>
            <Table.Th>{t("reports.offered")}</Table.Th>
            <Table.Th>{t("reports.answered")}</Table.Th>
            <Table.Th>{t("reports.abandoned")}</Table.Th>
            <Table.Th>{t("reports.serviceLevel")}</Table.Th>
            <Table.Th>{t("reports.asa")}</Table.Th>
            <Table.Th>{t("reports.p90")}</Table.Th>
            <Table.Th>{t("reports.longestWait")}</Table.Th>
            <Table.Th>{t("reports.aht")}</Table.Th>
            <Table.Th>{t("reports.transfers")}</Table.Th>
            <Table.Th>{t("reports.callbacks")}</Table.Th>
            <Table.Th>{t("reports.messages")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.interval}-${r.queueId ?? ""}`} data-testid={`${testId}-row`}>
              <Table.Td>{first(r)}</Table.Td>
              <Table.Td>{fmt.number(r.offered)}</Table.Td>
              <Table.Td>{fmt.number(r.answered)}</Table.Td>
              <Table.Td>
                {fmt.number(r.abandoned)}
                {r.shortAbandoned > 0 && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    ({t("reports.short", { value: fmt.number(r.shortAbandoned) })})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {r.serviceLevel === null ? (
                  t("common.none")
                ) : (
                  <Badge color={slColor(r.serviceLevel)} variant="light">
                    {fmt.percent(r.serviceLevel)}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td dir="ltr">{fmt.duration(r.averageSpeedOfAnswerSeconds)}</Table.Td>
              <Table.Td dir="ltr">{fmt.duration(r.p90SpeedOfAnswerSeconds)}</Table.Td>
              <Table.Td dir="ltr">{fmt.duration(r.longestWaitSeconds)}</Table.Td>
              <Table.Td dir="ltr">{fmt.duration(r.averageHandleSeconds)}</Table.Td>
              <Table.Td>{fmt.number(r.transfers)}</Table.Td>
              <Table.Td>{fmt.number(r.callbacksRequested)}</Table.Td>
              <Table.Td>{fmt.number(r.messagesTaken)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && (
        <Text c="dimmed" ta="center" py="sm">
          {t("reports.noContacts")}
        </Text>
      )}
    </Table.ScrollContainer>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { user } = useAuth();
  const isViewer = user?.role === "client_viewer";
  const { lines, loaded } = useLines();
  const queues = useApi<{ items: QueueInfo[] }>("/queues");
  const [chosen, setChosen] = useState<string | null>(null);
  const [period, setPeriod] = useState<PeriodKey>("today");
  const [interval, setIntervalMinutes] = useState("30");
  const lineId = isViewer ? (user?.tenantId ?? null) : (chosen ?? lines[0]?.id ?? null);
  const range = useMemo(() => periodRange(period), [period]);
  const query = lineId ? new URLSearchParams({ tenantId: lineId, from: range.from, to: range.to }).toString() : null;
  const metrics = useApi<QueueReport>(query ? `/reports/queues?${query}&interval=${interval}` : null);
  const compliance = useApi<ComplianceReport>(query ? `/reports/compliance?${query}` : null);
  const queueName = useMemo(() => {
    const names = new Map((queues.data?.items ?? []).map((q) => [q.id, q.name]));
    return (id: string | null) => (id ? (names.get(id) ?? id.slice(0, 8)) : t("reports.allQueues"));
  }, [queues.data, t]);

  const rows = query && metrics.data ? metrics.data.items : [];
  const totals = rows.filter((r) => r.interval === "total");
  const intervals = rows.filter((r) => r.interval !== "total").sort((a, b) => a.interval.localeCompare(b.interval) || queueName(a.queueId).localeCompare(queueName(b.queueId)));
  const multiDay = period !== "today" && period !== "yesterday";
  const points = useMemo(() => {
    const byInterval = new Map<string, { offered: number; answered: number }>();
    for (const r of intervals) {
      const p = byInterval.get(r.interval) ?? { offered: 0, answered: 0 };
      p.offered += r.offered;
      p.answered += r.answered;
      byInterval.set(r.interval, p);
    }
    return [...byInterval].map(([at, p]) => ({ label: intervalLabel(at, multiDay), ...p }));
  }, [intervals, multiDay]);
  const c = query ? compliance.data : null;

  if (!loaded) return <Loader aria-label={t("common.loading")} />;
  return (
    <Stack>
      <Group align="flex-end">
        {!isViewer && (
          <Select
            label={t("reports.line")}
            data-testid="reports-line"
            data={lines.map((l) => ({ value: l.id, label: l.name }))}
            value={lineId}
            onChange={(v) => v && setChosen(v)}
            allowDeselect={false}
            searchable
          />
        )}
        <SegmentedControl data-testid="reports-period" value={period} onChange={(v) => setPeriod(v as PeriodKey)} data={PERIODS.map((p) => ({ value: p, label: t(`reports.period.${p}`) }))} />
        <SegmentedControl
          data-testid="reports-interval"
          value={interval}
          onChange={setIntervalMinutes}
          data={["15", "30", "60"].map((m) => ({ value: m, label: t("reports.minutes", { value: fmt.number(Number(m)) }) }))}
        />
      </Group>
      {(metrics.error ?? compliance.error) !== null && <Alert color="red">{errorMessage(t, metrics.error ?? compliance.error)}</Alert>}

      <Card withBorder data-testid="reports-compliance">
        <Group justify="space-between" mb="sm">
          <Title order={4}>{t("reports.compliance")}</Title>
          {query && (
            <Button component="a" variant="default" size="xs" href={`/api/v1/reports/compliance?${query}&format=csv`} download data-testid="reports-csv">
              {t("reports.downloadEvidence")}
            </Button>
          )}
        </Group>
        {!c ? (
          <Loader size="sm" aria-label={t("common.loading")} />
        ) : (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Figure label={t("reports.share")} value={fmt.percent(c.share)} color={slColor(c.share)} testId="reports-share" />
              <Figure label={t("reports.obligated")} value={fmt.number(c.obligated)} testId="reports-obligated" />
              <Figure label={t("reports.answeredInTime")} value={fmt.number(c.answeredInTime)} />
              <Figure label={t("reports.breaches")} value={fmt.number(c.breaches.length)} color={c.breaches.length > 0 ? "red" : undefined} testId="reports-breaches" />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {(["sixMinuteTopics", "threeMinuteTopics"] as const).map((k) => (
                <Card key={k} withBorder padding="sm">
                  <Text size="sm" c="dimmed">
                    {t(`reports.${k}`)}
                  </Text>
                  <Text fz={24} fw={700} c={slColor(share(c[k].answeredInTime, c[k].obligated))}>
                    {fmt.percent(share(c[k].answeredInTime, c[k].obligated))}
                  </Text>
                  <Text size="sm">{t("reports.inTimeOf", { answered: fmt.number(c[k].answeredInTime), obligated: fmt.number(c[k].obligated) })}</Text>
                </Card>
              ))}
            </SimpleGrid>
            <Text size="sm" c="dimmed">
              {t("reports.voiceContacts", { value: fmt.number(c.voiceContacts) })} · {t("reports.endedBeforeLimit", { value: fmt.number(c.endedBeforeLimit) })}
            </Text>
          </Stack>
        )}
      </Card>

      {lineId && (
        <>
          <Title order={4}>{t("reports.dashboard")}</Title>
          <Dashboard
            key={lineId}
            lineId={lineId}
            range={range}
            queues={(queues.data?.items ?? []).filter((q) => q.tenantId === lineId)}
            queueName={queueName}
          />
          <RoiView key={`roi-${lineId}`} lineId={lineId} range={range} />
          {(isViewer || user?.role === "admin" || user?.role === "center_manager") && <ScheduledReports key={`schedules-${lineId}`} lineId={lineId} />}
        </>
      )}

      <Title order={4}>{t("reports.queues")}</Title>
      {metrics.loading && !metrics.data ? (
        <Loader size="sm" aria-label={t("common.loading")} />
      ) : (
        <MetricsTable rows={totals} first={(r) => queueName(r.queueId)} firstLabel={t("reports.queue")} testId="reports-queues" fmt={fmt} />
      )}

      <Title order={4}>{t("reports.intraday")}</Title>
      {points.length > 0 && <IntervalChart points={points} />}
      <MetricsTable
        rows={intervals}
        first={(r) => `${intervalLabel(r.interval, multiDay)} · ${queueName(r.queueId)}`}
        firstLabel={t("reports.interval")}
        testId="reports-intervals"
        fmt={fmt}
      />
      {metrics.data && (
        <Text size="xs" c="dimmed">
          {t("reports.timeZone", { zone: metrics.data.timeZone })}
        </Text>
      )}
    </Stack>
  );
}

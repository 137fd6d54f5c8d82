import { Alert, Button, Card, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { NOT_READY_REASONS } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { AgentRanking, HeatMap, HourChart, TrendChart } from "./charts";
import { DrillDown, type DrillTarget } from "./DrillDown";
import { slColor, zonedDays } from "./period";
import { BREAKDOWNS, type Breakdown, type Dashboard as DashboardData, type Measure, type SummaryItem } from "./types";

const CHANNELS = ["voice", "chat", "email", "callback", "message"];

interface Props {
  lineId: string;
  range: { from: string; to: string };
  queues: Array<{ id: string; name: string }>;
  queueName(id: string | null): string;
}

/** Clickable figure: opens the contacts behind it. */
function Count({ value, onOpen, testId }: { value: string; onOpen?: () => void; testId?: string }) {
  if (!onOpen) return <>{value}</>;
  return (
    <UnstyledButton onClick={onOpen} data-testid={testId} style={{ textDecoration: "underline dotted", color: "var(--mantine-color-anchor)" }}>
      {value}
    </UnstyledButton>
  );
}

/**
 * The reports dashboard of one line and period: headline figures, trend, intraday pattern, weekday×hour
 * heat map, agent ranking and a breakdown table by a chosen dimension; every count opens the contacts
 * behind it; the breakdown downloads as CSV or Excel.
 */
export function Dashboard({ lineId, range, queues, queueName }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [queueId, setQueueId] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const [breakdown, setBreakdown] = useState<Breakdown>("day");
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const filters: Record<string, string> = { tenantId: lineId, from: range.from, to: range.to, ...(queueId ? { queueId } : {}), ...(channel ? { channel } : {}) };
  const query = new URLSearchParams(filters).toString();
  const dashboard = useApi<DashboardData>(`/reports/dashboard?${query}`);
  const table = useApi<{ items: SummaryItem[]; timeZone: string }>(`/reports/summary?${query}&dimension=${breakdown}`);
  const d = dashboard.data;
  const zone = d?.timeZone ?? "Asia/Jerusalem";

  const keyLabel = (dimension: Breakdown | "trend", item: SummaryItem): string => {
    if (dimension === "queue") return item.label ?? queueName(item.key || null);
    if (dimension === "channel") return t(`desk.channels.${item.key}`, { defaultValue: item.key });
    if (dimension === "agent" || dimension === "team") return item.label ?? (item.key ? item.key.slice(0, 8) : t("reports.nobody"));
    if (dimension === "hour") return `${item.key.padStart(2, "0")}:00`;
    return item.key;
  };
  /** The filters of one row of the breakdown, for its drill-down; null where a row is not one slice of time or key. */
  const rowFilters = (item: SummaryItem): Record<string, string> | null => {
    if (breakdown === "day" || breakdown === "week") return { ...filters, ...zonedDays(item.key, breakdown === "day" ? 1 : 7, zone) };
    if (breakdown === "queue") return item.key ? { ...filters, queueId: item.key } : null;
    if (breakdown === "channel") return { ...filters, channel: item.key };
    if (breakdown === "agent") return item.key ? { ...filters, agentId: item.key } : null;
    return null;
  };
  const open = (title: string, measure: Measure, params: Record<string, string> | null) => (params ? () => setDrill({ title, measure, params }) : undefined);

  // Label, shown value, the count it stands for, the measure that opens its contacts, a colour, a test id.
  const headline: Array<[string, string, number, Measure | null, string?, string?]> = d
    ? [
        [t("reports.offered"), fmt.number(d.totals.offered), d.totals.offered, "offered"],
        [t("reports.answered"), fmt.number(d.totals.answered), d.totals.answered, "answered"],
        [t("reports.serviceLevel"), fmt.percent(d.totals.serviceLevel), d.totals.answered - d.totals.answeredWithinTarget, "answeredOutsideTarget", slColor(d.totals.serviceLevel)],
        [t("reports.abandoned"), fmt.number(d.totals.abandoned), d.totals.abandoned, "abandoned"],
        [t("reports.asa"), fmt.duration(d.totals.averageSpeedOfAnswerSeconds), 0, null],
        [t("reports.p90"), fmt.duration(d.totals.p90SpeedOfAnswerSeconds), 0, null],
        [t("reports.aht"), fmt.duration(d.totals.averageHandleSeconds), 0, null],
        [t("reports.ahtParts"), `${fmt.duration(d.totals.averageTalkSeconds)} · ${fmt.duration(d.totals.averageHoldSeconds)} · ${fmt.duration(d.totals.averageWrapUpSeconds)}`, 0, null, undefined, "aht-parts"],
        [t("reports.callbacks"), `${fmt.number(d.totals.callbacksCompleted)} / ${fmt.number(d.totals.callbacksRequested)}`, d.totals.callbacksRequested, "callbacksRequested"],
        [t("reports.messages"), fmt.number(d.totals.messagesTaken), d.totals.messagesTaken, "messagesTaken"],
        [t("reports.outbound"), `${fmt.number(d.totals.outboundReached)} / ${fmt.number(d.totals.outboundAttempts)}`, d.totals.outboundAttempts, "outboundAttempts", undefined, "outbound"],
        [t("reports.fcr"), fmt.percent(d.totals.firstContactResolution), 0, null],
        [t("reports.csat"), d.totals.csatResponses ? `${fmt.percent(d.totals.csatSatisfied)} · ${fmt.number(d.totals.csatAverage ?? 0)}` : "—", 0, null, undefined, "csat"],
        [t("reports.occupancy"), fmt.percent(d.totals.occupancy), 0, null, undefined, "occupancy"],
        [t("reports.utilisation"), fmt.percent(d.totals.utilisation), 0, null, undefined, "utilisation"],
      ]
    : [];

  return (
    <Stack data-testid="reports-dashboard">
      <Group align="flex-end">
        <Select
          label={t("reports.queue")}
          data-testid="reports-filter-queue"
          data={queues.map((q) => ({ value: q.id, label: q.name }))}
          value={queueId}
          onChange={setQueueId}
          placeholder={t("reports.allQueues")}
          clearable
        />
        <Select
          label={t("reports.channel")}
          data-testid="reports-filter-channel"
          data={CHANNELS.map((c) => ({ value: c, label: t(`desk.channels.${c}`) }))}
          value={channel}
          onChange={setChannel}
          placeholder={t("reports.allChannels")}
          clearable
        />
      </Group>
      {(dashboard.error ?? table.error) !== null && <Alert color="red">{errorMessage(t, dashboard.error ?? table.error)}</Alert>}
      {!d ? (
        <Loader size="sm" aria-label={t("common.loading")} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 7 }} data-testid="reports-headline">
            {headline.map(([label, value, count, measure, color, id]) => (
              <Card key={label} withBorder padding="xs" data-testid={id ? `reports-card-${id}` : undefined}>
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fz={22} fw={700} c={color}>
                  <Count value={value} onOpen={measure && count > 0 ? open(label, measure, filters) : undefined} testId={`reports-open-${measure ?? "none"}`} />
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card withBorder>
              <Title order={5} mb="xs">
                {t(d.trend.granularity === "day" ? "reports.trendDays" : "reports.trendWeeks")}
              </Title>
              <TrendChart items={d.trend.items} label={(k) => k} />
            </Card>
            <Card withBorder>
              <Title order={5} mb="xs">
                {t("reports.intradayPattern")}
              </Title>
              <HourChart items={d.intraday} />
            </Card>
            <Card withBorder>
              <Title order={5} mb="xs">
                {t("reports.heatmap")}
              </Title>
              <HeatMap items={d.heatmap} />
            </Card>
            <Card withBorder>
              <Title order={5} mb="xs">
                {t("reports.agentRanking")}
              </Title>
              <AgentRanking items={d.agents} onOpen={(a) => setDrill({ title: a.label ?? a.key, measure: "answered", params: { ...filters, agentId: a.key } })} />
            </Card>
          </SimpleGrid>
        </>
      )}

      <Group justify="space-between" align="flex-end">
        <SegmentedControl data-testid="reports-breakdown" value={breakdown} onChange={(v) => setBreakdown(v as Breakdown)} data={BREAKDOWNS.map((b) => ({ value: b, label: t(`reports.by.${b}`) }))} />
        <Group gap="xs">
          {(["csv", "xlsx"] as const).map((f) => (
            <Button key={f} component="a" variant="default" size="xs" href={`/api/v1/reports/summary?${query}&dimension=${breakdown}&format=${f}`} download data-testid={`reports-export-${f}`}>
              {t(`reports.export.${f}`)}
            </Button>
          ))}
        </Group>
      </Group>
      {!table.data ? (
        <Loader size="sm" aria-label={t("common.loading")} />
      ) : (
        <Table.ScrollContainer minWidth={1200}>
          <Table striped highlightOnHover data-testid="reports-breakdown-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(`reports.by.${breakdown}`)}</Table.Th>
                <Table.Th>{t("reports.offered")}</Table.Th>
                <Table.Th>{t("reports.answered")}</Table.Th>
                <Table.Th>{t("reports.abandoned")}</Table.Th>
                <Table.Th>{t("reports.serviceLevel")}</Table.Th>
                <Table.Th>{t("reports.asa")}</Table.Th>
                <Table.Th>{t("reports.p90")}</Table.Th>
                <Table.Th>{t("reports.aht")}</Table.Th>
                <Table.Th>{t("reports.talk")}</Table.Th>
                <Table.Th>{t("reports.hold")}</Table.Th>
                <Table.Th>{t("reports.wrapUp")}</Table.Th>
                <Table.Th>{t("reports.transfers")}</Table.Th>
                <Table.Th>{t("reports.messages")}</Table.Th>
                <Table.Th>{t("reports.outbound")}</Table.Th>
                <Table.Th>{t("reports.fcr")}</Table.Th>
                <Table.Th>{t("reports.csat")}</Table.Th>
                <Table.Th>{t("reports.occupancy")}</Table.Th>
                <Table.Th>{t("reports.utilisation")}</Table.Th>
                <Table.Th>{t("reports.notReady")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {table.data.items.map((r) => {
                const params = rowFilters(r);
                const label = keyLabel(breakdown, r);
                const cell = (measure: Measure, n: number) => <Count value={fmt.number(n)} onOpen={n > 0 ? open(`${label} — ${t(`reports.measure.${measure}`)}`, measure, params) : undefined} testId={`reports-cell-${measure}`} />;
                return (
                  <Table.Tr key={r.key} data-testid="reports-breakdown-row">
                    <Table.Td>{label}</Table.Td>
                    <Table.Td>{cell("offered", r.offered)}</Table.Td>
                    <Table.Td>{cell("answered", r.answered)}</Table.Td>
                    <Table.Td>{cell("abandoned", r.abandoned)}</Table.Td>
                    <Table.Td c={slColor(r.serviceLevel)}>{fmt.percent(r.serviceLevel)}</Table.Td>
                    <Table.Td dir="ltr">{fmt.duration(r.averageSpeedOfAnswerSeconds)}</Table.Td>
                    <Table.Td dir="ltr">{fmt.duration(r.p90SpeedOfAnswerSeconds)}</Table.Td>
                    <Table.Td dir="ltr">{fmt.duration(r.averageHandleSeconds)}</Table.Td>
                    <Table.Td dir="ltr">{fmt.duration(r.averageTalkSeconds)}</Table.Td>
                    <Table.Td dir="ltr" data-testid="reports-cell-hold">{fmt.duration(r.averageHoldSeconds)}</Table.Td>
                    <Table.Td dir="ltr">{fmt.duration(r.averageWrapUpSeconds)}</Table.Td>
                    <Table.Td>{cell("transfers", r.transfers)}</Table.Td>
                    <Table.Td>{cell("messagesTaken", r.messagesTaken)}</Table.Td>
                    <Table.Td>
                      {cell("outboundReached", r.outboundReached)} / {cell("outboundAttempts", r.outboundAttempts)}
                    </Table.Td>
                    <Table.Td data-testid="reports-cell-fcr">{fmt.percent(r.firstContactResolution)}</Table.Td>
                    <Table.Td data-testid="reports-cell-csat">{r.csatResponses ? `${fmt.percent(r.csatSatisfied)} · ${fmt.number(r.csatAverage ?? 0)}` : "—"}</Table.Td>
                    <Table.Td data-testid="reports-cell-occupancy">{fmt.percent(r.occupancy)}</Table.Td>
                    <Table.Td data-testid="reports-cell-utilisation">{fmt.percent(r.utilisation)}</Table.Td>
                    <Table.Td data-testid="reports-cell-not-ready">
                      <Text size="sm" dir="ltr">{fmt.duration(r.notReadySeconds)}</Text>
                      {NOT_READY_REASONS.filter((reason) => r.notReadyByReason[reason] > 0).map((reason) => (
                        <Text key={reason} size="xs" c="dimmed" data-testid={`reports-not-ready-${reason}`} style={{ whiteSpace: "nowrap" }}>
                          {t(`desk.reasons.${reason}`)} <span dir="ltr">{fmt.duration(r.notReadyByReason[reason])}</span>
                        </Text>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <DrillDown target={drill} queueName={queueName} onClose={() => setDrill(null)} />
    </Stack>
  );
}

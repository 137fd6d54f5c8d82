import { Group, SimpleGrid, Table, Text } from "@mantine/core";
import type { SimFigures, SimRun } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import { SeriesChart } from "./SeriesChart";
import { simColumns } from "./simColumns";
import { clock } from "./zoned";

export interface NamedRun {
  key: string;
  label: string;
  color: string;
  run: SimRun;
}

type Metric = "serviceLevel" | "abandonRate" | "occupancy";

/** A simulated day, or two side by side: totals, charts per interval and a table of the busy intervals. */
export function DaySimResults({ runs, timeZone, intervalMinutes }: { runs: NamedRun[]; timeZone: string; intervalMinutes: number }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const first = runs[0]!.run;
  const labels = first.intervals.map((i) => clock(i.start, timeZone, i18n.language));
  const staffed = (f: SimFigures) => fmt.number(Math.round((f.staffedSeconds / (intervalMinutes * 60)) * 10) / 10);
  const columns = simColumns(t, fmt);
  const chart = (metric: Metric, title: string) => (
    <SeriesChart
      key={metric}
      testId={`day-chart-${metric}`}
      ariaLabel={title}
      labels={labels}
      format={(n) => fmt.percent(n)}
      series={runs.map((r) => ({ key: r.key, label: runs.length > 1 ? `${r.label} · ${title}` : title, color: r.color, kind: "line" as const, values: r.run.intervals.map((i) => i[metric]) }))}
    />
  );
  // Intervals where something happened: contacts arrived or agents were on the phones.
  const busy = first.intervals.map((_, k) => k).filter((k) => runs.some((r) => r.run.intervals[k]!.offered > 0 || r.run.intervals[k]!.staffedSeconds > 0));
  return (
    <>
      <Table withTableBorder data-testid="day-sim-totals">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            {runs.map((r) => (
              <Table.Th key={r.key}>{r.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>{t("workforce.day.agents")}</Table.Td>
            {runs.map((r) => (
              <Table.Td key={r.key}>{fmt.number(r.run.agents)}</Table.Td>
            ))}
          </Table.Tr>
          {columns.map(([label, show]) => (
            <Table.Tr key={label}>
              <Table.Td>{label}</Table.Td>
              {runs.map((r) => (
                <Table.Td key={r.key}>{show(r.run.total)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {chart("serviceLevel", t("workforce.whatIf.serviceLevel"))}
        {chart("abandonRate", t("workforce.whatIf.abandoned"))}
        {chart("occupancy", t("workforce.whatIf.occupancy"))}
      </SimpleGrid>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {t("workforce.day.engine", { events: fmt.number(runs.reduce((n, r) => n + r.run.engine.events, 0)) })}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={800}>
        <Table striped withTableBorder data-testid="day-sim-intervals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("workforce.day.interval")}</Table.Th>
              {runs.length > 1 && <Table.Th>{t("workforce.day.scenario")}</Table.Th>}
              <Table.Th>{t("workforce.day.onPhones")}</Table.Th>
              {columns.map(([label]) => (
                <Table.Th key={label}>{label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {busy.flatMap((k) =>
              runs.map((r, n) => {
                const f = r.run.intervals[k]!;
                return (
                  <Table.Tr key={`${k}-${r.key}`} data-testid="day-sim-row">
                    {n === 0 && (
                      <Table.Td rowSpan={runs.length} dir="ltr">
                        {labels[k]}
                      </Table.Td>
                    )}
                    {runs.length > 1 && <Table.Td>{r.label}</Table.Td>}
                    <Table.Td>{staffed(f)}</Table.Td>
                    {columns.map(([label, show]) => (
                      <Table.Td key={label}>{show(f)}</Table.Td>
                    ))}
                  </Table.Tr>
                );
              }),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

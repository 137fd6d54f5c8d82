import { Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import type { NamedRun } from "./DaySimResults";

/** Each language's (or queue's) figures for the day, one column per run, so a change in one of them is read at a glance. */
export function StreamTable({ runs }: { runs: NamedRun[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ids = runs[0]!.run.streams.map((s) => s.id);
  const labels = new Map(runs[0]!.run.streams.map((s) => [s.id, s.label ?? t(`languages.${s.id}`)]));
  if (ids.length === 0) return null;
  const cell = (run: NamedRun, id: string) => run.run.streams.find((s) => s.id === id)?.total;
  return (
    <Table withTableBorder data-testid="day-sim-languages">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{runs[0]!.run.streams.some((s) => s.label) ? t("workforce.fit.queue") : t("workforce.day.language")}</Table.Th>
          {runs.map((r) => (
            <Table.Th key={`o-${r.key}`}>{`${t("workforce.whatIf.offered")} · ${r.label}`}</Table.Th>
          ))}
          {runs.map((r) => (
            <Table.Th key={`s-${r.key}`}>{`${t("workforce.whatIf.serviceLevel")} · ${r.label}`}</Table.Th>
          ))}
          {runs.map((r) => (
            <Table.Th key={`a-${r.key}`}>{`${t("workforce.whatIf.abandoned")} · ${r.label}`}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {ids.map((id) => (
          <Table.Tr key={id} data-testid={`day-sim-language-${id}`}>
            <Table.Td>{labels.get(id)}</Table.Td>
            {runs.map((r) => (
              <Table.Td key={`o-${r.key}`}>{fmt.number(cell(r, id)?.offered ?? 0)}</Table.Td>
            ))}
            {runs.map((r) => (
              <Table.Td key={`s-${r.key}`} data-testid="language-sl">
                {fmt.percent(cell(r, id)?.serviceLevel ?? null)}
              </Table.Td>
            ))}
            {runs.map((r) => (
              <Table.Td key={`a-${r.key}`}>{fmt.percent(cell(r, id)?.abandonRate ?? null)}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

import { Table, Text } from "@mantine/core";
import type { FittedQueue } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";

/** What the simulation drew from: each queue's handling time (lognormal) and patience (exponential) fitted to the line's history. */
export function FittedTable({ fitted }: { fitted: FittedQueue[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (fitted.length === 0) return <Text size="sm" c="dimmed">{t("workforce.fit.none")}</Text>;
  const two = (n: number) => fmt.number(Math.round(n * 100) / 100);
  return (
    <Table withTableBorder data-testid="day-sim-fitted">
      <Table.Caption>{t("workforce.fit.caption")}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("workforce.fit.queue")}</Table.Th>
          <Table.Th>{t("workforce.whatIf.offered")}</Table.Th>
          <Table.Th>{t("workforce.fit.handleMean")}</Table.Th>
          <Table.Th>{t("workforce.fit.lognormal")}</Table.Th>
          <Table.Th>{t("workforce.fit.patienceMean")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fitted.map((f) => (
          <Table.Tr key={f.queueId} data-testid="fitted-queue">
            <Table.Td>{f.queue}</Table.Td>
            <Table.Td>{fmt.number(f.contacts)}</Table.Td>
            <Table.Td data-testid="fitted-handle">{f.handle ? fmt.duration(f.handle.meanSeconds) : t("workforce.fit.given")}</Table.Td>
            <Table.Td dir="ltr">{f.handle ? `μ ${two(f.handle.mu)} · σ ${two(f.handle.sigma)}` : "—"}</Table.Td>
            <Table.Td>{f.patience ? t("workforce.fit.patience", { mean: fmt.duration(f.patience.meanSeconds), abandons: fmt.number(f.patience.abandons) }) : t("workforce.fit.given")}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

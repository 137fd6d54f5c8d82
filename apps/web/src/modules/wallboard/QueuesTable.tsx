import { Anchor, Badge, Progress, Stack, Table, Text } from "@mantine/core";
import { memo, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { QueueStats } from "../desk/types";
import { useFormat } from "../i18n/format";
import type { LineTotals } from "./lineTotals";

/** The answer-time deadline the wait colours count against: green under half, yellow under 5 min, red beyond. */
const DEADLINE_SECONDS = 6 * 60;
export function waitColor(seconds: number): string {
  if (seconds < DEADLINE_SECONDS / 2) return "green";
  if (seconds < 5 * 60) return "yellow";
  return "red";
}

interface Props {
  queues: QueueStats[];
  totals: Map<string, LineTotals>;
  lineName(id: string): string;
  /** Drill down into a queue's waiting contacts. */
  onOpen(queue: QueueStats): void;
}

/** Each client business's totals, then its queues; rows re-render only when their own figures change. */
export function QueuesTable({ queues, totals, lineName, onOpen }: Props) {
  const { t } = useTranslation();
  const groups = useMemo(() => {
    const byLine = new Map<string, QueueStats[]>();
    for (const q of queues) byLine.set(q.tenantId, [...(byLine.get(q.tenantId) ?? []), q]);
    return [...byLine.entries()]
      .map(([tenantId, list]) => ({ tenantId, name: lineName(tenantId), queues: list.sort((a, b) => a.name.localeCompare(b.name)) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [queues, lineName]);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover data-testid="wallboard-queues">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("wallboard.line")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.queue")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.waiting")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.longestWait")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.serviceLevel")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.answered")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.abandoned")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.asa")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.aht")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.breaches")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        {groups.map((g) => (
          <Table.Tbody key={g.tenantId} data-testid="line-group" data-line={g.tenantId}>
            {totals.get(g.tenantId) && <LineRow totals={totals.get(g.tenantId)!} name={g.name} />}
            {g.queues.map((q) => (
              <QueueRow key={q.queueId} q={q} onOpen={onOpen} />
            ))}
          </Table.Tbody>
        ))}
      </Table>
    </Table.ScrollContainer>
  );
}

/** A client business's totals over its queues, above them. */
const LineRow = memo(function LineRow({ totals: l, name }: { totals: LineTotals; name: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Table.Tr bg="var(--mantine-color-default-hover)" data-testid="line-totals" data-line={l.tenantId} data-waiting={l.waiting} data-answered={l.answeredToday} data-abandoned={l.abandonedToday}>
      <Table.Th scope="rowgroup">{name}</Table.Th>
      <Table.Td>
        <Text size="sm" fw={600}>
          {t("wallboard.lineTotal", { n: fmt.number(l.queues) })}
        </Text>
      </Table.Td>
      <Table.Td data-testid="line-waiting">
        <Text fw={700}>{fmt.number(l.waiting)}</Text>
      </Table.Td>
      <Table.Td>
        <LongestWait seconds={l.longestWaitSeconds} waiting={l.waiting} deadline />
      </Table.Td>
      <Table.Td fw={700} data-testid="line-sl">
        {fmt.percent(l.serviceLevel)}
      </Table.Td>
      <Table.Td fw={700}>{fmt.number(l.answeredToday)}</Table.Td>
      <Table.Td fw={700}>{fmt.number(l.abandonedToday)}</Table.Td>
      <Table.Td dir="ltr">{fmt.duration(l.averageSpeedOfAnswerSeconds)}</Table.Td>
      <Table.Td dir="ltr">{fmt.duration(l.averageHandleSeconds)}</Table.Td>
      <Table.Td>
        <Text c={l.breachesToday > 0 ? "red" : undefined} fw={700}>
          {fmt.number(l.breachesToday)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
});

/** The longest wait coloured as it nears the 6-minute deadline; on the line's row, with a bar against it. */
function LongestWait({ seconds, waiting, deadline = false }: { seconds: number; waiting: number; deadline?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = t("wallboard.ofDeadline", { wait: fmt.duration(seconds), deadline: fmt.duration(DEADLINE_SECONDS) });
  const badge = (
    <Badge color={waitColor(seconds)} variant={waiting > 0 ? "filled" : "light"} title={label}>
      <span dir="ltr">{fmt.duration(seconds)}</span>
    </Badge>
  );
  if (!deadline) return badge;
  return (
    <Stack gap={2} w={90}>
      {badge}
      <Progress size="xs" color={waitColor(seconds)} value={Math.min(100, (seconds / DEADLINE_SECONDS) * 100)} aria-label={label} />
    </Stack>
  );
}

const QueueRow = memo(function QueueRow({ q, onOpen }: { q: QueueStats; onOpen(queue: QueueStats): void }) {
  const fmt = useFormat();
  return (
    <Table.Tr data-testid="queue-row" data-queue={q.queueId} data-waiting={q.waiting} data-offered={q.offeredToday} data-answered={q.answeredToday} data-abandoned={q.abandonedToday}>
      <Table.Td />
      <Table.Th scope="row" fw={400}>
        <Anchor component="button" type="button" onClick={() => onOpen(q)} data-testid="queue-open">
          {q.name}
        </Anchor>
      </Table.Th>
      <Table.Td data-testid="queue-waiting">
        <Text fw={q.waiting > 0 ? 700 : undefined}>{fmt.number(q.waiting)}</Text>
      </Table.Td>
      <Table.Td>
        <LongestWait seconds={q.longestWaitSeconds} waiting={q.waiting} />
      </Table.Td>
      <Table.Td>{fmt.percent(q.serviceLevel)}</Table.Td>
      <Table.Td>{fmt.number(q.answeredToday)}</Table.Td>
      <Table.Td>{fmt.number(q.abandonedToday)}</Table.Td>
      <Table.Td dir="ltr">{fmt.duration(q.averageSpeedOfAnswerSeconds)}</Table.Td>
      <Table.Td dir="ltr">{fmt.duration(q.averageHandleSeconds)}</Table.Td>
      <Table.Td>
        <Text c={q.breachesToday > 0 ? "red" : undefined} fw={q.breachesToday > 0 ? 700 : undefined}>
          {fmt.number(q.breachesToday)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
});

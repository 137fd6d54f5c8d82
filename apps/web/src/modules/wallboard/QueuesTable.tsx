import { Anchor, Badge, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { QueueStats } from "../desk/types";
import { useFormat } from "../i18n/format";

/** The answer-time deadline the wait colours count against: green under half, yellow under 5 min, red beyond. */
const DEADLINE_SECONDS = 6 * 60;
export function waitColor(seconds: number): string {
  if (seconds < DEADLINE_SECONDS / 2) return "green";
  if (seconds < 5 * 60) return "yellow";
  return "red";
}

interface Props {
  queues: QueueStats[];
  lineName(id: string): string;
  /** Drill down into a queue's waiting contacts. */
  onOpen(queue: QueueStats): void;
}

export function QueuesTable({ queues, lineName, onOpen }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const sorted = [...queues].sort((a, b) => lineName(a.tenantId).localeCompare(lineName(b.tenantId)) || a.name.localeCompare(b.name));
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover data-testid="wallboard-queues">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("wallboard.line")}</Table.Th>
            <Table.Th>{t("wallboard.queue")}</Table.Th>
            <Table.Th>{t("wallboard.waiting")}</Table.Th>
            <Table.Th>{t("wallboard.longestWait")}</Table.Th>
            <Table.Th>{t("wallboard.serviceLevel")}</Table.Th>
            <Table.Th>{t("wallboard.answered")}</Table.Th>
            <Table.Th>{t("wallboard.abandoned")}</Table.Th>
            <Table.Th>{t("wallboard.asa")}</Table.Th>
            <Table.Th>{t("wallboard.aht")}</Table.Th>
            <Table.Th>{t("wallboard.breaches")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((q) => (
            <Table.Tr key={q.queueId} data-testid="queue-row" data-queue={q.queueId} data-waiting={q.waiting} data-answered={q.answeredToday}>
              <Table.Td>{lineName(q.tenantId)}</Table.Td>
              <Table.Td>
                <Anchor component="button" type="button" onClick={() => onOpen(q)} data-testid="queue-open">
                  {q.name}
                </Anchor>
              </Table.Td>
              <Table.Td data-testid="queue-waiting">
                <Text fw={q.waiting > 0 ? 700 : undefined}>{fmt.number(q.waiting)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={waitColor(q.longestWaitSeconds)} variant={q.waiting > 0 ? "filled" : "light"}>
                  <span dir="ltr">{fmt.duration(q.longestWaitSeconds)}</span>
                </Badge>
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
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

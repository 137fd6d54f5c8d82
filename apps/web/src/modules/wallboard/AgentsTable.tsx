import { Badge, Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ACTIVITY_COLOR } from "../desk/activity";
import type { Agent } from "../desk/types";
import { useFormat } from "../i18n/format";
import { useNow } from "../shell/useNow";

interface Props {
  agents: Agent[];
  agentName(id: string): string;
}

export function AgentsTable({ agents, agentName }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useNow();
  const sorted = [...agents].sort((a, b) => agentName(a.agentId).localeCompare(agentName(b.agentId)));
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped highlightOnHover data-testid="wallboard-agents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("wallboard.agent")}</Table.Th>
            <Table.Th>{t("wallboard.activity")}</Table.Th>
            <Table.Th>{t("wallboard.reason")}</Table.Th>
            <Table.Th>{t("wallboard.inState")}</Table.Th>
            <Table.Th>{t("wallboard.work")}</Table.Th>
            <Table.Th>{t("wallboard.handled")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((a) => (
            <Table.Tr key={a.agentId} data-testid="agent-row" data-agent={a.agentId} data-activity={a.activity}>
              <Table.Td>{agentName(a.agentId)}</Table.Td>
              <Table.Td>
                <Badge color={ACTIVITY_COLOR[a.activity]}>{t(`desk.activity.${a.activity}`)}</Badge>
              </Table.Td>
              <Table.Td>{a.reason ? t(`desk.reasons.${a.reason}`, { defaultValue: a.reason }) : t("common.none")}</Table.Td>
              <Table.Td dir="ltr">{fmt.duration((now - Date.parse(a.since)) / 1000)}</Table.Td>
              <Table.Td>{fmt.number(a.work.length)}</Table.Td>
              <Table.Td>{fmt.number(a.handledToday)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

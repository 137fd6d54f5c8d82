import { Badge, Box, Table, Text } from "@mantine/core";
import { memo, useMemo, useState, type UIEvent } from "react";
import { useTranslation } from "react-i18next";
import { ACTIVITY_COLOR } from "../desk/activity";
import type { Agent } from "../desk/types";
import { useFormat } from "../i18n/format";
import { useNow } from "../shell/useNow";

interface Props {
  agents: Agent[];
  agentName(id: string): string;
  teamName(id: string): string;
}

const ROW = 41;
const VIEW = 560;
const SPARE = 10;

/**
 * Every agent's state, time in state, current contact and contacts handled today. Only the rows in view are
 * rendered (fixed row height, spacer rows above and below), so 500 agents cost what 20 do.
 */
export function AgentsTable({ agents, agentName, teamName }: Props) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const [scrollTop, setScrollTop] = useState(0);
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(i18n.language);
    return agents
      .map((a) => ({ a, name: agentName(a.agentId) }))
      .sort((x, y) => collator.compare(x.name, y.name))
      .map((x) => x.a);
  }, [agents, agentName, i18n.language]);
  const first = Math.max(0, Math.floor(scrollTop / ROW) - SPARE);
  const last = Math.min(sorted.length, Math.ceil((scrollTop + VIEW) / ROW) + SPARE);
  const shown = sorted.slice(first, last);
  return (
    <Box
      style={{ maxBlockSize: VIEW, overflowY: "auto" }}
      onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={0}
      role="region"
      aria-label={t("wallboard.agents")}
      data-testid="wallboard-agents-scroll"
    >
      <Table striped highlightOnHover stickyHeader data-testid="wallboard-agents" aria-rowcount={sorted.length + 1} miw={900}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("wallboard.agent")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.activity")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.reason")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.inState")}</Table.Th>
            <Table.Th scope="col">{t("board.currentContact")}</Table.Th>
            <Table.Th scope="col">{t("wallboard.handled")}</Table.Th>
            <Table.Th scope="col">{t("board.team")}</Table.Th>
            <Table.Th scope="col">{t("board.languages")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {first > 0 && <tr aria-hidden style={{ blockSize: first * ROW }} />}
          {shown.map((a, i) => (
            <AgentRow key={a.agentId} agent={a} index={first + i + 2} name={agentName(a.agentId)} teams={a.teamIds.map(teamName).join(", ")} now={now} />
          ))}
          {last < sorted.length && <tr aria-hidden style={{ blockSize: (sorted.length - last) * ROW }} />}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

/** One agent's row: re-renders when the agent's own figures change, or each second for the time in state. */
const AgentRow = memo(function AgentRow({ agent: a, index, name, teams, now }: { agent: Agent; index: number; name: string; teams: string; now: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const current = a.work.find((w) => w.status === "connected") ?? a.work[0];
  return (
    <Table.Tr h={ROW} aria-rowindex={index} data-testid="agent-row" data-agent={a.agentId} data-activity={a.activity}>
      <Table.Th scope="row" fw={400} style={{ whiteSpace: "nowrap" }}>
        {name}
      </Table.Th>
      <Table.Td>
        <Badge color={ACTIVITY_COLOR[a.activity]}>{t(`desk.activity.${a.activity}`)}</Badge>
      </Table.Td>
      <Table.Td>{a.reason ? t(`desk.reasons.${a.reason}`, { defaultValue: a.reason }) : t("common.none")}</Table.Td>
      <Table.Td dir="ltr">{fmt.duration((now - Date.parse(a.since)) / 1000)}</Table.Td>
      <Table.Td data-testid="agent-current">
        {current ? (
          <Text size="sm" span>
            {t(`desk.channels.${current.channel}`)} · {t(`desk.status.${current.status}`, { defaultValue: current.status })}
            {a.work.length > 1 && ` (+${fmt.number(a.work.length - 1)})`}
          </Text>
        ) : (
          t("common.none")
        )}
      </Table.Td>
      <Table.Td>{fmt.number(a.handledToday)}</Table.Td>
      <Table.Td>{teams || t("common.none")}</Table.Td>
      <Table.Td>{a.languages.map((l) => t(`languages.${l}`, { defaultValue: l })).join(", ")}</Table.Td>
    </Table.Tr>
  );
});

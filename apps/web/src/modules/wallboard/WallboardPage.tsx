import { Alert, Group, Loader, SegmentedControl, Select, Stack, Title } from "@mantine/core";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ACTIVITIES } from "../desk/activity";
import type { QueueStats } from "../desk/types";
import { errorMessage } from "../i18n/errors";
import { ReconnectBanner } from "../live/ReconnectBanner";
import { AgentsTable } from "./AgentsTable";
import { DeadlineAlerts } from "./DeadlineAlerts";
import { LiveCalls } from "../recordings/LiveCalls";
import { EscalationsPanel } from "./EscalationsPanel";
import { QueueDrawer } from "./QueueDrawer";
import { QueuesTable } from "./QueuesTable";
import { useWallboard } from "./useWallboard";

/** The supervisors' live picture: every queue's figures and every agent's state, filtered by team, line and language. */
export function WallboardPage() {
  const { t } = useTranslation();
  const board = useWallboard();
  const [filter, setFilter] = useState("all");
  const [team, setTeam] = useState<string | null>(null);
  const [line, setLine] = useState<string | null>(null);
  const [language, setLanguage] = useState<string | null>(null);
  const [openQueue, setOpenQueue] = useState<string | null>(null);
  const teamNames = useMemo(() => new Map(board.teams.map((x) => [x.id, x.name])), [board.teams]);
  const languages = useMemo(() => [...new Set((board.agents ?? []).flatMap((a) => a.languages))].sort(), [board.agents]);
  const queues = useMemo(() => (board.queues ?? []).filter((q) => !line || q.tenantId === line), [board.queues, line]);
  const agents = useMemo(
    () =>
      (board.agents ?? []).filter(
        (a) =>
          (filter === "all" || a.activity === filter) &&
          (!team || a.teamIds.includes(team)) &&
          (!line || a.tenantIds === null || a.tenantIds.includes(line)) &&
          (!language || a.languages.includes(language)),
      ),
    [board.agents, filter, team, line, language],
  );
  const teamName = useCallback((id: string) => teamNames.get(id) ?? "", [teamNames]);
  const openDrawer = useCallback((q: QueueStats) => setOpenQueue(q.queueId), []);
  if (!board.queues && !board.agents) {
    if (board.error) return <Alert color="red">{errorMessage(t, board.error)}</Alert>;
    return <Loader aria-label={t("common.loading")} />;
  }
  const queueName = (id: string) => board.queues?.find((q) => q.queueId === id)?.name ?? "";
  const opened: QueueStats | null = board.queues?.find((q) => q.queueId === openQueue) ?? null;
  return (
    <Stack>
      <ReconnectBanner />
      {board.error !== null && board.error !== undefined && <Alert color="red">{errorMessage(t, board.error)}</Alert>}
      <DeadlineAlerts lineName={board.lineName} queueName={queueName} />
      <EscalationsPanel lineName={board.lineName} />
      <Group justify="space-between" align="flex-end">
        <Title order={3}>{t("wallboard.queues")}</Title>
        <Select
          size="xs"
          label={t("board.line")}
          placeholder={t("wallboard.all")}
          clearable
          data={board.lines.map((l) => ({ value: l.id, label: l.name }))}
          value={line}
          onChange={setLine}
          w={220}
          data-testid="filter-line"
        />
      </Group>
      <QueuesTable queues={queues} totals={board.totals} lineName={board.lineName} onOpen={openDrawer} />
      <LiveCalls agentName={board.agentName} lineName={board.lineName} />
      <Group justify="space-between" align="flex-end">
        <Title order={3}>{t("wallboard.agents")}</Title>
        <Group gap="sm" align="flex-end">
          <Select size="xs" label={t("board.team")} placeholder={t("wallboard.all")} clearable data={board.teams.map((x) => ({ value: x.id, label: x.name }))} value={team} onChange={setTeam} w={160} data-testid="filter-team" />
          <Select
            size="xs"
            label={t("board.language")}
            placeholder={t("wallboard.all")}
            clearable
            data={languages.map((l) => ({ value: l, label: t(`languages.${l}`, { defaultValue: l }) }))}
            value={language}
            onChange={setLanguage}
            w={140}
            data-testid="filter-language"
          />
          <SegmentedControl
            size="xs"
            value={filter}
            onChange={setFilter}
            data-testid="wallboard-filter"
            data={[{ value: "all", label: t("wallboard.all") }, ...ACTIVITIES.map((a) => ({ value: a, label: t(`desk.activity.${a}`) }))]}
          />
        </Group>
      </Group>
      <AgentsTable agents={agents} agentName={board.agentName} teamName={teamName} />
      <QueueDrawer queue={opened} queues={board.queues ?? []} agents={board.agents ?? []} agentName={board.agentName} onClose={() => setOpenQueue(null)} />
    </Stack>
  );
}

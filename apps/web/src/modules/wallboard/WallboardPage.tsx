import { Alert, Group, Loader, SegmentedControl, Stack, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ACTIVITIES } from "../desk/activity";
import { errorMessage } from "../i18n/errors";
import { AgentsTable } from "./AgentsTable";
import { EscalationsPanel } from "./EscalationsPanel";
import { QueuesTable } from "./QueuesTable";
import { useWallboard } from "./useWallboard";

/** The supervisors' live picture: every queue's figures and every agent's state. */
export function WallboardPage() {
  const { t } = useTranslation();
  const board = useWallboard();
  const [filter, setFilter] = useState("all");
  if (!board.queues && !board.agents) {
    if (board.error) return <Alert color="red">{errorMessage(t, board.error)}</Alert>;
    return <Loader aria-label={t("common.loading")} />;
  }
  const agents = (board.agents ?? []).filter((a) => filter === "all" || a.activity === filter);
  return (
    <Stack>
      {board.error !== null && board.error !== undefined && <Alert color="red">{errorMessage(t, board.error)}</Alert>}
      <EscalationsPanel lineName={board.lineName} />
      <Title order={3}>{t("wallboard.queues")}</Title>
      <QueuesTable queues={board.queues ?? []} lineName={board.lineName} />
      <Group justify="space-between" align="flex-end">
        <Title order={3}>{t("wallboard.agents")}</Title>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={setFilter}
          data-testid="wallboard-filter"
          data={[{ value: "all", label: t("wallboard.all") }, ...ACTIVITIES.map((a) => ({ value: a, label: t(`desk.activity.${a}`) }))]}
        />
      </Group>
      <AgentsTable agents={agents} agentName={board.agentName} />
    </Stack>
  );
}

import { Alert, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { ReconnectBanner } from "../live/ReconnectBanner";
import { OfferCard } from "./OfferCard";
import { StateControl } from "./StateControl";
import type { Agent } from "./types";
import { useAgentDesk } from "./useAgentDesk";
import { useDirectory } from "./useDirectory";
import { WorkItem } from "./WorkItem";

/** The agent desktop: my state, the contact offered to me, the contacts I am handling, my day so far. */
export function DeskPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, error, reload, offers } = useAgentDesk();
  const directory = useDirectory();
  // A state change answers with the new state at once; the next reload takes over from there.
  const [override, setOverride] = useState<Agent | null>(null);
  useEffect(() => setOverride(null), [data]);
  const agent = override ?? data?.agent;

  if (!agent) {
    if (error) return <Alert color="red">{errorMessage(t, error)}</Alert>;
    return <Loader aria-label={t("common.loading")} />;
  }
  const offered = agent.work.filter((w) => w.status === "offered");
  const working = agent.work.filter((w) => w.status !== "offered");
  return (
    <Stack>
      <ReconnectBanner />
      <StateControl
        agent={agent}
        onChanged={(a) => {
          setOverride(a);
          reload();
        }}
      />
      {offered.map((w, i) => (
        <OfferCard key={w.interactionId} entry={w} info={offers[w.interactionId]} directory={directory} shortcuts={i === 0} onDone={reload} />
      ))}
      <Title order={3}>{t("desk.work")}</Title>
      {working.length === 0 ? (
        <Text c="dimmed" data-testid="work-empty">
          {t("desk.noWork")}
        </Text>
      ) : (
        working.map((w) => <WorkItem key={w.interactionId} entry={w} directory={directory} onDone={reload} />)
      )}
      <Paper withBorder p="md">
        <Group gap="xs">
          <Text>{t("desk.handledToday")}:</Text>
          <Text fw={700} data-testid="desk-handled">
            {fmt.number(agent.handledToday)}
          </Text>
        </Group>
      </Paper>
    </Stack>
  );
}

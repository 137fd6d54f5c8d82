import { Alert, Badge, Button, Drawer, Group, Select, Stack, Table, Text } from "@mantine/core";
import type { WaitingContact } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { api } from "../../api/client";
import type { Agent, QueueStats } from "../desk/types";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useNow } from "../shell/useNow";
import { waitColor } from "./QueuesTable";
import { useLiveSnapshot } from "./useLiveSnapshot";

type Waiting = z.infer<typeof WaitingContact>;

interface Props {
  queue: QueueStats | null;
  queues: QueueStats[];
  agents: Agent[];
  agentName(id: string): string;
  onClose(): void;
}

const routing = (e: { type: string }) => e.type.startsWith("routing.");

/** A queue's waiting contacts, live; the supervisor moves one to another queue of the line or to an agent. */
export function QueueDrawer({ queue, queues, agents, agentName, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Drawer opened={queue !== null} onClose={onClose} position="right" size="xl" title={queue ? `${queue.name} — ${t("board.waitingContacts")}` : ""} data-testid="queue-drawer">
      {queue && <WaitingList queue={queue} queues={queues.filter((q) => q.tenantId === queue.tenantId && q.queueId !== queue.queueId)} agents={agents.filter((a) => a.presence !== "offline" && (a.tenantIds === null || a.tenantIds.includes(queue.tenantId)))} agentName={agentName} />}
    </Drawer>
  );
}

function WaitingList({ queue, queues, agents, agentName }: { queue: QueueStats; queues: QueueStats[]; agents: Agent[]; agentName(id: string): string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useNow();
  const { data, reload } = useLiveSnapshot<{ items: Waiting[] }>(`/queues/${queue.queueId}/waiting`, routing);
  const items = data?.items ?? [];
  if (data && items.length === 0) return <Text c="dimmed">{t("board.noneWaiting")}</Text>;
  return (
    <Table data-testid="waiting-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>#</Table.Th>
          <Table.Th>{t("desk.channel")}</Table.Th>
          <Table.Th>{t("board.waited")}</Table.Th>
          <Table.Th>{t("board.deadlineIn")}</Table.Th>
          <Table.Th>{t("board.move")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((c) => {
          const waited = (now - Date.parse(c.arrivedAt)) / 1000;
          const left = c.deadlineAt ? (Date.parse(c.deadlineAt) - now) / 1000 : null;
          return (
            <Table.Tr key={c.interactionId} data-testid="waiting-row" data-interaction={c.interactionId}>
              <Table.Td>{c.position === null ? t("common.none") : fmt.number(c.position)}</Table.Td>
              <Table.Td>
                {t(`desk.channels.${c.channel}`)}
                {c.agentId && <Text size="xs">{t("board.offeredTo", { name: agentName(c.agentId) })}</Text>}
              </Table.Td>
              <Table.Td>
                <Badge color={waitColor(waited)} dir="ltr">
                  {fmt.duration(waited)}
                </Badge>
              </Table.Td>
              <Table.Td dir="ltr">{left === null ? t("common.none") : left < 0 ? <Text c="red" fw={700} span>{t("board.breached")}</Text> : fmt.duration(left)}</Table.Td>
              <Table.Td>
                <MoveControl contact={c} queues={queues} agents={agents} agentName={agentName} onMoved={reload} />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function MoveControl({ contact, queues, agents, agentName, onMoved }: { contact: Waiting; queues: QueueStats[]; agents: Agent[]; agentName(id: string): string; onMoved(): void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const data = [
    { group: t("board.toQueue"), items: queues.map((q) => ({ value: `q:${q.queueId}`, label: q.name })) },
    { group: t("board.toAgent"), items: agents.map((a) => ({ value: `a:${a.agentId}`, label: `${agentName(a.agentId)} · ${t(`desk.activity.${a.activity}`)}` })) },
  ];
  const move = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const body = target.startsWith("q:") ? { queueId: target.slice(2) } : { agentId: target.slice(2) };
      await api(`/interactions/${contact.interactionId}/transfer`, { method: "POST", body });
      setTarget(null);
      onMoved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Select size="xs" aria-label={t("board.move")} placeholder={t("board.moveTo")} data={data} value={target} onChange={setTarget} searchable w={220} data-testid="move-target" />
        <Button size="xs" loading={busy} disabled={!target} onClick={() => void move()} data-testid="move-send">
          {t("board.move")}
        </Button>
      </Group>
      {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
    </Stack>
  );
}

import { Button, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useFormat } from "../i18n/format";
import { useNow } from "../shell/useNow";
import { useCanHearCalls } from "./access";
import { ListenIn } from "./ListenIn";

interface LiveCall {
  callId: string;
  tenantId: string;
  interactionId: string | null;
  state: "menu" | "queued" | "connected" | "ended";
  caller: string;
  agentId: string | null;
  answeredAt: string | null;
  listeners: number;
}

/** The gateway's calls now, re-read every 2 s (the call list is the gateway's, not routing's events). */
function useLiveCalls(enabled: boolean): LiveCall[] {
  const [calls, setCalls] = useState<LiveCall[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const read = () =>
      api<{ items: LiveCall[] }>("/voice/calls")
        .then((r) => live && setCalls(r.items))
        .catch(() => {});
    void read();
    const timer = setInterval(read, 2000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [enabled]);
  return calls;
}

/**
 * Phone calls on the line now, for the wallboard: who is on each, the line, talk time, and — for center
 * staff — a Listen button that plays both sides in the browser without anyone on the call knowing.
 */
export function LiveCalls({ agentName, lineName }: { agentName(id: string): string; lineName(id: string): string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const allowed = useCanHearCalls();
  const calls = useLiveCalls(allowed);
  const now = useNow(1000);
  const [listening, setListening] = useState<string | null>(null);
  if (!allowed) return null;
  const heard = calls.some((c) => c.interactionId === listening && c.state === "connected");
  return (
    <Stack gap="xs" data-testid="live-calls">
      <Title order={3}>{t("listen.title")}</Title>
      {calls.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("listen.noCalls")}
        </Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("wallboard.line")}</Table.Th>
              <Table.Th>{t("listen.caller")}</Table.Th>
              <Table.Th>{t("wallboard.agent")}</Table.Th>
              <Table.Th>{t("listen.state")}</Table.Th>
              <Table.Th>{t("listen.talkTime")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {calls.map((c) => (
              <Table.Tr key={c.callId} data-testid="live-call" data-interaction={c.interactionId ?? ""} data-state={c.state}>
                <Table.Td>{lineName(c.tenantId)}</Table.Td>
                <Table.Td dir="ltr">{c.caller}</Table.Td>
                <Table.Td>{c.agentId ? agentName(c.agentId) : "—"}</Table.Td>
                <Table.Td>{t(`listen.states.${c.state}`)}</Table.Td>
                <Table.Td dir="ltr">{c.answeredAt ? fmt.duration((now - Date.parse(c.answeredAt)) / 1000) : "—"}</Table.Td>
                <Table.Td>
                  {c.state === "connected" && c.interactionId && listening !== c.interactionId && (
                    <Button size="compact-xs" variant="light" onClick={() => setListening(c.interactionId)} data-testid="listen-button">
                      {t("listen.listen")}
                    </Button>
                  )}
                  {listening === c.interactionId && <ListenIn interactionId={c.interactionId!} onStop={() => setListening(null)} />}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {listening && !heard && (
        <Text size="xs" c="dimmed" data-testid="listen-ended">
          {t("listen.ended")}
        </Text>
      )}
    </Stack>
  );
}

import { Alert, Badge, Button, Group, NumberInput, Table, Text } from "@mantine/core";
import type { AgentWorkRules } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useApi } from "../shell/useApi";
import { wfmError } from "./errors";

function AgentRow({ agent, saved }: { agent: AgentWorkRules; saved(): void }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<number | string>(agent.rules.contractMinutesPerWeek / 60);
  const [error, setError] = useState<string | null>(null);
  const changed = Number(hours) * 60 !== agent.rules.contractMinutesPerWeek;
  async function save() {
    setError(null);
    try {
      // Availability and preferences are kept as they are; only the contract changes here.
      await api(`/wfm/agents/${agent.userId}/work-rules`, { method: "PUT", body: { ...agent.rules, contractMinutesPerWeek: Math.round(Number(hours) * 60) } });
      saved();
    } catch (e) {
      setError(wfmError(t, e));
    }
  }
  return (
    <Table.Tr data-testid="agent-rules-row">
      <Table.Td>{agent.name}</Table.Td>
      <Table.Td>
        {agent.skills.map((s) => (
          <Badge key={s} variant="light" me={4}>
            {s}
          </Badge>
        ))}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <NumberInput value={hours} onChange={setHours} min={0} max={60} w={90} aria-label={t("workforce.agents.contract")} />
          {changed && (
            <Button size="xs" onClick={() => void save()}>
              {t("common.save")}
            </Button>
          )}
        </Group>
        {error && (
          <Alert color="red" p={4} mt={4}>
            {error}
          </Alert>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{agent.rules.availability.length === 0 ? t("workforce.agents.always") : agent.rules.availability.map((w) => t(`days.${w.weekday}`)).join(" ")}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Agents as the schedule sees them: skills and languages (their own), contract hours, availability. */
export function AgentRulesPanel() {
  const { t } = useTranslation();
  const list = useApi<{ items: AgentWorkRules[] }>("/wfm/agents");
  if (list.error) return <Alert color="red">{wfmError(t, list.error)}</Alert>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped data-testid="agent-rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("workforce.agent")}</Table.Th>
            <Table.Th>{t("workforce.templates.skills")}</Table.Th>
            <Table.Th>{t("workforce.agents.contract")}</Table.Th>
            <Table.Th>{t("workforce.agents.availability")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((a) => (
            <AgentRow key={`${a.userId}-${a.rules.contractMinutesPerWeek}`} agent={a} saved={list.reload} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { Alert, Badge, Button, Group, Modal, NumberInput, Stack, Table, Text } from "@mantine/core";
import type { AgentWorkRules, ShiftTemplate, WorkRulesInput } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useApi } from "../shell/useApi";
import { AvailabilityEditor, fromDrafts, hhmm, toDrafts, type Preferences, type WindowDraft } from "./AvailabilityEditor";
import { wfmError } from "./errors";

type Templates = ReadonlyArray<Pick<ShiftTemplate, "id" | "name">>;

async function saveRules(agent: AgentWorkRules, patch: Partial<WorkRulesInput>) {
  const body: WorkRulesInput = { ...agent.rules, ...patch };
  await api(`/wfm/agents/${agent.userId}/work-rules`, { method: "PUT", body });
}

/** The shift manager edits an agent's weekly windows and preferences in a dialog. */
function AvailabilityDialog({ agent, templates, onClose, saved }: { agent: AgentWorkRules; templates: Templates; onClose(): void; saved(): void }) {
  const { t } = useTranslation();
  const [windows, setWindows] = useState<WindowDraft[]>(toDrafts(agent.rules.availability));
  const [preferences, setPreferences] = useState<Preferences>(agent.rules.preferences);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function save() {
    const availability = fromDrafts(windows);
    if (!availability) return setError(t("workforce.availability.invalid"));
    setSaving(true);
    setError(null);
    try {
      await saveRules(agent, { availability, preferences });
      saved();
      onClose();
    } catch (e) {
      setError(wfmError(t, e));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={t("workforce.availability.editFor", { name: agent.name })} size="lg">
      <Stack>
        <AvailabilityEditor windows={windows} onWindows={setWindows} preferences={preferences} onPreferences={setPreferences} templates={templates} />
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => void save()} loading={saving} data-testid="save-agent-availability">
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function AgentRow({ agent, templates, saved }: { agent: AgentWorkRules; templates: Templates; saved(): void }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<number | string>(agent.rules.contractMinutesPerWeek / 60);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changed = Number(hours) * 60 !== agent.rules.contractMinutesPerWeek;
  async function save() {
    setError(null);
    try {
      await saveRules(agent, { contractMinutesPerWeek: Math.round(Number(hours) * 60) });
      saved();
    } catch (e) {
      setError(wfmError(t, e));
    }
  }
  const names = new Map(templates.map((x) => [x.id, x.name]));
  const prefs = agent.rules.preferences;
  const liked = (prefs.templateIds ?? []).map((id) => names.get(id)).filter(Boolean);
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
      <Table.Td data-testid="agent-availability">
        {agent.rules.availability.length === 0 ? (
          <Text size="sm">{t("workforce.agents.always")}</Text>
        ) : (
          agent.rules.availability.map((w, i) => (
            <Text key={i} size="sm">
              {t(`days.${w.weekday}`)}{" "}
              <span dir="ltr">
                {hhmm(w.fromMinute)}–{hhmm(w.toMinute)}
              </span>
            </Text>
          ))
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{liked.join(", ")}</Text>
        {(prefs.avoidWeekdays ?? []).length > 0 && <Text size="sm">{t("workforce.agents.avoids", { days: prefs.avoidWeekdays!.map((d) => t(`days.${d}`)).join(" ") })}</Text>}
      </Table.Td>
      <Table.Td>
        <Button size="xs" variant="light" onClick={() => setEditing(true)} data-testid="edit-availability">
          {t("workforce.availability.edit")}
        </Button>
        {editing && <AvailabilityDialog agent={agent} templates={templates} onClose={() => setEditing(false)} saved={saved} />}
      </Table.Td>
    </Table.Tr>
  );
}

/** Agents as the schedule sees them: skills and languages (their own), contract hours, availability and preferences. */
export function AgentRulesPanel() {
  const { t } = useTranslation();
  const list = useApi<{ items: AgentWorkRules[] }>("/wfm/agents");
  const templates = useApi<{ items: ShiftTemplate[] }>("/wfm/shift-templates");
  if (list.error) return <Alert color="red">{wfmError(t, list.error)}</Alert>;
  const active = (templates.data?.items ?? []).filter((x) => x.active);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped data-testid="agent-rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("workforce.agent")}</Table.Th>
            <Table.Th>{t("workforce.templates.skills")}</Table.Th>
            <Table.Th>{t("workforce.agents.contract")}</Table.Th>
            <Table.Th>{t("workforce.agents.availability")}</Table.Th>
            <Table.Th>{t("workforce.agents.preferences")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((a) => (
            <AgentRow key={`${a.userId}-${JSON.stringify(a.rules)}`} agent={a} templates={active} saved={list.reload} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { Alert, Badge, Button, Card, Group, NumberInput, Stack, Switch, Table, Text, TextInput } from "@mantine/core";
import type { ShiftTemplate, ShiftTemplateInput } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useApi } from "../shell/useApi";
import { hhmm, toMinute } from "./AvailabilityEditor";
import { wfmError } from "./errors";
import { WeekdayChips } from "./WeekdayChips";


/** The kinds of shift the schedule may use: add one, or switch one off. */
export function TemplatesPanel() {
  const { t } = useTranslation();
  const list = useApi<{ items: ShiftTemplate[] }>("/wfm/shift-templates");
  const [name, setName] = useState("");
  const [hours, setHours] = useState<number | string>(8);
  const [earliest, setEarliest] = useState("08:00");
  const [latest, setLatest] = useState("10:00");
  const [breakMinutes, setBreakMinutes] = useState<number | string>(30);
  const [days, setDays] = useState<string[]>([]);
  const [skills, setSkills] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function save(body: ShiftTemplateInput, id?: string) {
    setError(null);
    try {
      await api(id ? `/wfm/shift-templates/${id}` : "/wfm/shift-templates", { method: id ? "PUT" : "POST", body });
      list.reload();
      return true;
    } catch (e) {
      setError(wfmError(t, e));
      return false;
    }
  }

  async function add() {
    const length = Math.round(Number(hours) * 60);
    const brk = Number(breakMinutes);
    const ok = await save({
      name,
      lengthMinutes: length,
      earliestStartMinute: toMinute(earliest),
      latestStartMinute: toMinute(latest),
      startStepMinutes: 30,
      breaks: brk > 0 ? [{ afterMinutes: Math.floor(length / 2 / 30) * 30, lengthMinutes: brk }] : [],
      days: days.map(Number),
      skills: skills.split(/[\s,]+/).filter(Boolean),
      active: true,
    });
    if (ok) setName("");
  }

  const toInput = (x: ShiftTemplate): ShiftTemplateInput => ({ ...x, startStepMinutes: x.startStepMinutes as 15 | 30 | 60 });
  return (
    <Stack data-testid="templates">
      <Table.ScrollContainer minWidth={700}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("workforce.templates.name")}</Table.Th>
              <Table.Th>{t("workforce.templates.hours")}</Table.Th>
              <Table.Th>{t("workforce.templates.starts")}</Table.Th>
              <Table.Th>{t("workforce.templates.days")}</Table.Th>
              <Table.Th>{t("workforce.templates.skills")}</Table.Th>
              <Table.Th>{t("workforce.templates.active")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((x) => (
              <Table.Tr key={x.id} data-testid="template-row">
                <Table.Td>{x.name}</Table.Td>
                <Table.Td>{x.lengthMinutes / 60}</Table.Td>
                <Table.Td dir="ltr" style={{ textAlign: "start" }}>
                  {hhmm(x.earliestStartMinute)}–{hhmm(x.latestStartMinute)}
                </Table.Td>
                <Table.Td>{x.days.length === 0 ? t("workforce.templates.everyDay") : x.days.map((d) => t(`days.${d}`)).join(" ")}</Table.Td>
                <Table.Td>
                  {x.skills.map((s) => (
                    <Badge key={s} variant="light" me={4}>
                      {s}
                    </Badge>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Switch checked={x.active} aria-label={t("workforce.templates.active")} onChange={(e) => void save({ ...toInput(x), active: e.currentTarget.checked }, x.id)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Card withBorder>
        <Stack gap="sm">
          <Group align="flex-end">
            <TextInput label={t("workforce.templates.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} w={180} data-testid="template-name" />
            <NumberInput label={t("workforce.templates.hours")} value={hours} onChange={setHours} min={1} max={12} step={0.5} w={100} />
            <TextInput label={t("workforce.templates.earliest")} value={earliest} onChange={(e) => setEarliest(e.currentTarget.value)} w={110} dir="ltr" />
            <TextInput label={t("workforce.templates.latest")} value={latest} onChange={(e) => setLatest(e.currentTarget.value)} w={110} dir="ltr" />
            <NumberInput label={t("workforce.templates.break")} value={breakMinutes} onChange={setBreakMinutes} min={0} max={120} w={120} />
            <TextInput label={t("workforce.templates.skills")} placeholder="lang:ru" value={skills} onChange={(e) => setSkills(e.currentTarget.value)} w={160} dir="ltr" />
          </Group>
          <Group>
            <Text size="sm">{t("workforce.templates.days")}</Text>
            <WeekdayChips value={days} onChange={setDays} />
            <Text size="xs" c="dimmed">
              {t("workforce.templates.daysHint")}
            </Text>
          </Group>
          {error && <Alert color="red">{error}</Alert>}
          <Group>
            <Button onClick={() => void add()} disabled={!name.trim()} data-testid="add-template">
              {t("workforce.templates.add")}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}

import { Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useAuth } from "../auth/AuthProvider";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import type { ReportSchedule, RoiInputs, RoiResponse } from "./types";

const FREQUENCIES = ["daily", "weekly", "monthly"] as const;
const list = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A line's scheduled e-mail reports: who gets which report, when; added and stopped here. */
export function ScheduledReports({ lineId }: { lineId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const schedules = useApi<{ items: ReportSchedule[] }>(`/reports/schedules?tenantId=${lineId}`);
  const [frequency, setFrequency] = useState<string>("weekly");
  const [hour, setHour] = useState<number | string>(7);
  const [recipients, setRecipients] = useState("");
  const [error, setError] = useState<unknown>(null);
  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
      setError(null);
      schedules.reload();
    } catch (e) {
      setError(e);
    }
  };
  const add = () =>
    run(async () => {
      await api("/reports/schedules", { method: "POST", body: { tenantId: lineId, frequency, hour: Number(hour), recipients: list(recipients) } });
      setRecipients("");
    });
  return (
    <Card withBorder data-testid="reports-schedules">
      <Title order={4} mb="sm">
        {t("reports.schedules.title")}
      </Title>
      {(error ?? schedules.error) !== null && <Alert color="red">{errorMessage(t, error ?? schedules.error)}</Alert>}
      <Table data-testid="reports-schedules-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.schedules.frequency")}</Table.Th>
            <Table.Th>{t("reports.schedules.recipients")}</Table.Th>
            <Table.Th>{t("reports.schedules.nextRun")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(schedules.data?.items ?? []).map((s) => (
            <Table.Tr key={s.id} data-testid="reports-schedule-row">
              <Table.Td>{t(`reports.schedules.${s.frequency}`)}</Table.Td>
              <Table.Td dir="ltr">{s.recipients.join(", ")}</Table.Td>
              <Table.Td>{fmt.dateTime(s.nextRunAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" color="red" onClick={() => void run(() => api(`/reports/schedules/${s.id}`, { method: "DELETE" }))} aria-label={t("reports.schedules.stop")}>
                  {t("reports.schedules.stop")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="flex-end" mt="sm">
        <Select label={t("reports.schedules.frequency")} data={FREQUENCIES.map((f) => ({ value: f, label: t(`reports.schedules.${f}`) }))} value={frequency} onChange={(v) => v && setFrequency(v)} allowDeselect={false} w={140} />
        <NumberInput label={t("reports.schedules.hour")} min={0} max={23} value={hour} onChange={setHour} w={100} />
        <TextInput label={t("reports.schedules.recipients")} placeholder="name@example.com" value={recipients} onChange={(e) => setRecipients(e.currentTarget.value)} dir="ltr" style={{ flex: 1 }} data-testid="reports-schedule-recipients" />
        <Button onClick={() => void add()} disabled={list(recipients).length === 0} data-testid="reports-schedule-add">
          {t("reports.schedules.add")}
        </Button>
      </Group>
    </Card>
  );
}

const FCR_WINDOWS = [1, 3, 7, 14, 30] as const;
const INPUTS = ["costPerAgentHour", "occupancy", "costPerContact", "baselineHandleSeconds", "revenuePerSale"] as const;

/** The return on service of the period at the line's cost inputs; the center's managers set the inputs. */
export function RoiView({ lineId, range }: { lineId: string; range: { from: string; to: string } }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { user } = useAuth();
  const canEdit = user?.role === "admin" || user?.role === "center_manager";
  const roi = useApi<RoiResponse>(`/reports/roi?tenantId=${lineId}&from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`);
  const [inputs, setInputs] = useState<RoiInputs | null>(null);
  const [codes, setCodes] = useState("");
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!roi.data) return;
    setInputs(roi.data.inputs);
    setCodes(roi.data.inputs.saleCodes.join(", "));
  }, [roi.data]);
  const save = async () => {
    try {
      await api(`/reports/roi-settings/${lineId}`, { method: "PUT", body: { ...inputs, saleCodes: list(codes) } });
      setError(null);
      roi.reload();
    } catch (e) {
      setError(e);
    }
  };
  const money = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `₪${fmt.number(n)}`);
  const r = roi.data;
  return (
    <Card withBorder data-testid="reports-roi">
      <Title order={4} mb="sm">
        {t("reports.roi.title")}
      </Title>
      {(error ?? roi.error) !== null && <Alert color="red">{errorMessage(t, error ?? roi.error)}</Alert>}
      {r && (
        <SimpleGrid cols={{ base: 2, md: 4 }} mb="sm">
          {(
            [
              ["handled", fmt.number(r.handled)],
              ["occupancyUsed", `${fmt.percent(r.occupancy)} · ${t(`reports.roi.source.${r.occupancySource}`)}`],
              ["staffedHours", fmt.number(r.staffedHours)],
              ["staffingCost", money(r.staffingCost)],
              ["costPerContact", money(r.costPerContact)],
              ["handleTimeSavedValue", money(r.handleTimeSavedValue)],
              ["deals", fmt.number(r.deals)],
              ["revenue", money(r.revenue)],
              ["net", money(r.net)],
            ] as const
          ).map(([k, v]) => (
            <div key={k}>
              <Text size="sm" c="dimmed">
                {t(`reports.roi.${k}`)}
              </Text>
              <Text fz={22} fw={700} data-testid={`reports-roi-${k}`}>
                {v}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      )}
      {inputs && canEdit && (
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 2, md: 3 }}>
            {INPUTS.map((k) => (
              <NumberInput
                key={k}
                label={t(`reports.roi.input.${k}`)}
                value={inputs[k] ?? ""}
                min={0}
                step={k === "occupancy" ? 0.05 : 1}
                decimalScale={2}
                onChange={(v) => setInputs({ ...inputs, [k]: v === "" ? (k === "baselineHandleSeconds" || k === "occupancy" ? null : 0) : Number(v) })}
                data-testid={`reports-roi-input-${k}`}
              />
            ))}
            <TextInput label={t("reports.roi.input.saleCodes")} value={codes} onChange={(e) => setCodes(e.currentTarget.value)} />
            <Select
              label={t("reports.roi.input.fcrWindowDays")}
              data={FCR_WINDOWS.map((d) => ({ value: String(d), label: t("reports.days", { count: d }) }))}
              value={String(inputs.fcrWindowDays)}
              onChange={(v) => v && setInputs({ ...inputs, fcrWindowDays: Number(v) as RoiInputs["fcrWindowDays"] })}
              allowDeselect={false}
              data-testid="reports-roi-input-fcrWindowDays"
            />
          </SimpleGrid>
          <Group>
            <Button onClick={() => void save()} data-testid="reports-roi-save">
              {t("reports.roi.save")}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

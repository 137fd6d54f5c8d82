import { Alert, Button, Checkbox, Group, Loader, NumberInput, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import type { DaySimRequest, DaySimResponse, ScheduleSummary } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { useLines } from "../shell/useLines";
import { DaySimResults, type NamedRun } from "./DaySimResults";
import { wfmError } from "./errors";
import { FittedTable } from "./FittedTable";
import { StreamTable } from "./StreamTable";
import { INITIAL_WHAT_IF, WhatIfForm, whatIfBody, type WhatIfState } from "./WhatIfForm";
import { upcomingSundays } from "./zoned";

const BASE_COLOR = "var(--mantine-color-blue-6)";
const WHAT_IF_COLOR = "var(--mantine-color-orange-6)";

/** Day `d` of the week starting on `weekStart`, as a date. */
const dateOf = (weekStart: string, d: number) => new Date(Date.parse(`${weekStart}T12:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);

/**
 * One day of a schedule, draft or published, run on the real routing engine (in a worker thread on the
 * server); optionally split by language and set beside a what-if on the same callers.
 */
export function DaySimPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { lines } = useLines();
  const sundays = upcomingSundays(5);
  const [weekStart, setWeekStart] = useState(sundays[1]!);
  const list = useApi<{ items: ScheduleSummary[] }>(`/wfm/schedules?weekStart=${weekStart}`);
  const [picked, setPicked] = useState<string | null>(null);
  const schedules = list.data?.items ?? [];
  const scheduleId = picked ?? schedules[0]?.id ?? null;
  const [day, setDay] = useState("0");
  const [source, setSource] = useState<"forecast" | "given">("given");
  const [tenantId, setTenantId] = useState<string | null>(null);
  const [weeks, setWeeks] = useState<number | string>(8);
  const [fitted, setFitted] = useState(true);
  const [perHour, setPerHour] = useState<number | string>(60);
  const [aht, setAht] = useState<number | string>(180);
  const [patience, setPatience] = useState<number | string>(120);
  const [whatIf, setWhatIf] = useState<WhatIfState>(INITIAL_WHAT_IF);
  const [result, setResult] = useState<DaySimResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const line = tenantId ?? lines[0]?.id ?? null;

  async function run() {
    if (!scheduleId) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const body: DaySimRequest = {
      day: Number(day),
      ahtSeconds: Number(aht) || 180,
      ...(Number(patience) > 0 ? { patienceSeconds: Number(patience) } : {}),
      ...whatIfBody(whatIf),
      ...(source === "forecast" && line ? { tenantId: line, weeks: Number(weeks) || 8, fitted } : { contactsPerHour: Number(perHour) || 0 }),
    };
    try {
      setResult(await api<DaySimResponse>(`/wfm/schedules/${scheduleId}/simulate`, { method: "POST", body }));
    } catch (e) {
      setError(wfmError(t, e));
    } finally {
      setBusy(false);
    }
  }

  const runs = (r: DaySimResponse): NamedRun[] => [
    { key: "base", label: t("workforce.day.base"), color: BASE_COLOR, run: r.result },
    ...(r.compareWith ? [{ key: "whatIf", label: t("workforce.day.scenarioLabel"), color: WHAT_IF_COLOR, run: r.compareWith }] : []),
  ];
  return (
    <Stack data-testid="day-sim">
      <Group align="flex-end">
        <Select label={t("workforce.week")} data={sundays.map((w) => ({ value: w, label: w }))} value={weekStart} onChange={(v) => {
            if (!v) return;
            setWeekStart(v);
            setPicked(null);
          }} allowDeselect={false} w={160} />
        <Select
          label={t("workforce.schedule")}
          data={schedules.map((x) => ({ value: x.id, label: `${t(`workforce.status.${x.status}`)} · ${fmt.dateTime(x.createdAt)}` }))}
          value={scheduleId}
          onChange={setPicked}
          placeholder={t("workforce.noSchedule")}
          w={300}
          data-testid="day-sim-schedule"
        />
        <Select
          label={t("workforce.day.day")}
          data={Array.from({ length: 7 }, (_, d) => ({ value: String(d), label: `${t(`days.${d}`)} ${dateOf(weekStart, d)}` }))}
          value={day}
          onChange={(v) => v && setDay(v)}
          allowDeselect={false}
          w={170}
          data-testid="day-sim-day"
        />
      </Group>
      <Group align="flex-end">
        <SegmentedControl
          value={source}
          onChange={(v) => setSource(v as "forecast" | "given")}
          data={[
            { value: "given", label: t("workforce.day.given") },
            { value: "forecast", label: t("workforce.day.forecast") },
          ]}
          data-testid="day-sim-source"
        />
        {source === "forecast" ? (
          <>
            <Select label={t("workforce.forecast.line")} data={lines.map((l) => ({ value: l.id, label: l.name }))} value={line} onChange={setTenantId} allowDeselect={false} w={240} />
            <NumberInput label={t("workforce.forecast.weeks")} value={weeks} onChange={setWeeks} min={2} max={52} w={130} />
            <Checkbox label={t("workforce.fit.use")} checked={fitted} onChange={(e) => setFitted(e.currentTarget.checked)} data-testid="day-sim-fitted-use" />
          </>
        ) : (
          <NumberInput label={t("workforce.whatIf.perHour")} value={perHour} onChange={setPerHour} min={0} max={5000} w={140} data-testid="day-sim-per-hour" />
        )}
        <NumberInput label={t("workforce.build.aht")} value={aht} onChange={setAht} min={10} max={3600} w={130} />
        <NumberInput label={t("workforce.whatIf.patience")} value={patience} onChange={setPatience} min={0} max={3600} w={120} />
      </Group>
      <WhatIfForm value={whatIf} onChange={setWhatIf} />
      <Group>
        <Button onClick={() => void run()} loading={busy} disabled={!scheduleId} data-testid="run-day-sim">
          {t("workforce.day.run")}
        </Button>
        <Text size="xs" c="dimmed">
          {t("workforce.day.hint")}
        </Text>
      </Group>
      {busy && (
        <Group gap="xs" data-testid="day-sim-busy">
          <Loader size="sm" aria-label={t("common.loading")} />
          <Text size="sm">{t("workforce.day.running")}</Text>
        </Group>
      )}
      {error && <Alert color="red">{error}</Alert>}
      {result && (
        <>
          <Text size="xs" c="dimmed">
            {t(result.volumeSource === "forecast" ? "workforce.day.fromForecast" : result.volumeSource === "history" ? "workforce.day.fromHistory" : "workforce.day.fromGiven")} · {t("workforce.timeZone", { zone: result.timeZone })}
          </Text>
          <DaySimResults timeZone={result.timeZone} intervalMinutes={result.intervalMinutes} runs={runs(result)} />
          <StreamTable runs={runs(result)} />
          {result.fitted && <FittedTable fitted={result.fitted} />}
        </>
      )}
    </Stack>
  );
}

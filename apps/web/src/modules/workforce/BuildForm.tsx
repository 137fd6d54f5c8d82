import { Alert, Button, Card, Checkbox, Group, MultiSelect, NumberInput, SegmentedControl, Stack, Text } from "@mantine/core";
import type { BuildScheduleRequest, ScheduleDetail } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useLines } from "../shell/useLines";
import { wfmError } from "./errors";
import { WeekdayChips } from "./WeekdayChips";

const INTERVAL = 30;

/** A flat minimum: `agents` on the phones from `from` to `to` o'clock on the chosen weekdays. */
export function minimumRequirement(agents: number, from: number, to: number, days: number[]): number[] {
  return Array.from({ length: (7 * 1440) / INTERVAL }, (_, i) => {
    const day = Math.floor((i * INTERVAL) / 1440);
    const minute = (i * INTERVAL) % 1440;
    return days.includes(day) && minute >= from * 60 && minute < to * 60 ? agents : 0;
  });
}

/** Builds a draft for the week from the lines' forecast or a minimum staffing level. */
export function BuildForm({ weekStart, onBuilt }: { weekStart: string; onBuilt(s: ScheduleDetail): void }) {
  const { t } = useTranslation();
  const { lines } = useLines();
  const [source, setSource] = useState<"minimum" | "forecast">("minimum");
  const [agents, setAgents] = useState<number | string>(4);
  const [from, setFrom] = useState<number | string>(8);
  const [to, setTo] = useState<number | string>(20);
  const [days, setDays] = useState<string[]>(["0", "1", "2", "3", "4"]);
  const [tenantIds, setTenantIds] = useState<string[]>([]);
  const [sl, setSl] = useState<number | string>(80);
  const [shrinkage, setShrinkage] = useState<number | string>(30);
  const [aht, setAht] = useState<number | string>(180);
  const [perLanguage, setPerLanguage] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function build() {
    setBusy(true);
    setError(null);
    const body: BuildScheduleRequest =
      source === "minimum"
        ? { weekStart, intervalMinutes: INTERVAL, required: minimumRequirement(Number(agents), Number(from), Number(to), days.map(Number)) }
        : { weekStart, intervalMinutes: INTERVAL, forecast: { tenantIds, target: { serviceLevel: { fraction: Number(sl) / 100, thresholdSeconds: 20 }, shrinkage: Number(shrinkage) / 100, ahtSeconds: Number(aht) }, perLanguage } };
    try {
      onBuilt(await api<ScheduleDetail>("/wfm/schedules", { method: "POST", body }));
    } catch (e) {
      setError(wfmError(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder data-testid="schedule-build">
      <Stack gap="sm">
        <SegmentedControl
          value={source}
          onChange={(v) => setSource(v as "minimum" | "forecast")}
          data={[
            { value: "minimum", label: t("workforce.build.minimum") },
            { value: "forecast", label: t("workforce.build.forecast") },
          ]}
        />
        {source === "minimum" ? (
          <Group align="flex-end">
            <NumberInput label={t("workforce.build.agents")} value={agents} onChange={setAgents} min={1} max={500} w={120} data-testid="build-agents" />
            <NumberInput label={t("workforce.build.from")} value={from} onChange={setFrom} min={0} max={23} w={100} />
            <NumberInput label={t("workforce.build.to")} value={to} onChange={setTo} min={1} max={24} w={100} />
            <WeekdayChips value={days} onChange={setDays} />
          </Group>
        ) : (
          <Group align="flex-end">
            <MultiSelect label={t("workforce.build.lines")} data={lines.map((l) => ({ value: l.id, label: l.name }))} value={tenantIds} onChange={setTenantIds} w={320} />
            <NumberInput label={t("workforce.build.serviceLevel")} value={sl} onChange={setSl} min={1} max={99} suffix="%" w={140} />
            <NumberInput label={t("workforce.build.shrinkage")} value={shrinkage} onChange={setShrinkage} min={0} max={90} suffix="%" w={120} />
            <NumberInput label={t("workforce.build.aht")} value={aht} onChange={setAht} min={10} max={7200} w={120} />
            <Checkbox label={t("workforce.build.perLanguage")} checked={perLanguage} onChange={(e) => setPerLanguage(e.currentTarget.checked)} data-testid="build-per-language" />
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {t("workforce.build.hint")}
        </Text>
        {error && (
          <Alert color="red" data-testid="build-error">
            {error}
          </Alert>
        )}
        <Group>
          <Button onClick={() => void build()} loading={busy} disabled={source === "forecast" && tenantIds.length === 0} data-testid="build-schedule">
            {t("workforce.build.submit")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

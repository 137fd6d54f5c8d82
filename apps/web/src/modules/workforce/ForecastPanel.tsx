import { Alert, Group, Loader, NumberInput, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { useLines } from "../shell/useLines";
import { wfmError } from "./errors";
import { SeriesChart } from "./SeriesChart";
import { clock, dayLabel } from "./zoned";

interface Forecast {
  timeZone: string;
  intervalMinutes: number;
  historyContacts: number;
  accuracy: { holdoutWeeks: number; intervalWape: number; dailyWape: number } | null;
  points: Array<{ start: string; count: number; dayKind: string; holiday: string | null }>;
}

/** A line's contacts forecast for the next week, from its own history (Holt-Winters, Israeli holidays). */
export function ForecastPanel() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { lines } = useLines();
  const [tenantId, setTenantId] = useState<string | null>(null);
  const [weeks, setWeeks] = useState<number | string>(8);
  const line = tenantId ?? lines[0]?.id ?? null;
  const f = useApi<Forecast>(line ? `/wfm/forecast?tenantId=${line}&weeks=${Number(weeks) || 8}&interval=60&horizonDays=7` : null);
  const holidays = [...new Set((f.data?.points ?? []).filter((p) => p.holiday).map((p) => p.holiday!))];
  return (
    <Stack data-testid="forecast">
      <Group align="flex-end">
        <Select label={t("workforce.forecast.line")} data={lines.map((l) => ({ value: l.id, label: l.name }))} value={line} onChange={setTenantId} allowDeselect={false} w={280} />
        <NumberInput label={t("workforce.forecast.weeks")} value={weeks} onChange={setWeeks} min={2} max={52} w={140} />
      </Group>
      {f.loading && <Loader aria-label={t("common.loading")} />}
      {f.error !== null && !f.loading && (
        <Alert color="yellow" data-testid="forecast-error">
          {wfmError(t, f.error)}
        </Alert>
      )}
      {f.data && !f.error && (
        <>
          <Text size="sm" c="dimmed">
            {t("workforce.forecast.basis", { count: f.data.historyContacts, weeks: Number(weeks) })} · {t("workforce.timeZone", { zone: f.data.timeZone })}
          </Text>
          <SeriesChart
            testId="forecast-chart"
            ariaLabel={t("workforce.forecast.chart")}
            labels={f.data.points.map((p) => `${dayLabel(p.start, f.data!.timeZone, i18n.language)} ${clock(p.start, f.data!.timeZone, i18n.language)}`)}
            format={(n) => fmt.number(Math.round(n * 10) / 10)}
            series={[{ key: "count", label: t("workforce.forecast.contacts"), color: "var(--mantine-color-indigo-5)", kind: "bar", values: f.data.points.map((p) => p.count) }]}
          />
          {holidays.length > 0 && <Text size="sm">{t("workforce.forecast.holidays", { names: holidays.join(", ") })}</Text>}
          {f.data.accuracy && (
            <Text size="sm" data-testid="forecast-accuracy">
              {t("workforce.forecast.accuracy", { interval: fmt.percent(f.data.accuracy.intervalWape), daily: fmt.percent(f.data.accuracy.dailyWape) })}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

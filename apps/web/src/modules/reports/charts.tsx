import { Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import { slColor } from "./period";
import type { SummaryItem } from "./types";

const HEIGHT = 120;

/**
 * Offered contacts per day or week as bars, with the service level as a line over them (0–100% on the
 * same height). Plain SVG, mirrored in right-to-left languages so time runs in reading order.
 */
export function TrendChart({ items, label }: { items: SummaryItem[]; label(key: string): string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const max = Math.max(1, ...items.map((p) => p.offered));
  const slot = Math.max(12, Math.min(40, Math.floor(600 / Math.max(1, items.length))));
  const width = Math.max(slot * items.length, 100);
  const sl = items
    .map((p, i) => (p.serviceLevel === null ? null : `${i * slot + slot / 2},${HEIGHT - p.serviceLevel * HEIGHT}`))
    .filter((x): x is string => x !== null)
    .join(" ");
  return (
    <Stack gap={4} data-testid="reports-trend">
      <Legend entries={[["var(--mantine-color-blue-4)", t("reports.offered")], ["var(--mantine-color-orange-6)", t("reports.serviceLevel")]]} />
      <div style={{ overflowX: "auto" }}>
        <svg width={width} height={HEIGHT + 4} role="img" aria-label={t("reports.trend")} style={{ transform: i18n.dir() === "rtl" ? "scaleX(-1)" : undefined }}>
          {items.map((p, i) => {
            const h = (p.offered / max) * HEIGHT;
            return (
              <rect key={p.key} x={i * slot + 2} y={HEIGHT - h} width={slot - 4} height={h} fill="var(--mantine-color-blue-4)">
                <title>{`${label(p.key)}: ${t("reports.offered")} ${fmt.number(p.offered)}, ${t("reports.serviceLevel")} ${fmt.percent(p.serviceLevel)}`}</title>
              </rect>
            );
          })}
          {sl && <polyline points={sl} fill="none" stroke="var(--mantine-color-orange-6)" strokeWidth={2} />}
          <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} stroke="var(--mantine-color-gray-5)" />
        </svg>
      </div>
      {items.length > 0 && (
        <Group justify="space-between" w={width}>
          <Text size="xs" c="dimmed" dir="ltr">
            {label(items[0]!.key)}
          </Text>
          <Text size="xs" c="dimmed" dir="ltr">
            {label(items[items.length - 1]!.key)}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

export function Legend({ entries }: { entries: Array<[color: string, text: string]> }) {
  return (
    <Group gap="md">
      {entries.map(([color, text]) => (
        <Group gap={4} key={text}>
          <svg width={10} height={10} aria-hidden>
            <rect width={10} height={10} fill={color} />
          </svg>
          <Text size="xs">{text}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** Offered contacts by hour of day (the intraday pattern over the period), 24 bars. */
export function HourChart({ items }: { items: SummaryItem[] }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const byHour = new Map(items.map((i) => [Number(i.key), i]));
  const max = Math.max(1, ...items.map((p) => p.offered));
  const slot = 18;
  return (
    <Stack gap={4} data-testid="reports-hours">
      <svg width={slot * 24} height={HEIGHT + 4} role="img" aria-label={t("reports.intradayPattern")} style={{ transform: i18n.dir() === "rtl" ? "scaleX(-1)" : undefined }}>
        {Array.from({ length: 24 }, (_, h) => {
          const p = byHour.get(h);
          const height = ((p?.offered ?? 0) / max) * HEIGHT;
          return (
            <rect key={h} x={h * slot + 2} y={HEIGHT - height} width={slot - 4} height={height} fill="var(--mantine-color-teal-5)">
              <title>{`${String(h).padStart(2, "0")}:00 — ${t("reports.offered")} ${fmt.number(p?.offered ?? 0)}`}</title>
            </rect>
          );
        })}
        <line x1={0} x2={slot * 24} y1={HEIGHT} y2={HEIGHT} stroke="var(--mantine-color-gray-5)" />
      </svg>
      <Group justify="space-between" w={slot * 24}>
        {["00", "06", "12", "18", "23"].map((h) => (
          <Text key={h} size="xs" c="dimmed" dir="ltr">
            {h}
          </Text>
        ))}
      </Group>
    </Stack>
  );
}

/** Offered contacts by weekday and hour: a 7×24 grid whose shade is the volume, each cell titled. */
export function HeatMap({ items }: { items: SummaryItem[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cells = new Map(items.map((i) => [i.key, i]));
  const max = Math.max(1, ...items.map((p) => p.offered));
  const size = 16;
  return (
    <div data-testid="reports-heatmap" role="table" aria-label={t("reports.heatmap")} style={{ overflowX: "auto" }}>
      {Array.from({ length: 7 }, (_, d) => (
        <div key={d} role="row" style={{ display: "flex", alignItems: "center", gap: 2, marginBlockEnd: 2 }}>
          <Text role="rowheader" size="xs" w={36}>
            {t(`days.${d}`)}
          </Text>
          {Array.from({ length: 24 }, (_, h) => {
            const c = cells.get(`${d}:${h}`);
            const share = (c?.offered ?? 0) / max;
            const label = `${t(`days.${d}`)} ${String(h).padStart(2, "0")}:00 — ${t("reports.offered")} ${fmt.number(c?.offered ?? 0)}`;
            return (
              <svg key={h} role="cell" aria-label={label} width={size} height={size}>
                <title>{label}</title>
                <rect width={size} height={size} rx={2} fill={share === 0 ? "var(--mantine-color-gray-1)" : `color-mix(in srgb, var(--mantine-color-indigo-7) ${Math.round(15 + share * 85)}%, white)`} />
              </svg>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** Agents by contacts answered, as bars, with their average handling time, service level and occupancy. */
export function AgentRanking({ items, onOpen }: { items: SummaryItem[]; onOpen(item: SummaryItem): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const max = Math.max(1, ...items.map((p) => p.answered));
  return (
    <Stack gap={6} data-testid="reports-agents">
      {items.slice(0, 15).map((a) => (
        <UnstyledButton key={a.key} onClick={() => onOpen(a)} data-testid="reports-agent" aria-label={`${a.label ?? a.key}: ${t("reports.answered")} ${fmt.number(a.answered)}`}>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" w={140} truncate>
              {a.label ?? a.key.slice(0, 8)}
            </Text>
            <div style={{ flex: 1, background: "var(--mantine-color-gray-1)", borderRadius: 4 }}>
              <div style={{ inlineSize: `${(a.answered / max) * 100}%`, blockSize: 14, background: "var(--mantine-color-blue-5)", borderRadius: 4 }} />
            </div>
            <Text size="sm" w={40} ta="end">
              {fmt.number(a.answered)}
            </Text>
            <Text size="xs" c="dimmed" w={110} dir="ltr">
              {t("reports.aht")} {fmt.duration(a.averageHandleSeconds)}
            </Text>
            <Text size="xs" c={slColor(a.serviceLevel)} w={48}>
              {fmt.percent(a.serviceLevel)}
            </Text>
            <Text size="xs" c="dimmed" w={110} data-testid="reports-agent-occupancy" title={t("reports.occupancy")}>
              {t("reports.occupancyShort")} {fmt.percent(a.occupancy)}
            </Text>
          </Group>
        </UnstyledButton>
      ))}
      {items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("reports.noContacts")}
        </Text>
      )}
    </Stack>
  );
}

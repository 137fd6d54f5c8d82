import { Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";

export interface ChartPoint {
  label: string;
  offered: number;
  answered: number;
}

const HEIGHT = 140;
const BAR = 8;
const GAP = 4;

/** Offered against answered per interval, as paired bars in plain SVG (drawn in reading order). */
export function IntervalChart({ points }: { points: ChartPoint[] }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const max = Math.max(1, ...points.map((p) => p.offered));
  const slot = BAR * 2 + GAP * 2;
  const width = Math.max(slot * points.length, 100);
  const rtl = i18n.dir() === "rtl";
  return (
    <div data-testid="reports-chart">
      <Group gap="md" mb={4}>
        <Group gap={4}>
          <svg width={10} height={10} aria-hidden>
            <rect width={10} height={10} fill="var(--mantine-color-blue-3)" />
          </svg>
          <Text size="xs">{t("reports.offered")}</Text>
        </Group>
        <Group gap={4}>
          <svg width={10} height={10} aria-hidden>
            <rect width={10} height={10} fill="var(--mantine-color-green-6)" />
          </svg>
          <Text size="xs">{t("reports.answered")}</Text>
        </Group>
      </Group>
      <div style={{ overflowX: "auto" }}>
        <svg width={width} height={HEIGHT + 16} role="img" aria-label={t("reports.chart")} style={{ transform: rtl ? "scaleX(-1)" : undefined }}>
          {points.map((p, i) => {
            const x = i * slot + GAP;
            const ho = (p.offered / max) * HEIGHT;
            const ha = (p.answered / max) * HEIGHT;
            return (
              <g key={p.label}>
                <title>{`${p.label}: ${t("reports.offered")} ${fmt.number(p.offered)}, ${t("reports.answered")} ${fmt.number(p.answered)}`}</title>
                <rect x={x} y={HEIGHT - ho} width={BAR} height={ho} fill="var(--mantine-color-blue-3)" />
                <rect x={x + BAR} y={HEIGHT - ha} width={BAR} height={ha} fill="var(--mantine-color-green-6)" />
              </g>
            );
          })}
          <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} stroke="var(--mantine-color-gray-5)" />
        </svg>
      </div>
      {points.length > 0 && (
        <Group justify="space-between" w={width}>
          <Text size="xs" c="dimmed" dir="ltr">
            {points[0]!.label}
          </Text>
          <Text size="xs" c="dimmed" dir="ltr">
            {points[points.length - 1]!.label}
          </Text>
        </Group>
      )}
    </div>
  );
}

import { Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

export interface Series {
  key: string;
  label: string;
  color: string;
  kind: "bar" | "line";
  /** One value per point; null leaves a gap. */
  values: ReadonlyArray<number | null>;
}

const HEIGHT = 150;

/**
 * Series over time in plain SVG: bars for amounts, lines for what meets them. Time runs in reading order
 * (the drawing is mirrored in right-to-left languages); text stays in HTML so it is never mirrored.
 * Each slot carries a title with every series' value, for a hover and for screen readers.
 */
export function SeriesChart({ series, labels, ariaLabel, testId, format = (n) => String(n) }: { series: Series[]; labels: string[]; ariaLabel: string; testId?: string; format?(n: number): string }) {
  const { i18n } = useTranslation();
  const n = labels.length;
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const slot = 1000 / Math.max(1, n);
  const y = (v: number) => HEIGHT - (v / max) * (HEIGHT - 4);
  const bars = series.filter((s) => s.kind === "bar");
  const path = (values: ReadonlyArray<number | null>) => {
    let d = "";
    let pen = false;
    values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${(i + 0.5) * slot},${y(v)} `;
      pen = true;
    });
    return d;
  };
  return (
    <div data-testid={testId}>
      <Group gap="md" mb={4}>
        {series.map((s) => (
          <Group key={s.key} gap={4}>
            <svg width={14} height={10} aria-hidden>
              {s.kind === "bar" ? <rect width={14} height={10} fill={s.color} /> : <line x1={0} x2={14} y1={5} y2={5} stroke={s.color} strokeWidth={3} />}
            </svg>
            <Text size="xs">{s.label}</Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed" ms="auto">
          {format(max)}
        </Text>
      </Group>
      <svg
        viewBox={`0 0 1000 ${HEIGHT}`}
        preserveAspectRatio="none"
        width="100%"
        height={HEIGHT}
        role="img"
        aria-label={ariaLabel}
        style={{ display: "block", transform: i18n.dir() === "rtl" ? "scaleX(-1)" : undefined }}
      >
        {bars.map((s, b) =>
          s.values.map((v, i) =>
            v === null || v <= 0 ? null : <rect key={`${s.key}-${i}`} x={i * slot + (b * slot) / bars.length} y={y(v)} width={Math.max(0.5, slot / bars.length - 0.5)} height={HEIGHT - y(v)} fill={s.color} />,
          ),
        )}
        {series
          .filter((s) => s.kind === "line")
          .map((s) => (
            <path key={s.key} d={path(s.values)} fill="none" stroke={s.color} strokeWidth={2} vectorEffect="non-scaling-stroke" />
          ))}
        <line x1={0} x2={1000} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke="var(--mantine-color-gray-5)" vectorEffect="non-scaling-stroke" />
        {labels.map((label, i) => (
          <rect key={label + i} x={i * slot} y={0} width={slot} height={HEIGHT} fill="transparent">
            <title>{`${label}: ${series.map((s) => `${s.label} ${s.values[i] === null || s.values[i] === undefined ? "—" : format(s.values[i]!)}`).join(", ")}`}</title>
          </rect>
        ))}
      </svg>
      {n > 0 && (
        <Group justify="space-between">
          <Text size="xs" c="dimmed" dir="ltr">
            {labels[0]}
          </Text>
          <Text size="xs" c="dimmed" dir="ltr">
            {labels[n - 1]}
          </Text>
        </Group>
      )}
    </div>
  );
}

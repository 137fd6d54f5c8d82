import { Box, Table, Text } from "@mantine/core";
import type { ScheduleDetail, ScheduledShift } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { clock, weekPosition } from "./zoned";

const WEEK = 7 * 1440;

/**
 * The schedule as a grid: one row per agent, the week across (Sunday at the start side), each shift a
 * block placed with logical insets so it reads right to left in Hebrew and Arabic without mirroring.
 */
export function ScheduleGrid({ schedule }: { schedule: ScheduleDetail }) {
  const { t, i18n } = useTranslation();
  const tz = schedule.timeZone;
  const rows = new Map<string, { name: string; shifts: ScheduledShift[] }>();
  for (const s of schedule.shifts) {
    const key = s.agentId ?? "";
    const row = rows.get(key) ?? { name: s.agentName ?? t("workforce.unassigned"), shifts: [] };
    row.shifts.push(s);
    rows.set(key, row);
  }
  const ordered = [...rows.entries()].sort(([a, x], [b, y]) => (a === "" ? 1 : b === "" ? -1 : x.name.localeCompare(y.name, i18n.language)));
  const minutes = (s: ScheduledShift) => (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table data-testid="schedule-grid" layout="fixed" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={180}>{t("workforce.agent")}</Table.Th>
            <Table.Th>
              <Box style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)" }}>
                {Array.from({ length: 7 }, (_, d) => (
                  <Text key={d} size="xs" fw={600} ta="center">
                    {t(`days.${d}`)}
                  </Text>
                ))}
              </Box>
            </Table.Th>
            <Table.Th w={80}>{t("workforce.hours")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ordered.map(([key, row]) => (
            <Table.Tr key={key || "unassigned"} data-testid="schedule-row">
              <Table.Td>
                <Text size="sm" truncate c={key ? undefined : "red"}>
                  {row.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Box pos="relative" h={22} style={{ background: "repeating-linear-gradient(to right, transparent 0 calc(100% / 7 - 1px), var(--mantine-color-gray-3) calc(100% / 7 - 1px) calc(100% / 7))" }}>
                  {row.shifts.map((s) => {
                    const p = weekPosition(s.startsAt, schedule.weekStart, tz);
                    const start = Math.max(0, p.day * 1440 + p.minute);
                    const label = `${t(`days.${p.day}`)} ${clock(s.startsAt, tz, i18n.language)}–${clock(s.endsAt, tz, i18n.language)} · ${s.templateName}`;
                    return (
                      <Box
                        key={s.id}
                        component="span"
                        role="img"
                        aria-label={label}
                        title={label}
                        data-testid="schedule-shift"
                        pos="absolute"
                        top={3}
                        h={16}
                        style={{
                          insetInlineStart: `${(start / WEEK) * 100}%`,
                          inlineSize: `${(Math.min(minutes(s), WEEK - start) / WEEK) * 100}%`,
                          background: key ? "var(--mantine-color-blue-5)" : "var(--mantine-color-red-4)",
                          borderRadius: 3,
                        }}
                      />
                    );
                  })}
                </Box>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{Math.round(row.shifts.reduce((n, s) => n + minutes(s), 0) / 60)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { ActionIcon, Button, Group, MultiSelect, Select, Stack, Text, TextInput } from "@mantine/core";
import type { ShiftTemplate, WorkRulesInput } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { WeekdayChips } from "./WeekdayChips";

export type Availability = WorkRulesInput["availability"];
export type Preferences = NonNullable<WorkRulesInput["preferences"]>;

/** One weekly window as edited: times as "HH:MM" text until saved. */
export interface WindowDraft {
  weekday: string;
  from: string;
  to: string;
}

export const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
export const toMinute = (text: string) => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  return m && Number(m[1]) <= 24 && Number(m[2]) < 60 ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

export const toDrafts = (a: ReadonlyArray<{ weekday: number; fromMinute: number; toMinute: number }>): WindowDraft[] => a.map((w) => ({ weekday: String(w.weekday), from: hhmm(w.fromMinute), to: hhmm(w.toMinute) }));

/** The windows as the API takes them, or null when one is not a valid time span. */
export function fromDrafts(drafts: readonly WindowDraft[]): Availability | null {
  const out: Availability = [];
  for (const d of drafts) {
    const from = toMinute(d.from);
    const to = toMinute(d.to);
    if (!(from >= 0 && from < 1440 && to > from && to <= 1440)) return null;
    out.push({ weekday: Number(d.weekday), fromMinute: from, toMinute: to });
  }
  return out;
}

/**
 * Weekly availability (hard: the schedule never places a shift outside it; none means any time) and
 * preferences (soft: preferred shift templates, weekdays to keep free).
 */
export function AvailabilityEditor({
  windows,
  onWindows,
  preferences,
  onPreferences,
  templates,
}: {
  windows: WindowDraft[];
  onWindows(w: WindowDraft[]): void;
  preferences: Preferences;
  onPreferences(p: Preferences): void;
  templates: ReadonlyArray<Pick<ShiftTemplate, "id" | "name">>;
}) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<WindowDraft>) => onWindows(windows.map((w, k) => (k === i ? { ...w, ...patch } : w)));
  const days = Array.from({ length: 7 }, (_, d) => ({ value: String(d), label: t(`days.${d}`) }));
  return (
    <Stack gap="xs" data-testid="availability-editor">
      <Text fw={600} size="sm">
        {t("workforce.availability.title")}
      </Text>
      <Text size="xs" c="dimmed">
        {windows.length === 0 ? t("workforce.availability.none") : t("workforce.availability.hint")}
      </Text>
      {windows.map((w, i) => (
        <Group key={i} gap="xs" align="flex-end" data-testid="availability-window">
          <Select aria-label={t("workforce.availability.day")} data={days} value={w.weekday} onChange={(v) => v && set(i, { weekday: v })} allowDeselect={false} w={110} />
          <TextInput aria-label={t("workforce.availability.from")} value={w.from} onChange={(e) => set(i, { from: e.currentTarget.value })} w={80} dir="ltr" data-testid="availability-from" />
          <Text size="sm">–</Text>
          <TextInput aria-label={t("workforce.availability.to")} value={w.to} onChange={(e) => set(i, { to: e.currentTarget.value })} w={80} dir="ltr" data-testid="availability-to" />
          <ActionIcon variant="subtle" color="red" onClick={() => onWindows(windows.filter((_, k) => k !== i))} aria-label={t("workforce.availability.remove")}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          disabled={windows.length >= 28}
          onClick={() => onWindows([...windows, { weekday: windows.length ? String((Number(windows[windows.length - 1]!.weekday) + 1) % 7) : "0", from: "08:00", to: "16:00" }])}
          data-testid="availability-add"
        >
          {t("workforce.availability.add")}
        </Button>
      </Group>
      <Text fw={600} size="sm" mt="xs">
        {t("workforce.availability.preferences")}
      </Text>
      <MultiSelect
        label={t("workforce.availability.preferredShifts")}
        data={templates.map((x) => ({ value: x.id, label: x.name }))}
        value={preferences.templateIds ?? []}
        onChange={(v) => onPreferences({ ...preferences, templateIds: v })}
        maw={420}
        data-testid="preferred-templates"
      />
      <Text size="sm">{t("workforce.availability.avoidDays")}</Text>
      <WeekdayChips value={(preferences.avoidWeekdays ?? []).map(String)} onChange={(v) => onPreferences({ ...preferences, avoidWeekdays: v.map(Number).sort() })} />
      <Text size="xs" c="dimmed">
        {t("workforce.availability.softHint")}
      </Text>
    </Stack>
  );
}

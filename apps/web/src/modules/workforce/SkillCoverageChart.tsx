import { Group, SegmentedControl, Stack, Text } from "@mantine/core";
import type { ScheduleDetail } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import { SeriesChart } from "./SeriesChart";

/** `lang:ru` → "Russian" in the reader's language; other skills as they are named. */
export function skillLabel(t: (key: string, o?: Record<string, unknown>) => string, skill: string): string {
  return skill.startsWith("lang:") ? t(`languages.${skill.slice(5)}`, { defaultValue: skill.slice(5) }) : skill;
}

/** Required against scheduled agents per interval: in total, or for one skill of a per-skill schedule. */
export function SkillCoverageChart({ schedule: s, label }: { schedule: ScheduleDetail; label(iso: string): string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [skill, setSkill] = useState("");
  const chosen = s.skills.find((x) => x.skill === skill);
  const required = chosen ? chosen.required : s.intervals.map((i) => i.required);
  const scheduled = chosen ? chosen.scheduled : s.intervals.map((i) => i.scheduled);
  const figures = s.stats.bySkill?.find((x) => x.skill === skill);
  return (
    <Stack gap="xs">
      {s.skills.length > 0 && (
        <Group>
          <Text size="sm">{t("workforce.skill")}</Text>
          <SegmentedControl
            size="xs"
            value={skill}
            onChange={setSkill}
            data={[{ value: "", label: t("workforce.allSkills") }, ...s.skills.map((x) => ({ value: x.skill, label: skillLabel(t, x.skill) }))]}
            data-testid="skill-select"
          />
          {figures && (
            <Text size="xs" c="dimmed" data-testid="skill-figures">
              {t("workforce.skillFigures", { skill: skillLabel(t, figures.skill), under: fmt.number(figures.under), over: fmt.number(figures.over) })}
            </Text>
          )}
        </Group>
      )}
      <SeriesChart
        testId="coverage-chart"
        ariaLabel={chosen ? `${t("workforce.coverageChart")} — ${skillLabel(t, chosen.skill)}` : t("workforce.coverageChart")}
        labels={s.intervals.map((i) => label(i.start))}
        format={fmt.number}
        series={[
          { key: "required", label: t("workforce.required"), color: "var(--mantine-color-gray-4)", kind: "bar", values: required },
          { key: "scheduled", label: t("workforce.scheduled"), color: "var(--mantine-color-blue-6)", kind: "line", values: scheduled },
        ]}
      />
    </Stack>
  );
}

import { ActionIcon, Button, Card, Checkbox, Group, MultiSelect, NumberInput, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

export const LANGUAGES = ["he", "ar", "ru", "en"] as const;

export interface AgentGroup {
  count: number | string;
  fromHour: number | string;
  toHour: number | string;
  languages: string[];
}

export interface WhatIfState {
  /** Traffic split by language (shares in %), or not split. */
  split: boolean;
  shares: Record<string, number | string>;
  compare: boolean;
  volumePercent: number | string;
  groups: AgentGroup[];
}

export const INITIAL_WHAT_IF: WhatIfState = {
  split: false,
  shares: { he: 70, ar: 10, ru: 20, en: 0 },
  compare: false,
  volumePercent: 0,
  groups: [{ count: 2, fromHour: 18, toHour: 22, languages: ["ru"] }],
};

/** The request's language mix and what-if from the form. */
export function whatIfBody(s: WhatIfState) {
  const languages = s.split ? LANGUAGES.map((language) => ({ language, share: Number(s.shares[language]) || 0 })).filter((l) => l.share > 0) : undefined;
  const whatIf = s.compare
    ? {
        volumePercent: Number(s.volumePercent) || 0,
        addAgents: s.groups
          .filter((g) => Number(g.count) > 0)
          .map((g) => ({ count: Number(g.count), fromHour: Number(g.fromHour) || 0, toHour: Math.max(Number(g.fromHour) + 1, Number(g.toHour) || 24), languages: g.languages })),
      }
    : undefined;
  return { ...(languages?.length ? { languages } : {}), ...(whatIf ? { whatIf } : {}) };
}

/** Traffic by language, and the scenario set beside the schedule: agents added for a window, volume changed. */
export function WhatIfForm({ value, onChange }: { value: WhatIfState; onChange(v: WhatIfState): void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<WhatIfState>) => onChange({ ...value, ...patch });
  const setGroup = (i: number, patch: Partial<AgentGroup>) => set({ groups: value.groups.map((g, k) => (k === i ? { ...g, ...patch } : g)) });
  const languageOptions = LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }));
  return (
    <Stack gap="xs">
      <Checkbox label={t("workforce.day.split")} checked={value.split} onChange={(e) => set({ split: e.currentTarget.checked })} data-testid="day-sim-split" />
      {value.split && (
        <Group align="flex-end">
          {LANGUAGES.map((l) => (
            <NumberInput
              key={l}
              label={t("workforce.day.share", { language: t(`languages.${l}`) })}
              value={value.shares[l]}
              onChange={(v) => set({ shares: { ...value.shares, [l]: v } })}
              min={0}
              max={100}
              suffix="%"
              w={130}
              data-testid={`day-sim-share-${l}`}
            />
          ))}
        </Group>
      )}
      <Checkbox label={t("workforce.day.compare")} checked={value.compare} onChange={(e) => set({ compare: e.currentTarget.checked })} data-testid="day-sim-compare" />
      {value.compare && (
        <Card withBorder>
          <Title order={5} mb="xs">
            {t("workforce.day.whatIf")}
          </Title>
          <Stack gap="xs">
            <NumberInput label={t("workforce.day.volumePercent")} value={value.volumePercent} onChange={(v) => set({ volumePercent: v })} min={-90} max={500} suffix="%" w={180} data-testid="day-sim-volume" />
            <Text size="sm">{t("workforce.day.addAgents")}</Text>
            {value.groups.map((g, i) => (
              <Group key={i} align="flex-end" data-testid="day-sim-group">
                <NumberInput label={t("workforce.whatIf.extra")} value={g.count} onChange={(v) => setGroup(i, { count: v })} min={1} max={200} w={110} data-testid="day-sim-group-count" />
                <NumberInput label={t("workforce.build.from")} value={g.fromHour} onChange={(v) => setGroup(i, { fromHour: v })} min={0} max={23} w={100} />
                <NumberInput label={t("workforce.build.to")} value={g.toHour} onChange={(v) => setGroup(i, { toHour: v })} min={1} max={24} w={100} />
                <MultiSelect label={t("workforce.day.speaks")} data={languageOptions} value={g.languages} onChange={(v) => setGroup(i, { languages: v })} w={260} placeholder={t("workforce.day.anyLanguage")} />
                <ActionIcon variant="subtle" color="red" onClick={() => set({ groups: value.groups.filter((_, k) => k !== i) })} aria-label={t("workforce.day.removeGroup")}>
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button size="xs" variant="light" onClick={() => set({ groups: [...value.groups, { count: 1, fromHour: 8, toHour: 16, languages: [] }] })} disabled={value.groups.length >= 5}>
                {t("workforce.day.addGroup")}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

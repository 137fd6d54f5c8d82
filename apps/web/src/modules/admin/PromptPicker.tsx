import { Anchor, Group, Select, Stack } from "@mantine/core";
import type { PromptChoice, VoicePrompt } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";

const BUILT_IN = "built-in";

/**
 * Which recording a step of the phone menu plays: one for every caller (`default`, or the built-in tone),
 * and, opened on demand, one per language of the language menu.
 */
export function PromptPicker({ label, testId, choice, prompts, languages, onChange, error }: {
  label: string;
  testId: string;
  choice: PromptChoice | undefined;
  prompts: VoicePrompt[];
  languages: string[];
  onChange(choice: PromptChoice | undefined): void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const current = choice ?? {};
  const [open, setOpen] = useState(() => languages.some((l) => current[l]));
  const data = [{ value: BUILT_IN, label: t("phoneMenu.builtIn") }, ...prompts.map((p) => ({ value: p.id, label: p.name }))];
  const set = (key: string, id: string | null) => {
    const next = { ...current };
    if (id && id !== BUILT_IN) next[key] = id;
    else delete next[key];
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Select label={label} data={data} value={current.default ?? BUILT_IN} onChange={(v) => set("default", v)} allowDeselect={false} error={error} style={{ flex: 1 }} data-testid={`prompt-${testId}`} />
        {languages.length > 1 && (
          <Anchor component="button" type="button" size="xs" mb={8} onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid={`prompt-${testId}-by-language`}>
            {t("phoneMenu.byLanguage")}
          </Anchor>
        )}
      </Group>
      {open && (
        <Group gap="xs" ps="md">
          {languages.map((l) => (
            <Select
              key={l}
              size="xs"
              label={t(`languages.${l}`, { defaultValue: l })}
              data={[{ value: BUILT_IN, label: t("phoneMenu.sameForAll") }, ...data.slice(1)]}
              value={current[l] ?? BUILT_IN}
              onChange={(v) => set(l, v)}
              allowDeselect={false}
              data-testid={`prompt-${testId}-${l}`}
            />
          ))}
        </Group>
      )}
    </Stack>
  );
}

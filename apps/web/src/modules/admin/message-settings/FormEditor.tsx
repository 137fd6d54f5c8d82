import { ActionIcon, Button, Checkbox, Group, Paper, Select, Stack, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { MESSAGE_FIELD_TYPES, type MessageField } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FieldInput } from "../../messages/FieldInput";
import { under, uid, type FieldRow } from "./draft";

interface Props {
  fields: FieldRow[];
  categories: string[];
  problems: Record<string, string>;
  onFields(fields: FieldRow[]): void;
  onCategories(categories: string[]): void;
}

/** A free key for a new field: field1, field2, … (keys are what the message stores; labels may change later). */
function freeKey(fields: FieldRow[]): string {
  for (let n = fields.length + 1; ; n++) if (!fields.some((f) => f.key === `field${n}`)) return `field${n}`;
}

/**
 * The line's own message fields, edited row by row (move, add, remove), beside a live preview of the form as
 * the agent fills it in; and the categories an agent picks from.
 */
export function FormEditor({ fields, categories, problems, onFields, onCategories }: Props) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<Record<string, string | boolean>>({});
  const change = (i: number, patch: Partial<MessageField>) => onFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const move = (i: number, by: number) => {
    const to = i + by;
    if (to < 0 || to >= fields.length) return;
    const copy = [...fields];
    [copy[i], copy[to]] = [copy[to]!, copy[i]!];
    onFields(copy);
  };

  return (
    <Group align="flex-start" grow wrap="wrap" gap="lg">
      <Stack gap="sm" miw={320}>
        <Title order={5}>{t("messageSettings.fieldsTitle")}</Title>
        <Text size="sm" c="dimmed">
          {t("messageSettings.standardFields")}
        </Text>
        {fields.length === 0 && <Text size="sm">{t("messageSettings.noFields")}</Text>}
        {fields.map((f, i) => {
          const p = under(problems, `fields.${i}.`);
          return (
            <Paper key={f.uid} withBorder p="sm" data-testid="msg-field-row" data-key={f.key}>
              <Stack gap="xs">
                <Group grow align="flex-start">
                  <TextInput label={t("messageSettings.label")} required value={f.label} error={p.label} onChange={(e) => change(i, { label: e.currentTarget.value })} data-testid="msg-field-label" />
                  <TextInput label={t("messageSettings.key")} description={t("messageSettings.keyHelp")} required dir="ltr" value={f.key} error={p.key} onChange={(e) => change(i, { key: e.currentTarget.value })} data-testid="msg-field-key" />
                </Group>
                <Group align="flex-end">
                  <Select
                    label={t("messageSettings.type")}
                    data={MESSAGE_FIELD_TYPES.map((type) => ({ value: type, label: t(`messageSettings.types.${type}`) }))}
                    value={f.type}
                    allowDeselect={false}
                    onChange={(v) => v && change(i, { type: v as MessageField["type"] })}
                    data-testid="msg-field-type"
                  />
                  <Checkbox label={t("messageSettings.required")} checked={f.required} onChange={(e) => change(i, { required: e.currentTarget.checked })} data-testid="msg-field-required" mb={8} />
                </Group>
                {f.type === "select" && (
                  <TagsInput
                    label={t("messageSettings.options")}
                    description={t("messageSettings.optionsHelp")}
                    value={f.options ?? []}
                    onChange={(options) => change(i, { options })}
                    error={p.options ?? under(p, "options.")["0"]}
                    data-testid="msg-field-options"
                  />
                )}
                <Group gap="xs" justify="flex-end">
                  <ActionIcon variant="default" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t("messageSettings.moveUp", { label: f.label || f.key })} data-testid="msg-field-up">
                    ↑
                  </ActionIcon>
                  <ActionIcon variant="default" disabled={i === fields.length - 1} onClick={() => move(i, 1)} aria-label={t("messageSettings.moveDown", { label: f.label || f.key })} data-testid="msg-field-down">
                    ↓
                  </ActionIcon>
                  <Button size="xs" variant="subtle" color="red" onClick={() => onFields(fields.filter((_, j) => j !== i))} data-testid="msg-field-remove">
                    {t("messageSettings.remove")}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          );
        })}
        <Button variant="light" onClick={() => onFields([...fields, { uid: uid(), key: freeKey(fields), label: "", type: "text", required: false }])} data-testid="msg-field-add">
          {t("messageSettings.addField")}
        </Button>
        <TagsInput label={t("messageSettings.categories")} description={t("messageSettings.categoriesHelp")} value={categories} onChange={onCategories} error={problems.categories ?? under(problems, "categories.")["0"]} data-testid="msg-categories" />
      </Stack>
      <Paper withBorder p="md" bg="var(--mantine-color-gray-light)" miw={280} data-testid="msg-form-preview" aria-label={t("messageSettings.preview")}>
        <Stack gap="sm">
          <Title order={5}>{t("messageSettings.preview")}</Title>
          <Text size="xs" c="dimmed">
            {t("messageSettings.previewHelp")}
          </Text>
          <TextInput label={t("messages.subject")} required disabled />
          {categories.length > 0 && <Select label={t("messages.category")} data={[...new Set(categories)]} clearable />}
          <Group grow>
            <TextInput label={t("messages.customerName")} disabled />
            <TextInput label={t("messages.customerPhone")} dir="ltr" disabled />
          </Group>
          {fields
            .filter((f) => f.label.trim())
            .map((f) => (
              <FieldInput key={f.uid} field={f} value={preview[f.key]} onChange={(v) => setPreview((p) => ({ ...p, [f.key]: v }))} />
            ))}
          <TextInput label={t("messages.body")} disabled />
        </Stack>
      </Paper>
    </Group>
  );
}

import { Button, Chip, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { FORWARD_CHANNELS, type ForwardingRule } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import { under, uid, type RuleRow } from "./draft";

interface Props {
  rules: RuleRow[];
  categories: string[];
  timeZone: string;
  problems: Record<string, string>;
  onRules(rules: RuleRow[]): void;
}

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];
const URGENCY_CHOICES = ["any", "urgent", "normal"] as const;

/** Labelled segmented choice (Mantine's has no label of its own). */
function Choice({ label, value, data, onChange, testId }: { label: string; value: string; data: Array<{ value: string; label: string }>; onChange(v: string): void; testId: string }) {
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {label}
      </Text>
      <SegmentedControl size="xs" value={value} onChange={onChange} data={data} data-testid={testId} aria-label={label} />
    </div>
  );
}

/**
 * A line's forwarding rules: which messages (category, urgency, open or closed, hours of the line's day) go
 * where (e-mail, SMS, signed webhook), at once or gathered into an e-mail digest.
 */
export function RulesEditor({ rules, categories, timeZone, problems, onRules }: Props) {
  const { t } = useTranslation();
  const change = (i: number, patch: Partial<ForwardingRule>) => onRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <Stack gap="sm">
      <Title order={5}>{t("messageSettings.rulesTitle")}</Title>
      <Text size="sm" c="dimmed">
        {t("messageSettings.rulesHelp")}
      </Text>
      {rules.map((r, i) => {
        const p = under(problems, `forwarding.${i}.`);
        const urgency = r.urgency?.length === 1 ? r.urgency[0]! : "any";
        return (
          <Paper key={r.uid} withBorder p="sm" data-testid="msg-rule-row">
            <Stack gap="xs">
              <Group align="flex-end" wrap="wrap">
                <Choice
                  label={t("messageSettings.channel")}
                  value={r.channel}
                  onChange={(v) => change(i, { channel: v as ForwardingRule["channel"], ...(v === "email" ? {} : { mode: "immediate" }) })}
                  data={FORWARD_CHANNELS.map((c) => ({ value: c, label: t(`messageSettings.channels.${c}`) }))}
                  testId="msg-rule-channel"
                />
                <TextInput
                  style={{ flex: 1 }}
                  miw={220}
                  label={t("messageSettings.to")}
                  placeholder={t(`messageSettings.toPlaceholder.${r.channel}`)}
                  dir="ltr"
                  required
                  value={r.to}
                  error={p.to}
                  onChange={(e) => change(i, { to: e.currentTarget.value })}
                  data-testid="msg-rule-to"
                />
              </Group>
              <Group align="flex-end" wrap="wrap">
                <Choice
                  label={t("messageSettings.urgency")}
                  value={urgency}
                  onChange={(v) => change(i, { urgency: v === "any" ? undefined : [v as "urgent" | "normal"] })}
                  data={URGENCY_CHOICES.map((u) => ({ value: u, label: u === "any" ? t("messageSettings.anyUrgency") : t(`messages.urgency.${u}`) }))}
                  testId="msg-rule-urgency"
                />
                <Choice
                  label={t("messageSettings.when")}
                  value={r.when}
                  onChange={(v) => change(i, { when: v as ForwardingRule["when"] })}
                  data={(["any", "open", "closed"] as const).map((w) => ({ value: w, label: t(`messageSettings.whenChoices.${w}`) }))}
                  testId="msg-rule-when"
                />
              </Group>
              {categories.length > 0 && (
                <MultiSelect
                  label={t("messageSettings.ruleCategories")}
                  placeholder={t("messageSettings.allCategories")}
                  data={[...new Set([...categories, ...(r.categories ?? [])])]}
                  value={r.categories ?? []}
                  onChange={(v) => change(i, { categories: v.length ? v : undefined })}
                  error={p.categories}
                  clearable
                />
              )}
              <Switch
                label={t("messageSettings.hoursOn", { zone: timeZone })}
                checked={Boolean(r.hours)}
                onChange={(e) => change(i, { hours: e.currentTarget.checked ? { from: "22:00", to: "06:00" } : undefined })}
                data-testid="msg-rule-hours-on"
              />
              {r.hours && (
                <Stack gap={4} ps="lg">
                  <Group align="flex-start">
                    <TextInput type="time" dir="ltr" label={t("messageSettings.from")} value={r.hours.from} error={p["hours.from"]} onChange={(e) => change(i, { hours: { ...r.hours!, from: e.currentTarget.value } })} data-testid="msg-rule-from" />
                    <TextInput type="time" dir="ltr" label={t("messageSettings.until")} value={r.hours.to} error={p["hours.to"]} onChange={(e) => change(i, { hours: { ...r.hours!, to: e.currentTarget.value } })} data-testid="msg-rule-to-time" />
                  </Group>
                  {r.hours.to < r.hours.from && (
                    <Text size="xs" c="dimmed" data-testid="msg-rule-overnight">
                      {t("messageSettings.overnight")}
                    </Text>
                  )}
                  <Text size="sm">{t("messageSettings.weekdays")}</Text>
                  <Chip.Group multiple value={(r.hours.weekdays ?? []).map(String)} onChange={(v) => change(i, { hours: { ...r.hours!, weekdays: v.length ? v.map(Number).sort() : undefined } })}>
                    <Group gap={4}>
                      {WEEKDAYS.map((d) => (
                        <Chip key={d} value={String(d)} size="xs">
                          {t(`days.${d}`)}
                        </Chip>
                      ))}
                    </Group>
                  </Chip.Group>
                  <Text size="xs" c="dimmed">
                    {t("messageSettings.weekdaysHelp")}
                  </Text>
                </Stack>
              )}
              <Group align="flex-end">
                {r.channel === "email" && (
                  <Choice
                    label={t("messageSettings.mode")}
                    value={r.mode}
                    onChange={(v) => change(i, { mode: v as ForwardingRule["mode"] })}
                    data={(["immediate", "digest"] as const).map((m) => ({ value: m, label: t(`messageSettings.modes.${m}`) }))}
                    testId="msg-rule-mode"
                  />
                )}
                {r.channel === "email" && r.mode === "digest" && (
                  <NumberInput label={t("messageSettings.digestMinutes")} min={1} max={1440} value={r.digestMinutes} onChange={(v) => change(i, { digestMinutes: typeof v === "number" ? v : 60 })} error={p.digestMinutes} w={160} />
                )}
                {p.mode && (
                  <Text size="sm" c="red">
                    {p.mode}
                  </Text>
                )}
                <Button size="xs" variant="subtle" color="red" ms="auto" onClick={() => onRules(rules.filter((_, j) => j !== i))} data-testid="msg-rule-remove">
                  {t("messageSettings.remove")}
                </Button>
              </Group>
            </Stack>
          </Paper>
        );
      })}
      <Button variant="light" onClick={() => onRules([...rules, { uid: uid(), channel: "email", to: "", when: "any", mode: "immediate", digestMinutes: 60 }])} data-testid="msg-rule-add">
        {t("messageSettings.addRule")}
      </Button>
    </Stack>
  );
}

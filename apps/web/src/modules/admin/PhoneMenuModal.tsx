import { ActionIcon, Alert, Button, Checkbox, Divider, Group, Modal, NumberInput, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { menuKeyOf, type IvrStep, type PromptChoice, type QueueList, type VoiceLineConfig, type VoiceLineConfigInput, type VoicePrompt } from "@moked/contracts";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { api, ApiError } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useApi } from "../shell/useApi";
import { PromptLibrary } from "./PromptLibrary";
import { PromptPicker } from "./PromptPicker";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#"];
const FIRST_QUEUE = "first";
type Line = { id: string; name: string; languages: string[] };

function KeySelect({ value, onChange, testId, error }: { value: string; onChange(v: string): void; testId: string; error?: string | undefined }) {
  const { t } = useTranslation();
  return <Select aria-label={t("phoneMenu.key")} w={80} dir="ltr" data={KEYS} value={value} onChange={(v) => v && onChange(v)} allowDeselect={false} error={error} data-testid={testId} />;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Divider />
      <Title order={4}>{title}</Title>
      {children}
    </Stack>
  );
}

/** Every entry with its key written out (an entry saved without one has its place in the list). */
const withKeys = (config: VoiceLineConfig): VoiceLineConfig => ({
  ...config,
  languages: config.languages.map((e, i) => ({ ...e, digit: menuKeyOf(e, i) })),
  regions: config.regions.map((e, i) => ({ ...e, digit: menuKeyOf(e, i) })),
});

/** The next key no entry of a menu uses yet. */
const freeKey = (used: Array<string | undefined>) => KEYS.find((k) => !used.includes(k)) ?? "0";

/**
 * A client line's phone menu (IVR): the prompts it plays (uploaded here), greeting, language and region
 * menus with their keys, self-service announcements, the queue with its announcements and hold music, the
 * call-back option. The server checks it all (keys unique per menu, the line's own languages, queue and
 * prompts) and its reasons are shown beside the field they concern.
 */
export function PhoneMenuModal({ line, onClose, canEdit }: { line: Line | null; onClose(): void; canEdit: boolean }) {
  const { t } = useTranslation();
  const tenantId = line?.id ?? null;
  const [draft, setDraft] = useState<VoiceLineConfig | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const prompts = useApi<{ items: VoicePrompt[] }>(tenantId ? `/voice/lines/${tenantId}/prompts` : null);
  const queues = useApi<z.infer<typeof QueueList>>(tenantId ? "/queues" : null);

  useEffect(() => {
    setDraft(null);
    setError(null);
    setSaved(false);
    if (!tenantId) return;
    api<{ config: VoiceLineConfig }>(`/voice/lines/${tenantId}`).then((v) => setDraft(withKeys(v.config)), setError);
  }, [tenantId]);

  const set = (change: Partial<VoiceLineConfig>) => draft && (setDraft({ ...draft, ...change }), setSaved(false));
  const details = error instanceof ApiError ? (error.details ?? []) : [];
  // A rule's own code (duplicate_digit …) is said in the user's language; a plain validation error in the server's words.
  const fieldError = (path: string) => {
    const found = details.find((d) => d.path === `body.${path}` || d.path.startsWith(`body.${path}.`));
    if (!found) return undefined;
    return error instanceof ApiError && error.code !== "validation_error" ? errorMessage(t, error) : found.message;
  };
  const items = prompts.data?.items ?? [];
  const languages = draft?.languages.map((l) => l.language) ?? [];
  const setPrompt = (step: IvrStep, choice: PromptChoice | undefined) => {
    if (!draft) return;
    const next = { ...draft.prompts };
    if (choice) next[step] = choice;
    else delete next[step];
    set({ prompts: next });
  };
  const picker = (step: IvrStep) => (
    <PromptPicker key={step} label={t(`phoneMenu.steps.${step}`)} testId={step} choice={draft?.prompts[step]} prompts={items} languages={languages} onChange={(c) => setPrompt(step, c)} error={fieldError(`prompts.${step}`)} />
  );

  async function save() {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      const body: VoiceLineConfigInput = draft;
      const res = await api<{ config: VoiceLineConfig }>(`/voice/lines/${tenantId}`, { method: "PUT", body });
      setDraft(withKeys(res.config));
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const lineQueues = (queues.data?.items ?? []).filter((q) => q.tenantId === tenantId);
  return (
    <Modal opened={line !== null} onClose={onClose} title={t("phoneMenu.title", { line: line?.name ?? "" })} size="xl" data-testid="phone-menu">
      {error !== null && (
        <Alert color="red" mb="sm" role="alert" data-testid="phone-menu-error">
          {errorMessage(t, error)}
        </Alert>
      )}
      {saved && (
        <Alert color="green" mb="sm" role="status" data-testid="phone-menu-saved">
          {t("phoneMenu.saved")}
        </Alert>
      )}
      {line && draft && (
        <Stack gap="md">
          <Stack gap="xs">
            <Title order={4}>{t("phoneMenu.prompts")}</Title>
            <PromptLibrary tenantId={line.id} prompts={items} onChange={prompts.reload} canEdit={canEdit} />
          </Stack>

          <Section title={t("phoneMenu.opening")}>
            <Checkbox label={t("phoneMenu.recording")} checked={draft.recording} onChange={(e) => set({ recording: e.currentTarget.checked })} data-testid="phone-menu-recording" />
            {draft.recording && picker("recording_notice")}
            {draft.recording && (
              <NumberInput label={t("recordings.retentionDays")} description={t("recordings.retentionHint")} min={1} max={3650} w={320} value={draft.recordingRetentionDays ?? ""} onChange={(v) => set({ recordingRetentionDays: typeof v === "number" ? v : null })} error={fieldError("recordingRetentionDays")} data-testid="phone-menu-retention" />
            )}
            {picker("greeting")}
          </Section>

          <Section title={t("phoneMenu.languageMenu")}>
            <Text size="xs" c="dimmed">
              {t("phoneMenu.languageMenuHelp")}
            </Text>
            {draft.languages.map((entry, i) => (
              <Group key={i} gap="xs" align="flex-start" data-testid="language-entry">
                <KeySelect value={entry.digit ?? String(i + 1)} onChange={(digit) => set({ languages: draft.languages.map((e, j) => (j === i ? { ...e, digit } : e)) })} testId={`language-key-${i}`} error={fieldError(`languages.${i}.digit`)} />
                <Select
                  aria-label={t("phoneMenu.language")}
                  data={line.languages.map((l) => ({ value: l, label: t(`languages.${l}`, { defaultValue: l }) }))}
                  value={entry.language}
                  onChange={(language) => language && set({ languages: draft.languages.map((e, j) => (j === i ? { ...e, language } : e)) })}
                  allowDeselect={false}
                  error={fieldError(`languages.${i}.language`)}
                  data-testid={`language-choice-${i}`}
                />
                <ActionIcon variant="subtle" color="red" mt={6} onClick={() => set({ languages: draft.languages.filter((_, j) => j !== i) })} aria-label={t("phoneMenu.remove")}>
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button size="xs" variant="light" disabled={draft.languages.length >= Math.min(9, line.languages.length)} onClick={() => set({ languages: [...draft.languages, { language: line.languages.find((l) => !languages.includes(l)) ?? line.languages[0]!, digit: freeKey(draft.languages.map((e, i) => e.digit ?? String(i + 1))) }] })} data-testid="language-add">
                {t("phoneMenu.addLanguage")}
              </Button>
            </Group>
            {draft.languages.length > 1 && picker("language_menu")}
          </Section>

          <Section title={t("phoneMenu.regionMenu")}>
            <Text size="xs" c="dimmed">
              {t("phoneMenu.regionMenuHelp")}
            </Text>
            {draft.regions.map((entry, i) => {
              const edit = (change: Partial<typeof entry>) => set({ regions: draft.regions.map((e, j) => (j === i ? { ...e, ...change } : e)) });
              return (
                <Group key={i} gap="xs" align="flex-start" data-testid="region-entry">
                  <KeySelect value={entry.digit ?? String(i + 1)} onChange={(digit) => edit({ digit })} testId={`region-key-${i}`} error={fieldError(`regions.${i}.digit`)} />
                  <TextInput aria-label={t("phoneMenu.regionLabel")} placeholder={t("phoneMenu.regionLabel")} value={entry.label} onChange={(e) => edit({ label: e.currentTarget.value })} error={fieldError(`regions.${i}.label`)} data-testid={`region-label-${i}`} />
                  <TextInput aria-label={t("phoneMenu.regionCode")} placeholder={t("phoneMenu.regionCode")} dir="ltr" w={140} value={entry.code} onChange={(e) => edit({ code: e.currentTarget.value.trim().toLowerCase() })} error={fieldError(`regions.${i}.code`)} data-testid={`region-code-${i}`} />
                  <ActionIcon variant="subtle" color="red" mt={6} onClick={() => set({ regions: draft.regions.filter((_, j) => j !== i) })} aria-label={t("phoneMenu.remove")}>
                    ×
                  </ActionIcon>
                </Group>
              );
            })}
            <Group>
              <Button size="xs" variant="light" disabled={draft.regions.length >= 9} onClick={() => set({ regions: [...draft.regions, { code: "", label: "", digit: freeKey(draft.regions.map((e, i) => e.digit ?? String(i + 1))) }] })} data-testid="region-add">
                {t("phoneMenu.addRegion")}
              </Button>
            </Group>
            {draft.regions.length > 0 && picker("region_menu")}
          </Section>

          <Section title={t("phoneMenu.selfService")}>
            <Text size="xs" c="dimmed">
              {t("phoneMenu.selfServiceHelp")}
            </Text>
            {draft.announcements.map((entry, i) => {
              const edit = (change: Partial<typeof entry>) => set({ announcements: draft.announcements.map((e, j) => (j === i ? { ...e, ...change } : e)) });
              return (
                <Group key={i} gap="xs" align="flex-end" data-testid="announcement-entry">
                  <KeySelect value={entry.digit} onChange={(digit) => edit({ digit })} testId={`announcement-key-${i}`} error={fieldError(`announcements.${i}.digit`)} />
                  <TextInput aria-label={t("phoneMenu.announcementLabel")} placeholder={t("phoneMenu.announcementLabel")} value={entry.label} onChange={(e) => edit({ label: e.currentTarget.value })} error={fieldError(`announcements.${i}.label`)} data-testid={`announcement-label-${i}`} />
                  <div style={{ flex: 1 }}>
                    <PromptPicker label={t("phoneMenu.announcementPrompt")} testId={`announcement-${i}`} choice={entry.prompt} prompts={items} languages={languages} onChange={(c) => edit({ prompt: c ?? {} })} />
                  </div>
                  <ActionIcon variant="subtle" color="red" mb={6} onClick={() => set({ announcements: draft.announcements.filter((_, j) => j !== i) })} aria-label={t("phoneMenu.remove")}>
                    ×
                  </ActionIcon>
                </Group>
              );
            })}
            <Group>
              <Button size="xs" variant="light" disabled={draft.announcements.length >= 9} onClick={() => set({ announcements: [...draft.announcements, { digit: freeKey(draft.announcements.map((e) => e.digit)), label: t("phoneMenu.openingHours"), prompt: {} }] })} data-testid="announcement-add">
                {t("phoneMenu.addAnnouncement")}
              </Button>
            </Group>
            {draft.announcements.length > 0 && picker("service_menu")}
          </Section>

          <Section title={t("phoneMenu.queue")}>
            <Select
              label={t("phoneMenu.queueChoice")}
              data={[{ value: FIRST_QUEUE, label: t("phoneMenu.firstQueue") }, ...lineQueues.map((q) => ({ value: q.id, label: q.name }))]}
              value={draft.queueId ?? FIRST_QUEUE}
              onChange={(v) => set({ queueId: v && v !== FIRST_QUEUE ? v : null })}
              allowDeselect={false}
              error={fieldError("queueId")}
              data-testid="phone-menu-queue"
            />
            {picker("queued")}
            <Group>
              <Checkbox label={t("phoneMenu.announcePosition")} checked={draft.announcePosition} onChange={(e) => set({ announcePosition: e.currentTarget.checked })} data-testid="phone-menu-announce-position" />
              <Checkbox label={t("phoneMenu.announceWait")} checked={draft.announceWait} onChange={(e) => set({ announceWait: e.currentTarget.checked })} data-testid="phone-menu-announce-wait" />
            </Group>
            <NumberInput label={t("phoneMenu.announceEvery")} min={10} max={600} w={220} value={draft.announceEverySeconds} onChange={(v) => typeof v === "number" && set({ announceEverySeconds: v })} error={fieldError("announceEverySeconds")} />
            {(draft.announcePosition || draft.announceWait) && picker("queue_position")}
            {(draft.announcePosition || draft.announceWait) && (
              <Text size="xs" c="dimmed">
                {t("phoneMenu.queuePositionHelp")}
              </Text>
            )}
            {picker("hold_music")}
            <Group align="flex-end">
              <Checkbox label={t("phoneMenu.callbackOption")} checked={draft.callbackOption} onChange={(e) => set({ callbackOption: e.currentTarget.checked })} data-testid="phone-menu-callback" />
              {draft.callbackOption && <KeySelect value={draft.callbackDigit} onChange={(callbackDigit) => set({ callbackDigit })} testId="phone-menu-callback-key" error={fieldError("callbackDigit")} />}
            </Group>
            {draft.callbackOption && picker("callback_offer")}
            {draft.callbackOption && picker("callback_confirmed")}
            {picker("invalid")}
            {picker("goodbye")}
          </Section>

          {canEdit && (
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button onClick={() => void save()} loading={busy} data-testid="phone-menu-save">
                {t("common.save")}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  );
}

import { Alert, Button, Checkbox, Group, Modal, NumberInput, Stack, Text, Textarea } from "@mantine/core";
import { LOCALES, type CallbackPolicy, type VoiceLineConfig, type VoiceLineConfigInput } from "@moked/contracts";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import { errorMessage } from "../i18n/errors";

type Line = { id: string; name: string; languages: string[] };
type Locale = (typeof LOCALES)[number];

/** The policy's numbers with the bounds the server keeps them in (shown when it refuses one). */
const NUMBERS = [
  { field: "maxAttempts", min: 1, max: 10 },
  { field: "retryAfterMinutes", min: 1, max: 1440 },
  { field: "ringSeconds", min: 5, max: 120 },
] as const;
const SMS_MAX = 480;

/**
 * How a line calls its customers back: how many attempts, how far apart, how long the phone rings, and the
 * SMS after a missed attempt in each language (empty: the built-in text). Saved with the line's phone
 * settings; the server's refusals are shown beside the field they concern, in the user's language.
 */
export function CallbackPolicyModal({ line, onClose }: { line: Line | null; onClose(): void }) {
  const { t } = useTranslation();
  const tenantId = line?.id ?? null;
  const [config, setConfig] = useState<VoiceLineConfig | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setConfig(null);
    setError(null);
    setSaved(false);
    if (!tenantId) return;
    api<{ config: VoiceLineConfig }>(`/voice/lines/${tenantId}`).then((v) => setConfig(v.config), setError);
  }, [tenantId]);

  const policy = config?.callbacks;
  const set = (change: Partial<CallbackPolicy>) => {
    if (!config) return;
    setConfig({ ...config, callbacks: { ...config.callbacks, ...change } });
    setSaved(false);
  };
  const details = error instanceof ApiError ? (error.details ?? []) : [];
  const refused = (field: string) => details.some((d) => d.path === `body.callbacks.${field}`);
  const smsLanguages = LOCALES.filter((l) => line?.languages.includes(l) || policy?.smsTemplates[l]);

  async function save() {
    if (!config) return;
    setBusy(true);
    setError(null);
    try {
      const body: VoiceLineConfigInput = config;
      const res = await api<{ config: VoiceLineConfig }>(`/voice/lines/${tenantId}`, { method: "PUT", body });
      setConfig(res.config);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const setTemplate = (language: Locale, text: string) => {
    if (!policy) return;
    const next = { ...policy.smsTemplates };
    if (text) next[language] = text;
    else delete next[language];
    set({ smsTemplates: next });
  };

  return (
    <Modal opened={line !== null} onClose={onClose} title={t("callbackPolicy.title", { line: line?.name ?? "" })} size="lg" data-testid="callback-policy">
      {error !== null && (
        <Alert color="red" mb="sm" role="alert" data-testid="callback-policy-error">
          {errorMessage(t, error)}
        </Alert>
      )}
      {saved && (
        <Alert color="green" mb="sm" role="status" data-testid="callback-policy-saved">
          {t("callbackPolicy.saved")}
        </Alert>
      )}
      {line && policy && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t("callbackPolicy.help")}
          </Text>
          {NUMBERS.map(({ field, min, max }) => (
            <NumberInput
              key={field}
              label={t(`callbackPolicy.${field}`)}
              w={280}
              allowDecimal={false}
              clampBehavior="none"
              value={policy[field]}
              onChange={(v) => set({ [field]: typeof v === "number" ? v : Number(v) })}
              error={refused(field) ? t("callbackPolicy.outOfRange", { min, max }) : undefined}
              data-testid={`callback-policy-${field}`}
            />
          ))}
          <Checkbox label={t("callbackPolicy.missedSms")} checked={policy.missedSms} onChange={(e) => set({ missedSms: e.currentTarget.checked })} data-testid="callback-policy-missedSms" />
          {policy.missedSms && (
            <Stack gap="xs">
              <Text size="sm">{t("callbackPolicy.smsHelp")}</Text>
              {smsLanguages.map((language) => (
                <Textarea
                  key={language}
                  label={t(`languages.${language}`, { defaultValue: language })}
                  dir={language === "he" || language === "ar" ? "rtl" : "ltr"}
                  autosize
                  minRows={2}
                  placeholder={t("callbackPolicy.builtInText")}
                  value={policy.smsTemplates[language] ?? ""}
                  onChange={(e) => setTemplate(language, e.currentTarget.value)}
                  error={refused(`smsTemplates.${language}`) ? t("callbackPolicy.badText", { max: SMS_MAX }) : undefined}
                  data-testid={`callback-policy-sms-${language}`}
                />
              ))}
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button onClick={() => void save()} loading={busy} data-testid="callback-policy-save">
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

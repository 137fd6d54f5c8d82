import { Alert, Button, Divider, Group, List, Modal, NumberInput, PasswordInput, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";

interface MailSettings {
  imap: { enabled: boolean; host: string | null; port: number; secure: boolean; user: string | null; passwordSet: boolean; mailbox: string };
  autoAck: { enabled: boolean; responseMinutes: number };
  status: { lastPolledAt: string | null; lastError: string | null; lastUid: number; rejections: Array<{ at: string; uid: number; from: string | null; subject: string | null; reason: string }> };
}

/**
 * A line's e-mail settings for the center manager: the IMAP mailbox polled instead of (or beside) the SMTP
 * listener, with the poller's last outcome and refused mails; and the auto-acknowledgement's promised
 * response time. The password is never shown: left empty, the stored one is kept.
 */
export function MailSettingsModal({ tenantId, lineName, onClose }: { tenantId: string | null; lineName: string; onClose(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [settings, setSettings] = useState<MailSettings | null>(null);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!tenantId) return;
    setSettings(null);
    setPassword("");
    setError(null);
    api<MailSettings>(`/tenants/${tenantId}/mail-settings`).then(setSettings, (e: unknown) => setError(errorMessage(t, e)));
  }, [tenantId, t]);

  const imap = settings?.imap;
  const setImap = (change: Partial<MailSettings["imap"]>) => settings && setSettings({ ...settings, imap: { ...settings.imap, ...change } });

  async function save() {
    if (!settings) return;
    setBusy(true);
    setError(null);
    try {
      const { passwordSet: _, ...rest } = settings.imap;
      setSettings(await api<MailSettings>(`/tenants/${tenantId}/mail-settings`, { method: "PUT", body: { imap: { ...rest, ...(password ? { password } : {}) }, autoAck: settings.autoAck } }));
      setPassword("");
      onClose();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={tenantId !== null} onClose={onClose} title={t("mail.title", { line: lineName })} size="lg" data-testid="mail-settings">
      {error && (
        <Alert color="red" mb="sm" data-testid="mail-settings-error">
          {error}
        </Alert>
      )}
      {settings && imap && (
        <Stack gap="sm">
          <Title order={5}>{t("mail.autoAck")}</Title>
          <Switch label={t("mail.autoAckOn")} checked={settings.autoAck.enabled} onChange={(e) => setSettings({ ...settings, autoAck: { ...settings.autoAck, enabled: e.currentTarget.checked } })} data-testid="mail-autoack" />
          <NumberInput
            label={t("mail.responseMinutes")}
            description={t("mail.responseHelp")}
            min={5}
            max={20160}
            value={settings.autoAck.responseMinutes}
            onChange={(v) => setSettings({ ...settings, autoAck: { ...settings.autoAck, responseMinutes: Number(v) || 5 } })}
            data-testid="mail-response-minutes"
          />
          <Divider />
          <Title order={5}>{t("mail.imap")}</Title>
          <Switch label={t("mail.imapOn")} checked={imap.enabled} onChange={(e) => setImap({ enabled: e.currentTarget.checked })} data-testid="mail-imap" />
          <Group grow>
            <TextInput label={t("mail.host")} dir="ltr" value={imap.host ?? ""} onChange={(e) => setImap({ host: e.currentTarget.value || null })} data-testid="mail-host" />
            <NumberInput label={t("mail.port")} min={1} max={65535} value={imap.port} onChange={(v) => setImap({ port: Number(v) || 993 })} />
          </Group>
          <Switch label={t("mail.secure")} checked={imap.secure} onChange={(e) => setImap({ secure: e.currentTarget.checked })} />
          <Group grow>
            <TextInput label={t("mail.user")} dir="ltr" value={imap.user ?? ""} onChange={(e) => setImap({ user: e.currentTarget.value || null })} data-testid="mail-user" />
            <PasswordInput label={t("mail.password")} placeholder={imap.passwordSet ? t("mail.passwordKept") : ""} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
          </Group>
          <TextInput label={t("mail.mailbox")} dir="ltr" value={imap.mailbox} onChange={(e) => setImap({ mailbox: e.currentTarget.value })} />
          {settings.status.lastPolledAt && (
            <Text size="sm" c={settings.status.lastError ? "red" : "dimmed"} data-testid="mail-status">
              {t("mail.lastPolled", { at: fmt.dateTime(settings.status.lastPolledAt) })}
              {settings.status.lastError ? ` — ${settings.status.lastError}` : ""}
            </Text>
          )}
          {settings.status.rejections.length > 0 && (
            <>
              <Text size="sm" fw={600}>
                {t("mail.rejections")}
              </Text>
              <List size="xs" data-testid="mail-rejections">
                {settings.status.rejections.map((r) => (
                  <List.Item key={`${r.uid}-${r.at}`}>
                    {fmt.dateTime(r.at)} · <span dir="ltr">{r.from ?? "?"}</span> · {r.subject ?? ""} — <span dir="ltr">{r.reason}</span>
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button onClick={() => void save()} loading={busy} data-testid="mail-save">
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

import { Alert, Badge, Button, Group, Modal, PasswordInput, Stack, Tabs, Text, Title } from "@mantine/core";
import type { MessageSettingsView, Tenant } from "@moked/contracts";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client";
import { errorMessage } from "../../i18n/errors";
import { bodyOf, draftOf, problemsOf, type Draft } from "./draft";
import { FormEditor } from "./FormEditor";
import { RulesEditor } from "./RulesEditor";

/**
 * The center manager's editor of a line's messages: the form an agent fills in (with a live preview), the
 * categories, the forwarding rules, and the secret the line's webhooks are signed with — set or replaced,
 * never shown back. The server checks everything; its reasons are shown beside the input they concern.
 */
export function MessageSettingsModal({ line, onClose }: { line: Tenant | null; onClose(): void }) {
  const { t } = useTranslation();
  const [view, setView] = useState<MessageSettingsView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [secret, setSecret] = useState("");
  const [removeSecret, setRemoveSecret] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [tab, setTab] = useState<string | null>("form");
  const [busy, setBusy] = useState(false);
  const tenantId = line?.id ?? null;

  useEffect(() => {
    if (!tenantId) return;
    setView(null);
    setDraft(null);
    setSecret("");
    setRemoveSecret(false);
    setError(null);
    setProblems({});
    setTab("form");
    api<MessageSettingsView>(`/tenants/${tenantId}/message-settings`).then((v) => (setView(v), setDraft(draftOf(v))), setError);
  }, [tenantId]);

  // Rows are addressed by position: once rows move or go, the old reasons may point at the wrong row.
  const edit = (patch: Partial<Draft>, structural = false) => {
    if (!draft) return;
    if (structural) setProblems({});
    setDraft({ ...draft, ...patch });
  };

  async function save() {
    if (!draft || !tenantId) return;
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      await api(`/tenants/${tenantId}/message-settings`, { method: "PUT", body: bodyOf(draft, secret ? { set: secret } : removeSecret ? { remove: true } : null) });
      onClose();
    } catch (e) {
      const found = problemsOf(t, e);
      setError(e);
      setProblems(found);
      // Show the tab where the first problem is.
      const first = Object.keys(found)[0];
      if (first?.startsWith("forwarding")) setTab("forwarding");
      else if (first?.startsWith("webhookSecret")) setTab("webhook");
      else if (first) setTab("form");
    } finally {
      setBusy(false);
    }
  }

  const count = (prefix: string) => Object.keys(problems).filter((k) => k.startsWith(prefix)).length;
  const problemBadge = (n: number) =>
    n > 0 ? (
      <Badge size="xs" color="red" circle aria-label={t("messageSettings.problemCount", { count: n })}>
        {n}
      </Badge>
    ) : null;
  return (
    <Modal opened={line !== null} onClose={onClose} title={t("messageSettings.title", { line: line?.name ?? "" })} size="90rem" data-testid="message-settings">
      {error !== null && (
        <Alert color="red" mb="sm" role="alert" data-testid="message-settings-error">
          {errorMessage(t, error)}
        </Alert>
      )}
      {view && draft && line && (
        <Stack gap="md">
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="form" data-testid="msg-tab-form" rightSection={problemBadge(count("fields") + count("categories"))}>
                {t("messageSettings.tabs.form")}
              </Tabs.Tab>
              <Tabs.Tab value="forwarding" data-testid="msg-tab-forwarding" rightSection={problemBadge(count("forwarding"))}>
                {t("messageSettings.tabs.forwarding")} ({draft.forwarding.length})
              </Tabs.Tab>
              <Tabs.Tab value="webhook" data-testid="msg-tab-webhook" rightSection={problemBadge(count("webhookSecret"))}>
                {t("messageSettings.tabs.webhook")}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="form" pt="md">
              <FormEditor
                fields={draft.fields}
                categories={draft.categories}
                problems={problems}
                onFields={(fields) => edit({ fields }, fields.length !== draft.fields.length || fields.some((f, i) => f.uid !== draft.fields[i]?.uid))}
                onCategories={(categories) => edit({ categories })}
              />
            </Tabs.Panel>
            <Tabs.Panel value="forwarding" pt="md">
              <RulesEditor
                rules={draft.forwarding}
                categories={draft.categories}
                timeZone={line.timeZone}
                problems={problems}
                onRules={(forwarding) => edit({ forwarding }, forwarding.length !== draft.forwarding.length)}
              />
            </Tabs.Panel>
            <Tabs.Panel value="webhook" pt="md">
              <Stack gap="xs" maw={520}>
                <Title order={5}>{t("messageSettings.secretTitle")}</Title>
                <Text size="sm" c="dimmed">
                  {t("messageSettings.secretHelp")}
                </Text>
                <Text size="sm" data-testid="msg-secret-state" data-signed={view.settings.webhookSigned && !removeSecret ? "yes" : "no"}>
                  {view.settings.webhookSigned ? (removeSecret ? t("messageSettings.secretRemoving") : t("messageSettings.secretStored")) : t("messageSettings.secretNone")}
                </Text>
                <PasswordInput
                  label={view.settings.webhookSigned ? t("messageSettings.secretReplace") : t("messageSettings.secretSet")}
                  description={t("messageSettings.secretRule")}
                  dir="ltr"
                  autoComplete="new-password"
                  value={secret}
                  error={problems.webhookSecret}
                  onChange={(e) => (setSecret(e.currentTarget.value), setRemoveSecret(false))}
                  data-testid="msg-secret"
                />
                {view.settings.webhookSigned && (
                  <Group>
                    <Button size="xs" variant="subtle" color="red" onClick={() => (setRemoveSecret(!removeSecret), setSecret(""))} data-testid="msg-secret-remove">
                      {removeSecret ? t("messageSettings.secretKeep") : t("messageSettings.secretRemove")}
                    </Button>
                  </Group>
                )}
              </Stack>
            </Tabs.Panel>
          </Tabs>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button onClick={() => void save()} loading={busy} data-testid="message-settings-save">
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

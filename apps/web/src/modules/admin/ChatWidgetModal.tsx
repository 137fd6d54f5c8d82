import { Alert, Button, Checkbox, Code, ColorInput, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import type { ChatWidgetSettings, ChatWidgetSettingsView } from "@moked/contracts";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { api, ApiError } from "../../api/client";
import { errorMessage } from "../i18n/errors";

type View = z.infer<typeof ChatWidgetSettingsView>;
type Locale = View["lineLanguages"][number];
const POSITIONS = ["auto", "right", "left"] as const;

/** The embed snippet a client business puts on its site. */
const snippet = (slug: string) => `<script src="${window.location.origin}/api/v1/public/chat/widget.js" data-line="${slug}" async></script>`;

/**
 * How a line's chat widget looks on the client's site: colour, logo, a greeting in each language, which
 * bottom corner, which languages the pre-chat form offers. The server checks every field; its reasons are
 * shown beside the field they concern.
 */
export function ChatWidgetModal({ tenantId, lineName, onClose }: { tenantId: string | null; lineName: string; onClose(): void }) {
  const { t } = useTranslation();
  const [view, setView] = useState<View | null>(null);
  const [draft, setDraft] = useState<ChatWidgetSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!tenantId) return;
    setView(null);
    setDraft(null);
    setError(null);
    api<View>(`/tenants/${tenantId}/chat-widget`).then((v) => (setView(v), setDraft(v.settings)), setError);
  }, [tenantId]);

  const set = (change: Partial<ChatWidgetSettings>) => draft && setDraft({ ...draft, ...change });
  const fieldError = (path: string) => (error instanceof ApiError ? error.details?.find((d) => d.path === path || d.path.startsWith(`${path}.`))?.message : undefined);

  async function save() {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      await api<View>(`/tenants/${tenantId}/chat-widget`, { method: "PUT", body: draft });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const offered = (l: Locale) => !draft?.languages.length || draft.languages.includes(l);
  return (
    <Modal opened={tenantId !== null} onClose={onClose} title={t("chatWidget.title", { line: lineName })} size="lg" data-testid="chat-widget-settings">
      {error !== null && (
        <Alert color="red" mb="sm" role="alert" data-testid="chat-widget-error">
          {errorMessage(t, error)}
        </Alert>
      )}
      {view && draft && (
        <Stack gap="sm">
          <Group grow align="flex-start">
            <ColorInput
              label={t("chatWidget.color")}
              description={t("chatWidget.colorHelp")}
              dir="ltr"
              format="hex"
              value={draft.color ?? ""}
              onChange={(v) => set({ color: v || null })}
              error={fieldError("color")}
              data-testid="chat-widget-color"
            />
            <TextInput
              label={t("chatWidget.logo")}
              description={t("chatWidget.logoHelp")}
              dir="ltr"
              value={draft.logoUrl ?? ""}
              onChange={(e) => set({ logoUrl: e.currentTarget.value.trim() || null })}
              error={fieldError("logoUrl")}
              data-testid="chat-widget-logo"
            />
          </Group>
          <div>
            <Text size="sm" fw={500} id="chat-widget-position">
              {t("chatWidget.position")}
            </Text>
            <SegmentedControl
              aria-labelledby="chat-widget-position"
              value={draft.position}
              onChange={(v) => set({ position: v as ChatWidgetSettings["position"] })}
              data={POSITIONS.map((p) => ({ value: p, label: t(`chatWidget.positions.${p}`) }))}
              data-testid="chat-widget-position"
            />
          </div>
          <Checkbox.Group label={t("chatWidget.languages")} description={t("chatWidget.languagesHelp")} value={view.lineLanguages.filter(offered)} onChange={(v) => set({ languages: v.length === view.lineLanguages.length ? [] : (v as Locale[]) })} error={fieldError("languages")}>
            <Group mt={4}>
              {view.lineLanguages.map((l) => (
                <Checkbox key={l} value={l} label={t(`languages.${l}`)} data-testid={`chat-widget-lang-${l}`} />
              ))}
            </Group>
          </Checkbox.Group>
          {view.lineLanguages.filter(offered).map((l) => (
            <Textarea
              key={l}
              label={t("chatWidget.greeting", { language: t(`languages.${l}`) })}
              dir={l === "he" || l === "ar" ? "rtl" : "ltr"}
              lang={l}
              maxLength={300}
              autosize
              minRows={1}
              value={draft.greeting[l] ?? ""}
              onChange={(e) => set({ greeting: { ...draft.greeting, [l]: e.currentTarget.value.trim() ? e.currentTarget.value : undefined } })}
              error={fieldError(`greeting.${l}`)}
              data-testid={`chat-widget-greeting-${l}`}
            />
          ))}
          <div>
            <Text size="sm" fw={500}>
              {t("chatWidget.embed")}
            </Text>
            <Code block dir="ltr" data-testid="chat-widget-snippet">
              {snippet(view.slug)}
            </Code>
          </div>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button onClick={() => void save()} loading={busy} data-testid="chat-widget-save">
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

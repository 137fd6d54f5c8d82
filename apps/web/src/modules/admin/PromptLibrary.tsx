import { ActionIcon, Alert, Button, FileButton, Group, Stack, Table, Text } from "@mantine/core";
import type { VoicePrompt } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/**
 * A line's recorded prompts: upload (WAV, MP3, Ogg; the server converts them to the telephone's G.711),
 * listen to each as callers will hear it, delete one the menu no longer plays.
 */
export function PromptLibrary({ tenantId, prompts, onChange, canEdit }: { tenantId: string; prompts: VoicePrompt[]; onChange(): void; canEdit: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function upload(file: File | null) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      // The server tells the format from the content; the browser's guess at the type is not sent.
      await api(`/voice/lines/${tenantId}/prompts?name=${encodeURIComponent(file.name)}`, { method: "POST", body: new Blob([file], { type: "application/octet-stream" }) });
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    setError(null);
    try {
      await api(`/voice/prompts/${id}`, { method: "DELETE" });
      onChange();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Stack gap="xs" data-testid="prompt-library">
      {error !== null && (
        <Alert color="red" role="alert" data-testid="prompt-error">
          {errorMessage(t, error)}
        </Alert>
      )}
      {prompts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("phoneMenu.noPrompts")}
        </Text>
      ) : (
        <Table data-testid="prompt-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("phoneMenu.promptName")}</Table.Th>
              <Table.Th>{t("phoneMenu.promptLength")}</Table.Th>
              <Table.Th>{t("phoneMenu.listen")}</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {prompts.map((p) => (
              <Table.Tr key={p.id} data-testid="prompt-row" data-name={p.name}>
                <Table.Td dir="auto">{p.name}</Table.Td>
                <Table.Td>{t("phoneMenu.seconds", { value: seconds(p.durationMs) })}</Table.Td>
                <Table.Td>
                  <audio controls preload="none" src={p.url} aria-label={t("phoneMenu.play", { name: p.name })} style={{ height: 32 }} />
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red" onClick={() => void remove(p.id)} aria-label={t("phoneMenu.deletePrompt", { name: p.name })}>
                      ×
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canEdit && (
        <Group gap="xs">
          <FileButton onChange={(f) => void upload(f)} accept=".wav,.mp3,.ogg,audio/wav,audio/mpeg,audio/ogg">
            {(props) => (
              <Button {...props} variant="light" size="xs" loading={busy} data-testid="prompt-upload">
                {t("phoneMenu.upload")}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed">
            {t("phoneMenu.uploadHelp")}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

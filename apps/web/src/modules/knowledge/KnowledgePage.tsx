import { ActionIcon, Alert, Badge, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Textarea, VisuallyHidden } from "@mantine/core";
import { KNOWLEDGE_KINDS } from "@moked/contracts";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useLines } from "../shell/useLines";
import { useLineKnowledge, type Knowledge } from "./useLineKnowledge";

type Kind = Knowledge["kind"];
const EMPTY = { kind: "faq" as Kind, title: "", body: "", position: 0 };

/** The center manager's editor of each client line's script: greeting, procedures, FAQ, wrap-up codes. */
export function KnowledgePage() {
  const { t } = useTranslation();
  const { lines } = useLines();
  const [lineId, setLineId] = useState<string | null>(null);
  useEffect(() => {
    if (!lineId && lines[0]) setLineId(lines[0].id);
  }, [lines, lineId]);
  const { items, reload } = useLineKnowledge(lineId);
  const [draft, setDraft] = useState(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setDraft(EMPTY);
      setEditing(null);
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () => run(() => (editing ? api(`/knowledge/${editing}`, { method: "PATCH", body: draft }) : api(`/tenants/${lineId}/knowledge`, { method: "POST", body: draft })));
  const remove = (id: string) => run(() => api(`/knowledge/${id}`, { method: "DELETE" }));

  return (
    <Stack>
      <Select
        label={t("knowledge.line")}
        data={lines.map((l) => ({ value: l.id, label: l.name }))}
        value={lineId}
        onChange={(v) => {
          setLineId(v);
          setEditing(null);
          setDraft(EMPTY);
        }}
        allowDeselect={false}
        w={320}
        data-testid="knowledge-line"
      />
      <Table striped data-testid="knowledge-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("knowledge.kind")}</Table.Th>
            <Table.Th>{t("knowledge.title")}</Table.Th>
            <Table.Th>{t("knowledge.body")}</Table.Th>
            <Table.Th>{t("knowledge.position")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("knowledge.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr key={e.id} data-testid="knowledge-row">
              <Table.Td>
                <Badge variant="light">{t(`knowledge.kinds.${e.kind}`)}</Badge>
              </Table.Td>
              <Table.Td>{e.title}</Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2} style={{ whiteSpace: "pre-wrap" }}>
                  {e.body}
                </Text>
              </Table.Td>
              <Table.Td>{e.position}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => {
                      setEditing(e.id);
                      setDraft({ kind: e.kind, title: e.title, body: e.body, position: e.position });
                    }}
                  >
                    {t("knowledge.edit")}
                  </Button>
                  <ActionIcon color="red" variant="subtle" aria-label={`${t("knowledge.delete")}: ${e.title}`} onClick={() => void remove(e.id)} disabled={busy}>
                    ×
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {items.length === 0 && <Text c="dimmed">{t("knowledge.empty")}</Text>}
      <Paper withBorder p="md" component="form" onSubmit={(e) => (e.preventDefault(), void save())} aria-label={editing ? t("knowledge.editEntry") : t("knowledge.addEntry")}>
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <Select
              label={t("knowledge.kind")}
              data={KNOWLEDGE_KINDS.map((k) => ({ value: k, label: t(`knowledge.kinds.${k}`) }))}
              value={draft.kind}
              onChange={(v) => v && setDraft({ ...draft, kind: v as Kind })}
              allowDeselect={false}
              w={180}
              data-testid="knowledge-kind"
            />
            <TextInput label={t("knowledge.title")} required maxLength={200} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })} style={{ flex: 1 }} data-testid="knowledge-title" />
            <NumberInput label={t("knowledge.position")} min={0} max={10_000} value={draft.position} onChange={(v) => setDraft({ ...draft, position: Number(v) || 0 })} w={100} />
          </Group>
          <Textarea label={t("knowledge.body")} maxLength={10_000} autosize minRows={3} maxRows={12} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.currentTarget.value })} data-testid="knowledge-body" />
          <Group gap="sm">
            <Button type="submit" loading={busy} disabled={!lineId || !draft.title.trim()} data-testid="knowledge-save">
              {editing ? t("common.save") : t("knowledge.add")}
            </Button>
            {editing && (
              <Button variant="default" onClick={() => (setEditing(null), setDraft(EMPTY))}>
                {t("common.cancel")}
              </Button>
            )}
          </Group>
          {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
        </Stack>
      </Paper>
    </Stack>
  );
}

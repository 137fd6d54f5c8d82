import { Alert, Group, Loader, NumberInput, Pagination, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import type { CallRecording, User } from "@moked/contracts";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { useApi } from "../shell/useApi";
import { useLines } from "../shell/useLines";
import { RecordingPlayer } from "./RecordingPlayer";

const PAGE = 20;

interface Filters {
  line: string | null;
  agent: string | null;
  from: string;
  to: string;
  minSeconds: number | string;
  maxSeconds: number | string;
  direction: string | null;
}

/** The search's query: dates are whole local days (`to` included), lengths in seconds. */
function queryOf(f: Filters, page: number): string {
  const q = new URLSearchParams({ limit: String(PAGE), offset: String((page - 1) * PAGE) });
  if (f.line) q.set("tenantId", f.line);
  if (f.agent) q.set("agentId", f.agent);
  if (f.from) q.set("from", new Date(`${f.from}T00:00`).toISOString());
  if (f.to) q.set("to", new Date(new Date(`${f.to}T00:00`).getTime() + 86_400_000).toISOString());
  if (typeof f.minSeconds === "number") q.set("minSeconds", String(f.minSeconds));
  if (typeof f.maxSeconds === "number") q.set("maxSeconds", String(f.maxSeconds));
  if (f.direction) q.set("direction", f.direction);
  return q.toString();
}

/** Supervisors and QA find calls to listen to: by line, agent, dates, length and direction, newest first. */
export function RecordingsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { lines, lineName } = useLines();
  const users = useApi<{ items: User[] }>("/users");
  const agents = useMemo(() => (users.data?.items ?? []).filter((u) => u.role === "agent" || u.role === "team_leader").sort((a, b) => a.name.localeCompare(b.name)), [users.data]);
  const agentName = useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);
  const [filters, setFilters] = useState<Filters>({ line: null, agent: null, from: "", to: "", minSeconds: "", maxSeconds: "", direction: null });
  const [page, setPage] = useState(1);
  const set = (patch: Partial<Filters>) => (setFilters((f) => ({ ...f, ...patch })), setPage(1));
  const res = useApi<{ items: CallRecording[]; total: number }>(`/recordings?${queryOf(filters, page)}`);

  return (
    <Stack>
      <Group align="flex-end" wrap="wrap" gap="sm">
        <Select size="xs" label={t("recordings.line")} placeholder={t("wallboard.all")} clearable data={lines.map((l) => ({ value: l.id, label: l.name }))} value={filters.line} onChange={(line) => set({ line })} w={200} data-testid="recordings-line" />
        <Select size="xs" label={t("recordings.agent")} placeholder={t("wallboard.all")} clearable searchable data={agents.map((a) => ({ value: a.id, label: a.name }))} value={filters.agent} onChange={(agent) => set({ agent })} w={200} data-testid="recordings-agent" />
        <TextInput size="xs" type="date" label={t("recordings.from")} value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} data-testid="recordings-from" />
        <TextInput size="xs" type="date" label={t("recordings.to")} value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} data-testid="recordings-to" />
        <NumberInput size="xs" min={0} label={t("recordings.minSeconds")} value={filters.minSeconds} onChange={(minSeconds) => set({ minSeconds })} w={120} data-testid="recordings-min" />
        <NumberInput size="xs" min={0} label={t("recordings.maxSeconds")} value={filters.maxSeconds} onChange={(maxSeconds) => set({ maxSeconds })} w={120} data-testid="recordings-max" />
        <Select
          size="xs"
          label={t("recordings.direction")}
          placeholder={t("wallboard.all")}
          clearable
          data={[
            { value: "inbound", label: t("recordings.inbound") },
            { value: "outbound", label: t("recordings.outbound") },
          ]}
          value={filters.direction}
          onChange={(direction) => set({ direction })}
          w={140}
          data-testid="recordings-direction"
        />
      </Group>
      {res.error !== null && res.error !== undefined && <Alert color="red">{errorMessage(t, res.error)}</Alert>}
      {!res.data && !res.error && <Loader size="sm" aria-label={t("common.loading")} />}
      {res.data && (
        <>
          <Text size="sm" c="dimmed" data-testid="recordings-total">
            {t("recordings.total", { count: res.data.total })}
          </Text>
          <Table striped data-testid="recordings-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("recordings.when")}</Table.Th>
                <Table.Th>{t("recordings.line")}</Table.Th>
                <Table.Th>{t("recordings.agent")}</Table.Th>
                <Table.Th>{t("recordings.direction")}</Table.Th>
                <Table.Th>{t("recordings.length")}</Table.Th>
                <Table.Th>{t("recordings.listen")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {res.data.items.map((r) => (
                <Table.Tr key={r.id} data-testid="recordings-row" data-interaction={r.interactionId}>
                  <Table.Td>{fmt.dateTime(r.startedAt)}</Table.Td>
                  <Table.Td>{lineName(r.tenantId)}</Table.Td>
                  <Table.Td>{r.agentId ? (agentName.get(r.agentId) ?? "—") : "—"}</Table.Td>
                  <Table.Td>{t(`recordings.${r.direction}`)}</Table.Td>
                  <Table.Td dir="ltr">{fmt.duration(r.durationMs / 1000)}</Table.Td>
                  <Table.Td>
                    <RecordingPlayer recording={r} meta={false} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {res.data.items.length === 0 && (
            <Text c="dimmed" ta="center" py="sm">
              {t("recordings.noneFound")}
            </Text>
          )}
          {res.data.total > PAGE && <Pagination total={Math.ceil(res.data.total / PAGE)} value={page} onChange={setPage} data-testid="recordings-pages" />}
        </>
      )}
    </Stack>
  );
}

import { Alert, Button, Card, Group, NumberInput, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useFormat } from "../i18n/format";
import { wfmError } from "./errors";
import { SeriesChart } from "./SeriesChart";
import { simColumns, type SimHeadline } from "./simColumns";

type Figures = SimHeadline;
interface SimResult {
  intervals: Array<Figures & { startOffsetSeconds: number }>;
  total: Figures;
}
interface Staff {
  agents: number | string;
  extra: number | string;
  extraFrom: number | string;
}

const A_COLOR = "var(--mantine-color-gray-6)";
const B_COLOR = "var(--mantine-color-teal-6)";

/** Two staffing scenarios over the same simulated callers (same seed), on the real routing engine. */
export function WhatIfPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [from, setFrom] = useState<number | string>(8);
  const [to, setTo] = useState<number | string>(20);
  const [perHour, setPerHour] = useState<number | string>(120);
  const [aht, setAht] = useState<number | string>(180);
  const [patience, setPatience] = useState<number | string>(120);
  const [a, setA] = useState<Staff>({ agents: 6, extra: 0, extraFrom: 18 });
  const [b, setB] = useState<Staff>({ agents: 6, extra: 2, extraFrom: 18 });
  const [result, setResult] = useState<{ a: SimResult; b: SimResult } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const scenario = (s: Staff) => {
    const hours = Math.max(1, Number(to) - Number(from));
    const end = hours * 3600;
    const extraStart = Math.min(end, Math.max(0, (Number(s.extraFrom) - Number(from)) * 3600));
    return {
      seed: 1,
      start: Date.UTC(2026, 0, 4, Number(from) - 2),
      intervals: Array.from({ length: hours * 2 }, (_, i) => ({ startOffsetSeconds: i * 1800, lengthSeconds: 1800, volume: Number(perHour) / 2 })),
      ahtSeconds: Number(aht),
      patienceSeconds: Number(patience),
      agents: [
        ...Array.from({ length: Number(s.agents) }, (_, i) => ({ id: `a${i}` })),
        ...Array.from({ length: Number(s.extra) }, (_, i) => ({ id: `x${i}`, shifts: [{ fromSeconds: extraStart, toSeconds: end }] })),
      ],
    };
  };

  async function run() {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ result: SimResult; compareWith: SimResult }>("/wfm/simulate", { method: "POST", body: { scenario: scenario(a), compareWith: scenario(b) } });
      setResult({ a: r.result, b: r.compareWith });
    } catch (e) {
      setError(wfmError(t, e));
    } finally {
      setBusy(false);
    }
  }

  const staffInputs = (name: string, s: Staff, set: (s: Staff) => void) => (
    <Card withBorder>
      <Title order={5} mb="xs">
        {name}
      </Title>
      <Group align="flex-end">
        <NumberInput label={t("workforce.whatIf.agents")} value={s.agents} onChange={(v) => set({ ...s, agents: v })} min={1} max={500} w={110} />
        <NumberInput label={t("workforce.whatIf.extra")} value={s.extra} onChange={(v) => set({ ...s, extra: v })} min={0} max={200} w={110} />
        <NumberInput label={t("workforce.whatIf.extraFrom")} value={s.extraFrom} onChange={(v) => set({ ...s, extraFrom: v })} min={0} max={23} w={110} />
      </Group>
    </Card>
  );
  const hourLabel = (sec: number) => `${String(Number(from) + Math.floor(sec / 3600)).padStart(2, "0")}:${sec % 3600 ? "30" : "00"}`;
  const rows = simColumns(t, fmt);
  const chart = (key: "serviceLevel" | "abandonRate", title: string) =>
    result && (
      <SeriesChart
        ariaLabel={title}
        labels={result.a.intervals.map((i) => hourLabel(i.startOffsetSeconds))}
        format={(n) => fmt.percent(n)}
        series={[
          { key: "a", label: `${t("workforce.whatIf.a")} · ${title}`, color: A_COLOR, kind: "line", values: result.a.intervals.map((i) => i[key]) },
          { key: "b", label: `${t("workforce.whatIf.b")} · ${title}`, color: B_COLOR, kind: "line", values: result.b.intervals.map((i) => i[key]) },
        ]}
      />
    );

  return (
    <Stack data-testid="what-if">
      <Group align="flex-end">
        <NumberInput label={t("workforce.build.from")} value={from} onChange={setFrom} min={0} max={23} w={100} />
        <NumberInput label={t("workforce.build.to")} value={to} onChange={setTo} min={1} max={24} w={100} />
        <NumberInput label={t("workforce.whatIf.perHour")} value={perHour} onChange={setPerHour} min={0} max={5000} w={140} />
        <NumberInput label={t("workforce.build.aht")} value={aht} onChange={setAht} min={10} max={3600} w={120} />
        <NumberInput label={t("workforce.whatIf.patience")} value={patience} onChange={setPatience} min={5} max={3600} w={120} />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {staffInputs(t("workforce.whatIf.a"), a, setA)}
        {staffInputs(t("workforce.whatIf.b"), b, setB)}
      </SimpleGrid>
      <Group>
        <Button onClick={() => void run()} loading={busy} data-testid="run-what-if">
          {t("workforce.whatIf.run")}
        </Button>
        <Text size="xs" c="dimmed">
          {t("workforce.whatIf.hint")}
        </Text>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {result && (
        <>
          <Table withTableBorder data-testid="what-if-totals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>{t("workforce.whatIf.a")}</Table.Th>
                <Table.Th>{t("workforce.whatIf.b")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(([label, show]) => (
                <Table.Tr key={label}>
                  <Table.Td>{label}</Table.Td>
                  <Table.Td>{show(result.a.total)}</Table.Td>
                  <Table.Td>{show(result.b.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {chart("serviceLevel", t("workforce.whatIf.serviceLevel"))}
            {chart("abandonRate", t("workforce.whatIf.abandoned"))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

import { Alert, Button, Group, Radio, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useApi } from "../shell/useApi";
import { useLines } from "../shell/useLines";
import { CustomerHistory } from "./CustomerHistory";

interface Customer {
  id: string;
  tenantId: string;
  name: string | null;
  phones: string[];
  emails: string[];
  contacts: number;
}

/** Find a line's customers and merge two records of one person: one is kept, the other folds into it. */
export function CustomersPage() {
  const { t } = useTranslation();
  const { lines } = useLines();
  const [line, setLine] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [keep, setKeep] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Customer | null>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<string | null>(null);
  const tenantId = line ?? lines[0]?.id ?? null;
  const { data, reload } = useApi<{ items: Customer[] }>(tenantId ? `/customers?tenantId=${tenantId}&q=${encodeURIComponent(q)}` : null);
  const items = data?.items ?? [];

  const merge = async () => {
    if (!keep || !duplicate) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ customer: Customer }>(`/customers/${keep}/merge`, { method: "POST", body: { duplicateId: duplicate } });
      setDone(res.customer);
      setDuplicate(null);
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Title order={2}>{t("customers.title")}</Title>
      <Group align="flex-end">
        <Select label={t("customers.line")} data={lines.map((l) => ({ value: l.id, label: l.name }))} value={tenantId} onChange={setLine} w={240} data-testid="customers-line" />
        <TextInput label={t("customers.search")} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={280} data-testid="customers-search" />
      </Group>
      <Text size="sm" c="dimmed">
        {t("customers.howTo")}
      </Text>
      <Table striped data-testid="customers-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("customers.keep")}</Table.Th>
            <Table.Th>{t("customers.duplicate")}</Table.Th>
            <Table.Th>{t("customers.name")}</Table.Th>
            <Table.Th>{t("customers.phones")}</Table.Th>
            <Table.Th>{t("customers.emails")}</Table.Th>
            <Table.Th>{t("customers.contacts")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} data-testid="customer-row" data-customer={c.id}>
              <Table.Td>
                <Radio aria-label={t("customers.keep")} checked={keep === c.id} onChange={() => (setKeep(c.id), duplicate === c.id && setDuplicate(null))} />
              </Table.Td>
              <Table.Td>
                <Radio aria-label={t("customers.duplicate")} checked={duplicate === c.id} disabled={keep === c.id} onChange={() => setDuplicate(c.id)} />
              </Table.Td>
              <Table.Td>{c.name ?? "—"}</Table.Td>
              <Table.Td dir="ltr">{c.phones.join(", ")}</Table.Td>
              <Table.Td dir="ltr">{c.emails.join(", ")}</Table.Td>
              <Table.Td>
                <Button size="compact-xs" variant="subtle" onClick={() => setHistory(c.id)} aria-label={`${t("customer360.history")}: ${c.contacts}`} data-testid="customer-history-open">
                  {c.contacts}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button disabled={!keep || !duplicate} loading={busy} onClick={() => void merge()} data-testid="customers-merge">
          {t("customers.merge")}
        </Button>
      </Group>
      {done && (
        <Alert color="green" data-testid="customers-merged">
          {t("customers.merged", { name: done.name ?? "—" })}
        </Alert>
      )}
      {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
      <CustomerHistory customerId={history} onClose={() => setHistory(null)} />
    </Stack>
  );
}

import { Alert, Button, Drawer, Loader, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { InteractionRecordings } from "../recordings/InteractionRecordings";
import { useCanHearCalls } from "../recordings/access";
import { useApi } from "../shell/useApi";
import type { ContactRow, Measure } from "./types";

/** What a clicked number stands for: the period and filters of its cell, and the measure. */
export interface DrillTarget {
  title: string;
  measure: Measure;
  params: Record<string, string>;
}

const PAGE = 50;

/** The contacts behind one number of a report, in order of arrival, a page at a time. */
export function DrillDown({ target, queueName, onClose }: { target: DrillTarget | null; queueName(id: string | null): string; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer opened={target !== null} onClose={onClose} position="right" size="xl" title={target?.title ?? ""} data-testid="reports-drill">
      {target && <DrillTable key={JSON.stringify(target)} target={target} queueName={queueName} />}
      {!target && <Text>{t("common.loading")}</Text>}
    </Drawer>
  );
}

function DrillTable({ target, queueName }: { target: DrillTarget; queueName(id: string | null): string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const hears = useCanHearCalls();
  const [pages, setPages] = useState(1);
  const query = new URLSearchParams({ ...target.params, measure: target.measure, limit: String(PAGE * pages) }).toString();
  const res = useApi<{ items: ContactRow[]; more: boolean }>(`/reports/contacts?${query}`);
  if (res.error) return <Alert color="red">{errorMessage(t, res.error)}</Alert>;
  if (!res.data) return <Loader size="sm" aria-label={t("common.loading")} />;
  return (
    <>
      <Table striped data-testid="reports-drill-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.arrived")}</Table.Th>
            <Table.Th>{t("reports.channel")}</Table.Th>
            <Table.Th>{t("reports.queue")}</Table.Th>
            <Table.Th>{t("reports.wait")}</Table.Th>
            <Table.Th>{t("reports.handle")}</Table.Th>
            <Table.Th>{t("reports.outcome")}</Table.Th>
            {hears && <Table.Th>{t("recordings.title")}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {res.data.items.map((c) => (
            <Table.Tr key={c.id} data-testid="reports-drill-row">
              <Table.Td>{fmt.dateTime(c.arrivedAt)}</Table.Td>
              <Table.Td>{t(`desk.channels.${c.channel}`, { defaultValue: c.channel })}</Table.Td>
              <Table.Td>{queueName(c.queueId)}</Table.Td>
              <Table.Td dir="ltr">{fmt.duration(c.waitSeconds)}</Table.Td>
              <Table.Td dir="ltr">{fmt.duration(c.handleSeconds)}</Table.Td>
              <Table.Td>{c.final ? t(`reports.final.${c.final}`, { defaultValue: c.final }) : t("reports.final.open")}</Table.Td>
              {hears && <Table.Td>{c.channel === "voice" && <InteractionRecordings interactionId={c.id} />}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {res.data.items.length === 0 && (
        <Text c="dimmed" ta="center" py="sm">
          {t("reports.noContacts")}
        </Text>
      )}
      {res.data.more && (
        <Button variant="subtle" mt="sm" onClick={() => setPages((p) => p + 1)} loading={res.loading}>
          {t("reports.more")}
        </Button>
      )}
    </>
  );
}

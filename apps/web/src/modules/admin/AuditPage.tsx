import { Loader, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useApi } from "../shell/useApi";

interface AuditEntry {
  id: number;
  at: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { data, loading } = useApi<{ items: AuditEntry[] }>("/audit?limit=100");
  if (loading) return <Loader aria-label={t("common.loading")} />;
  if (!data?.items.length) return <Text c="dimmed">{t("audit.empty")}</Text>;
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "medium", timeZone: "Asia/Jerusalem" });
  return (
    <Table striped data-testid="audit-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("audit.at")}</Table.Th>
          <Table.Th>{t("audit.actor")}</Table.Th>
          <Table.Th>{t("audit.action")}</Table.Th>
          <Table.Th>{t("audit.entity")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {data.items.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>{format.format(new Date(e.at))}</Table.Td>
            <Table.Td>{e.actorName}</Table.Td>
            <Table.Td dir="ltr">{e.action}</Table.Td>
            <Table.Td dir="ltr">{e.entity}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

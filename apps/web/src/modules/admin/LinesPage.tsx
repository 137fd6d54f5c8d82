import { Button, Loader, Table } from "@mantine/core";
import type { Tenant } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthProvider";
import { formatHours } from "../home/hours";
import { MailSettingsModal } from "../mail/MailSettingsModal";
import { ChatWidgetModal } from "./ChatWidgetModal";
import { MessageSettingsModal } from "./message-settings/MessageSettingsModal";
import { PhoneMenuModal } from "./PhoneMenuModal";
import { CallbackPolicyModal } from "./CallbackPolicyModal";
import { useApi } from "../shell/useApi";

export function LinesPage() {
  const { t } = useTranslation();
  const { data, loading } = useApi<{ items: Tenant[] }>("/tenants");
  const { user } = useAuth();
  const [mailFor, setMailFor] = useState<Tenant | null>(null);
  const [widgetFor, setWidgetFor] = useState<Tenant | null>(null);
  const [messagesFor, setMessagesFor] = useState<Tenant | null>(null);
  const [phoneFor, setPhoneFor] = useState<Tenant | null>(null);
  const [callbacksFor, setCallbacksFor] = useState<Tenant | null>(null);
  const canSetMail = user?.role === "admin" || user?.role === "center_manager";
  if (loading) return <Loader aria-label={t("common.loading")} />;
  return (
    <>
      <MailSettingsModal tenantId={mailFor?.id ?? null} lineName={mailFor?.name ?? ""} onClose={() => setMailFor(null)} />
      <ChatWidgetModal tenantId={widgetFor?.id ?? null} lineName={widgetFor?.name ?? ""} onClose={() => setWidgetFor(null)} />
      <MessageSettingsModal line={messagesFor} onClose={() => setMessagesFor(null)} />
      <PhoneMenuModal line={phoneFor} onClose={() => setPhoneFor(null)} canEdit={canSetMail} />
      <CallbackPolicyModal line={callbacksFor} onClose={() => setCallbacksFor(null)} />
      <Table striped highlightOnHover data-testid="lines-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("lines.name")}</Table.Th>
            <Table.Th>{t("lines.industry")}</Table.Th>
            <Table.Th>{t("lines.hours")}</Table.Th>
            <Table.Th>{t("lines.languages")}</Table.Th>
            <Table.Th>{t("lines.contacts")}</Table.Th>
            {canSetMail && <Table.Th>{t("mail.column")}</Table.Th>}
            {canSetMail && <Table.Th>{t("chatWidget.column")}</Table.Th>}
            {canSetMail && <Table.Th>{t("messageSettings.column")}</Table.Th>}
            {canSetMail && <Table.Th>{t("phoneMenu.column")}</Table.Th>}
            {canSetMail && <Table.Th>{t("callbackPolicy.column")}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data?.items.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>{line.name}</Table.Td>
              <Table.Td>{t(`industries.${line.industry}`)}</Table.Td>
              <Table.Td>
                <span dir="ltr">{formatHours(t, line.calendar)}</span>
                {line.calendar.closedOnShabbatAndHolidays && ` · ${t("lines.closedShabbat")}`}
              </Table.Td>
              <Table.Td>{line.languages.map((l) => t(`languages.${l}`, { defaultValue: l })).join(", ")}</Table.Td>
              <Table.Td dir="ltr">{line.contactEmails.join(", ") || t("common.none")}</Table.Td>
              {canSetMail && (
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setMailFor(line)} data-testid={`mail-settings-${line.slug}`}>
                    {t("mail.open")}
                  </Button>
                </Table.Td>
              )}
              {canSetMail && (
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setWidgetFor(line)} data-testid={`chat-widget-${line.slug}`}>
                    {t("chatWidget.open")}
                  </Button>
                </Table.Td>
              )}
              {canSetMail && (
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setMessagesFor(line)} data-testid={`message-settings-${line.slug}`}>
                    {t("messageSettings.open")}
                  </Button>
                </Table.Td>
              )}
              {canSetMail && (
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setPhoneFor(line)} data-testid={`phone-menu-${line.slug}`}>
                    {t("phoneMenu.open")}
                  </Button>
                </Table.Td>
              )}
              {canSetMail && (
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setCallbacksFor(line)} data-testid={`callback-policy-${line.slug}`}>
                    {t("callbackPolicy.open")}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

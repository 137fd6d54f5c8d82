import { Alert, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import type { InteractionDetail } from "./types";

/** Who handed this contact on, when, and the note they left for whoever takes it next. */
export function TransferNote({ transfer }: { transfer: InteractionDetail["transfer"] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!transfer) return null;
  const who = transfer.byName ?? transfer.fromAgentName;
  return (
    <Alert color="blue" variant="light" p="xs" data-testid="transfer-note" title={who ? t("desk.transferNote.from", { name: who, time: fmt.time(transfer.at) }) : t("desk.transferNote.title", { time: fmt.time(transfer.at) })}>
      {transfer.reason ? <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="transfer-note-reason">{transfer.reason}</Text> : <Text size="sm" c="dimmed">{t("desk.transferNote.noNote")}</Text>}
    </Alert>
  );
}

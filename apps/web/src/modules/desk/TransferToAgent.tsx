import { Alert, Button, Group, Select } from "@mantine/core";
import type { TransferAgents } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useApi } from "../shell/useApi";

interface Props {
  interactionId: string;
  /** A note for the colleague, shown on their offer and work item. */
  reason?: string | undefined;
}

/** Hand the contact to a colleague who serves its line (it waits for them, at the head of the queue). */
export function TransferToAgent({ interactionId, reason }: Props) {
  const { t } = useTranslation();
  const { data, reload } = useApi<z.infer<typeof TransferAgents>>(`/interactions/${interactionId}/transfer-agents`);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const options = (data?.items ?? []).map((a) => ({ value: a.agentId, label: `${a.name} · ${t(`desk.activity.${a.activity}`)}` }));
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      // The desk reloads on the transfer's live event, and this contact leaves the screen.
      await api(`/interactions/${interactionId}/transfer`, { method: "POST", body: reason ? { agentId, reason } : { agentId } });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Group gap="sm" align="flex-end">
      <Select
        label={t("escalations.transferToAgent")}
        placeholder={t("escalations.chooseAgent")}
        data={options}
        value={agentId}
        onChange={setAgentId}
        onDropdownOpen={reload}
        searchable
        nothingFoundMessage={t("escalations.noColleagues")}
        w={260}
        data-testid="transfer-agent"
      />
      <Button variant="default" loading={busy} disabled={!agentId} onClick={() => void send()} data-testid="transfer-agent-send">
        {t("desk.transfer")}
      </Button>
      {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
    </Group>
  );
}

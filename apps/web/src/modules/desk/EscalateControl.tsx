import { Alert, Badge, Button, Group, Kbd, TextInput } from "@mantine/core";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useEscalations } from "./useEscalations";
import { useAltShortcut } from "./useShortcut";

interface Props {
  interactionId: string;
}

/** Bring in the team leader on this contact, and see live whether one has taken it. */
export function EscalateControl({ interactionId }: Props) {
  const { t } = useTranslation();
  const { items, reload } = useEscalations(`?interactionId=${interactionId}`);
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const active = items[0];
  const button = useRef<HTMLButtonElement>(null);
  // With several contacts on screen, the shortcut belongs to the first one's button.
  useAltShortcut("e", () => document.querySelector('[data-testid="escalate-open"]') === button.current && setAsking(true), !active && !asking);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/interactions/${interactionId}/escalate`, { method: "POST", body: { message } });
      setAsking(false);
      setMessage("");
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (active) {
    return (
      <Badge color={active.status === "open" ? "orange" : "teal"} size="lg" variant="light" role="status" data-testid="escalation-status" data-status={active.status}>
        {active.status === "open" ? t("escalations.waitingForLeader") : t("escalations.takenBy", { name: active.takenByName ?? "" })}
      </Badge>
    );
  }
  if (!asking) {
    return (
      <Button ref={button} variant="light" color="orange" onClick={() => setAsking(true)} aria-keyshortcuts="Alt+E" data-testid="escalate-open">
        {t("escalations.escalate")}&nbsp;<Kbd size="xs">Alt+E</Kbd>
      </Button>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Group gap="xs" align="flex-end">
        <TextInput label={t("escalations.message")} value={message} onChange={(e) => setMessage(e.currentTarget.value)} maxLength={1000} w={280} data-autofocus autoFocus data-testid="escalate-message" />
        <Button type="submit" color="orange" loading={busy} data-testid="escalate-send">
          {t("escalations.send")}
        </Button>
        <Button variant="default" onClick={() => setAsking(false)}>
          {t("common.cancel")}
        </Button>
        {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
      </Group>
    </form>
  );
}

import { Alert, Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Textarea } from "@mantine/core";
import type { EmailView } from "@moked/contracts";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { RECONNECTED, useLiveEvents } from "../live/LiveProvider";
import { useApi } from "../shell/useApi";
import { MailBody } from "./MailBody";

interface Props {
  interactionId: string;
  /** The contact's status on the desk: the agent replies while connected or in wrap-up. */
  status: string;
}

const DELIVERY_COLOR: Record<string, string> = { queued: "yellow", sent: "teal", failed: "red", bounced: "red" };
/** While a reply is on its way its state is looked up often; otherwise now and then for the customer's answers. */
const POLL_SENDING_MS = 2_000;
const POLL_IDLE_MS = 20_000;

/**
 * An e-mail contact on the agent's desk: the whole conversation, oldest first, each mail with its direction,
 * sender, recipient, date and subject, its body (sanitised HTML in a sandboxed frame, or plain text), its
 * attachments to download, and for our own mails where their delivery stands. Below it, the reply box: the
 * reply goes out threaded to the customer's last mail.
 */
export function EmailPane({ interactionId, status }: Props) {
  const { t } = useTranslation();
  const { data, error: loadError, reload } = useApi<{ items: EmailView[] }>(`/interactions/${interactionId}/emails`);
  const [sent, setSent] = useState<EmailView[]>([]);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [justSent, setJustSent] = useState(false);

  // The reply as the server answered it stays on screen until the next load has it too.
  const loaded = data?.items ?? [];
  const thread = [...loaded, ...sent.filter((s) => !loaded.some((m) => m.id === s.id))];
  const onItsWay = thread.some((m) => m.delivery === "queued");
  useEffect(() => {
    const timer = setInterval(reload, onItsWay ? POLL_SENDING_MS : POLL_IDLE_MS);
    return () => clearInterval(timer);
  }, [onItsWay, reload]);
  useLiveEvents((event) => {
    if (event.type === RECONNECTED) reload();
  });

  const canReply = status === "connected" || status === "wrap_up";
  const customer = [...thread].reverse().find((m) => m.direction === "in");
  const send = async () => {
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    setError(null);
    setJustSent(false);
    try {
      const res = await api<{ email: EmailView }>(`/interactions/${interactionId}/email-reply`, { method: "POST", body: { text: body } });
      setSent((s) => [...s, res.email]);
      setText("");
      setJustSent(true);
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  if (loadError && !data) return <Alert color="red">{errorMessage(t, loadError)}</Alert>;
  return (
    <Paper withBorder p="sm" data-testid="email-pane" data-interaction={interactionId}>
      <Stack gap="sm">
        <Group gap="xs" justify="space-between">
          <Text fw={600}>{t("emailPane.title")}</Text>
          <Text size="sm" c="dimmed">
            {t("emailPane.count", { count: thread.length })}
          </Text>
        </Group>
        {data && thread.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("emailPane.empty")}
          </Text>
        )}
        <Stack gap="sm" component="ol" m={0} p={0} style={{ listStyle: "none" }} data-testid="email-thread" aria-live="polite">
          {thread.map((m) => (
            <EmailItem key={m.id} mail={m} />
          ))}
        </Stack>
        {canReply && customer && (
          <Stack gap={6}>
            <Textarea
              label={t("emailPane.replyTo", { address: customer.from })}
              placeholder={t("emailPane.replyPlaceholder")}
              autosize
              minRows={3}
              maxRows={12}
              dir="auto"
              maxLength={100_000}
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                setJustSent(false);
              }}
              data-testid="email-reply"
            />
            <Group gap="sm">
              <Button loading={sending} disabled={!text.trim()} onClick={() => void send()} data-testid="email-send">
                {t("emailPane.send")}
              </Button>
              {justSent && (
                <Text size="sm" c="teal" data-testid="email-sent" role="status">
                  {t("emailPane.queued")}
                </Text>
              )}
            </Group>
          </Stack>
        )}
        {error !== null && (
          <Alert color="red" data-testid="email-error">
            {errorMessage(t, error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function EmailItem({ mail }: { mail: EmailView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const inbound = mail.direction === "in";
  return (
    <Box
      component="li"
      data-testid="email-message"
      data-direction={mail.direction}
      data-delivery={mail.delivery ?? undefined}
      style={{
        borderInlineStart: `4px solid var(--mantine-color-${inbound ? "gray-4" : "blue-5"})`,
        background: inbound ? "var(--mantine-color-gray-0)" : "var(--mantine-color-blue-0)",
        borderRadius: 6,
        paddingBlock: 8,
        paddingInline: 12,
      }}
    >
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs">
            <Badge variant="light" color={inbound ? "gray" : "blue"}>
              {t(inbound ? "emailPane.inbound" : "emailPane.outbound")}
            </Badge>
            {mail.delivery && (
              <Badge variant="dot" color={DELIVERY_COLOR[mail.delivery]} data-testid="email-delivery" title={mail.deliveryError ?? undefined}>
                {t(`emailPane.delivery.${mail.delivery}`)}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" dir="ltr" component="time" dateTime={mail.at}>
            {fmt.dateTime(mail.at)}
          </Text>
        </Group>
        <Text fw={600} size="sm" dir="auto" data-testid="email-subject">
          {mail.subject || t("emailPane.noSubject")}
        </Text>
        <Text size="xs" c="dimmed">
          {t("emailPane.from")}: <span dir="ltr">{mail.from}</span> · {t("emailPane.to")}: <span dir="ltr">{mail.to}</span>
        </Text>
        {mail.deliveryError && (mail.delivery === "failed" || mail.delivery === "bounced") && (
          <Text size="xs" c="red" data-testid="email-delivery-error">
            {mail.deliveryError}
          </Text>
        )}
        <MailBody text={mail.text} html={mail.html} remoteImages={mail.remoteImages} subject={mail.subject} />
        {mail.attachments.length > 0 && (
          <Group gap="xs" data-testid="email-attachments">
            <Text size="xs" c="dimmed">
              {t("emailPane.attachments")}:
            </Text>
            {mail.attachments.map((a) => (
              <Anchor key={a.id} href={`/api/v1/email-attachments/${a.id}`} download={a.filename} size="sm" data-testid="email-attachment" title={t("emailPane.download", { name: a.filename })}>
                📎 <span dir="auto">{a.filename}</span> <span dir="ltr">({fmt.bytes(a.size)})</span>
              </Anchor>
            ))}
          </Group>
        )}
      </Stack>
    </Box>
  );
}

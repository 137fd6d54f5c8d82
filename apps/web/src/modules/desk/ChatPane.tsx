import { Alert, Anchor, Badge, Box, Button, FileButton, Group, Paper, ScrollArea, Stack, Text, Textarea } from "@mantine/core";
import type { ChatMessageView, ChatSessionView } from "@moked/contracts";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useFormat } from "../i18n/format";
import { RECONNECTED, useLiveEvents } from "../live/LiveProvider";
import { useApi } from "../shell/useApi";

interface Props {
  interactionId: string;
  /** The contact's status on the desk: the agent writes only while connected. */
  status: string;
}

/** What a chat takes, as the visitor's widget does; the server checks the content itself. */
const ACCEPTED = "image/png,image/jpeg,image/gif,image/webp,application/pdf";
const byOrder = (a: ChatMessageView, b: ChatMessageView) => a.seq - b.seq;

/**
 * A chat (web, SMS or WhatsApp) live on the agent's desk: the whole conversation, the visitor typing, and
 * the agent's answer. Every line is rendered as text — nothing the customer sends is ever taken as HTML.
 */
export function ChatPane({ interactionId, status }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, error: loadError, reload } = useApi<{ session: ChatSessionView; items: ChatMessageView[] }>(`/interactions/${interactionId}/chat`);
  const [lines, setLines] = useState<ChatMessageView[]>([]);
  const [left, setLeft] = useState(false);
  const [typing, setTyping] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const lastTyping = useRef(0);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const bottom = useRef<HTMLDivElement>(null);
  const session = data?.session;

  const merge = (more: ChatMessageView[]) =>
    setLines((current) => {
      const seen = new Set(current.map((m) => m.seq));
      return [...current, ...more.filter((m) => !seen.has(m.seq))].sort(byOrder);
    });
  useEffect(() => {
    if (data) merge(data.items);
  }, [data]);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: "nearest" });
  }, [lines.length, typing]);
  useEffect(() => {
    const timer = typingTimer;
    return () => clearTimeout(timer.current);
  }, []);

  useLiveEvents((event) => {
    if (event.type === RECONNECTED) return reload();
    const p = event.payload;
    // Matched by the contact too: a line can arrive before the conversation itself has loaded.
    if (p.interactionId !== interactionId && (!session || p.sessionId !== session.id)) return;
    if (event.type === "chat.message") {
      merge([p as unknown as ChatMessageView]);
      if (p.author === "visitor") setTyping(false);
    } else if (event.type === "chat.typing" && p.who === "visitor") {
      setTyping(true);
      clearTimeout(typingTimer.current);
      typingTimer.current = setTimeout(() => setTyping(false), 4_000);
    } else if (event.type === "chat.session" && p.status !== "open") setLeft(true);
  });

  const closed = left || (session !== undefined && session.status !== "open");
  const canWrite = status === "connected" && !closed;

  const send = async () => {
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    setError(null);
    try {
      const res = await api<{ message: ChatMessageView }>(`/interactions/${interactionId}/chat/messages`, { method: "POST", body: { text: body } });
      merge([res.message]);
      setText("");
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };
  const upload = async (file: File | null) => {
    if (!file || sending) return;
    setSending(true);
    setError(null);
    try {
      const res = await api<{ message: ChatMessageView }>(`/interactions/${interactionId}/chat/attachments?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
      merge([res.message]);
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };
  const onType = (value: string) => {
    setText(value);
    if (Date.now() - lastTyping.current > 3_000) {
      lastTyping.current = Date.now();
      void api(`/interactions/${interactionId}/chat/typing`, { method: "POST" }).catch(() => undefined);
    }
  };

  // A chat contact put into routing by an integration has no conversation here: nothing to show.
  if (loadError && !data) return null;
  return (
    <Paper withBorder p="sm" data-testid="chat-pane" data-interaction={interactionId}>
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={600}>{session?.name ?? t("chat.visitor")}</Text>
          {session && <Badge variant="outline">{t(`chat.medium.${session.medium}`)}</Badge>}
          {session && <Badge variant="light">{t(`languages.${session.language}`, { defaultValue: session.language })}</Badge>}
          {session?.topic && (
            <Text size="sm" c="dimmed">
              {session.topic}
            </Text>
          )}
        </Group>
        <ScrollArea.Autosize mah={320} type="auto">
          <Stack gap={6} data-testid="chat-lines" aria-live="polite">
            {lines.map((m) => (
              <ChatLine key={m.seq} line={m} time={fmt.time(m.at)} />
            ))}
            <div ref={bottom} />
          </Stack>
        </ScrollArea.Autosize>
        {typing && (
          <Text size="sm" c="dimmed" data-testid="chat-visitor-typing">
            {t("chat.typing")}
          </Text>
        )}
        {closed && (
          <Text size="sm" c="dimmed" data-testid="chat-left">
            {t("chat.left")}
          </Text>
        )}
        {canWrite && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Textarea
              aria-label={t("chat.reply")}
              placeholder={t("chat.reply")}
              autosize
              minRows={1}
              maxRows={5}
              style={{ flex: 1 }}
              value={text}
              maxLength={4_000}
              data-testid="chat-reply"
              onChange={(e) => onType(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  void send();
                }
              }}
            />
            {session?.medium === "web" && (
              <FileButton onChange={(f) => void upload(f)} accept={ACCEPTED} inputProps={{ "data-testid": "chat-attach-input" } as object}>
                {(props) => (
                  <Button {...props} variant="default" aria-label={t("chat.attach")} title={t("chat.attach")} disabled={sending} data-testid="chat-attach">
                    📎
                  </Button>
                )}
              </FileButton>
            )}
            <Button loading={sending} disabled={!text.trim()} onClick={() => void send()} data-testid="chat-send">
              {t("chat.send")}
            </Button>
          </Group>
        )}
        {error !== null && <Alert color="red">{errorMessage(t, error)}</Alert>}
      </Stack>
    </Paper>
  );
}

function ChatLine({ line, time }: { line: ChatMessageView; time: string }) {
  const { t } = useTranslation();
  if (line.author === "system") {
    return (
      <Text size="xs" c="dimmed" ta="center">
        {line.text === "visitor_left" ? t("chat.left") : line.text}
      </Text>
    );
  }
  const mine = line.author === "agent";
  const file = line.attachmentId ? `/api/v1/chat/attachments/${line.attachmentId}` : null;
  return (
    <Box
      data-testid="chat-line"
      data-author={line.author}
      style={{ alignSelf: mine ? "flex-end" : "flex-start", maxWidth: "80%", background: mine ? "var(--mantine-color-blue-light)" : "var(--mantine-color-gray-1)", borderRadius: 8, paddingBlock: 6, paddingInline: 10 }}
    >
      {file ? (
        <Anchor href={file} target="_blank" rel="noopener noreferrer">
          📎 {line.text}
        </Anchor>
      ) : (
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {line.text}
        </Text>
      )}
      <Text size="xs" c="dimmed" dir="ltr" ta="end">
        {time}
      </Text>
    </Box>
  );
}

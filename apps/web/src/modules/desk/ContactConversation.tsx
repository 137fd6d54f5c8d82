import { Box, Text } from "@mantine/core";
import type { CustomerContact } from "@moked/contracts";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { useFormat } from "../i18n/format";

type Line = z.infer<typeof CustomerContact>["conversation"][number];

/**
 * What was written in an earlier chat, message or e-mail, folded under its row in the customer's history:
 * the first line as an excerpt, the whole conversation on opening. Text only, never markup.
 */
export function ContactConversation({ lines }: { lines: Line[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const said = lines.filter((l) => l.author !== "system" || l.event);
  if (said.length === 0) return null;
  /** A call placed to the customer, or the SMS about a missed one, in the reader's language. */
  const textOf = (l: Line) => {
    if (l.event?.kind === "outbound_attempt") return t("callback.timeline.attempt", { number: l.event.number, outcome: l.event.outcome ? t(`callback.status.${l.event.outcome}`) : t("callback.timeline.inProgress") });
    if (l.event?.kind === "sms") return `${t("callback.timeline.sms", { number: l.event.number })}: ${l.text}`;
    return l.text;
  };
  const first = textOf(said[0]!).split("\n").find((s) => s.trim()) ?? "";
  return (
    <Box component="details" data-testid="customer-conversation" style={{ marginInlineStart: 4 }}>
      <Text component="summary" size="xs" c="dimmed" style={{ cursor: "pointer" }}>
        {t("customer360.conversation", { count: said.length })} — <q>{first.length > 80 ? `${first.slice(0, 80)}…` : first}</q>
      </Text>
      <Box component="ol" m={0} p={0} style={{ listStyle: "none" }}>
        {said.map((l, i) => (
          <Text component="li" key={i} size="xs" data-author={l.author} data-testid="customer-conversation-line" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {!l.event && <strong>{t(`customer360.authors.${l.author}`)}</strong>}{" "}
            <Text component="span" size="xs" c="dimmed" dir="ltr">
              {fmt.dateTime(l.at)}
            </Text>
            : {l.attachmentId ? `📎 ${l.text}` : <bdi>{textOf(l)}</bdi>}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

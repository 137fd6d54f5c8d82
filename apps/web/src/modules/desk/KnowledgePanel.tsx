import { Accordion, Blockquote, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthProvider";
import { useLineKnowledge, type Knowledge } from "../knowledge/useLineKnowledge";

interface Props {
  tenantId: string | undefined;
}

const matches = (e: Knowledge, q: string) => !q || e.title.toLowerCase().includes(q) || e.body.toLowerCase().includes(q);

/** The line's script beside a contact: the greeting to say, then procedures and FAQ, searchable. */
export function KnowledgePanel({ tenantId }: Props) {
  const { t } = useTranslation();
  const headingId = useId();
  const [query, setQuery] = useState("");
  const { user } = useAuth();
  const { greeting, procedure, faq } = useLineKnowledge(tenantId);
  if (greeting.length + procedure.length + faq.length === 0) return null;
  const q = query.trim().toLowerCase();
  const entries = [...procedure, ...faq].filter((e) => matches(e, q));
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId} data-testid="knowledge-panel">
      <Stack gap="xs">
        <Title order={5} id={headingId}>
          {t("knowledge.panelTitle")}
        </Title>
        {greeting.map((g) => (
          <Blockquote key={g.id} p="xs" color="blue" data-testid="knowledge-greeting" cite={g.title}>
            {g.body.replaceAll("{agent}", user?.name ?? "")}
          </Blockquote>
        ))}
        {procedure.length + faq.length > 0 && (
          <>
            <TextInput size="xs" type="search" aria-label={t("knowledge.search")} placeholder={t("knowledge.search")} value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
            <Accordion variant="separated" chevronPosition="left" data-testid="knowledge-entries">
              {entries.map((e) => (
                <Accordion.Item key={e.id} value={e.id}>
                  <Accordion.Control>
                    {e.title}
                    <Text span size="xs" c="dimmed">
                      {" "}
                      · {t(`knowledge.kinds.${e.kind}`)}
                    </Text>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                      {e.body}
                    </Text>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          </>
        )}
      </Stack>
    </Paper>
  );
}

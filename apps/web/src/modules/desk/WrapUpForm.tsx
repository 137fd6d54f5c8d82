import { Button, Group, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

interface Props {
  busy: boolean;
  onSubmit(code: string, notes: string): void;
}

/** The wrap-up code (required) and free notes for a contact. */
export function WrapUpForm({ busy, onSubmit }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [notes, setNotes] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim()) onSubmit(code.trim(), notes.trim());
      }}
    >
      <Group align="flex-end" gap="sm">
        <TextInput label={t("desk.wrapUp.code")} required maxLength={60} value={code} onChange={(e) => setCode(e.currentTarget.value)} data-testid="wrapup-code" w={180} />
        <Textarea label={t("desk.wrapUp.notes")} maxLength={4000} autosize minRows={1} maxRows={4} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} style={{ flex: 1 }} />
        <Button type="submit" loading={busy} disabled={!code.trim()} data-testid="wrapup-submit">
          {t("desk.wrapUp.submit")}
        </Button>
      </Group>
    </form>
  );
}

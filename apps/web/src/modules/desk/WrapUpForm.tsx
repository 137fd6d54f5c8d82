import { Autocomplete, Button, Group, Textarea } from "@mantine/core";
import { useRef, useState } from "react";
import { useAltShortcut } from "./useShortcut";
import { useTranslation } from "react-i18next";
import { useLineKnowledge } from "../knowledge/useLineKnowledge";

interface Props {
  busy: boolean;
  /** The contact's client line, whose wrap-up codes are offered (any code while it has none). */
  tenantId?: string | undefined;
  onSubmit(code: string, notes: string): void;
}

/** The wrap-up code (required; from the line's list when it has one) and free notes for a contact. */
export function WrapUpForm({ busy, tenantId, onSubmit }: Props) {
  const { t } = useTranslation();
  const { wrapUpCodes } = useLineKnowledge(tenantId);
  const [code, setCode] = useState("");
  const [notes, setNotes] = useState("");
  const input = useRef<HTMLInputElement>(null);
  // Alt+W goes to the wrap-up code of the first contact on screen.
  useAltShortcut("w", () => document.querySelector('[data-testid="wrapup-code"]') === input.current && input.current?.focus());
  const chosen = code.trim();
  const offList = chosen !== "" && wrapUpCodes.length > 0 && !wrapUpCodes.includes(chosen);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen && !offList) onSubmit(chosen, notes.trim());
      }}
    >
      <Group align="flex-end" gap="sm">
        <Autocomplete
          ref={input}
          label={t("desk.wrapUp.code")}
          aria-keyshortcuts="Alt+W"
          required
          maxLength={60}
          data={wrapUpCodes}
          value={code}
          onChange={setCode}
          error={offList ? t("knowledge.notOnList") : undefined}
          data-testid="wrapup-code"
          w={200}
        />
        <Textarea
          label={t("desk.wrapUp.notes")}
          maxLength={4000}
          autosize
          minRows={1}
          maxRows={4}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          style={{ flex: 1 }}
          data-testid="wrapup-notes"
        />
        <Button type="submit" loading={busy} disabled={!chosen || offList} data-testid="wrapup-submit">
          {t("desk.wrapUp.submit")}
        </Button>
      </Group>
    </form>
  );
}

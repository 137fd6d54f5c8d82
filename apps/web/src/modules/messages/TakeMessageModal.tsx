import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from "@mantine/core";
import type { NewMessageInput } from "@moked/contracts";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import type { Tenant } from "../desk/types";
import { errorMessage } from "../i18n/errors";
import { FieldInput } from "./FieldInput";
import type { FormField, MessageSettings } from "./types";

interface Props {
  opened: boolean;
  lines: Tenant[];
  defaultLine: string | null;
  onClose(): void;
  onTaken(): void;
}

const EMPTY = { subject: "", urgency: "normal" as "normal" | "urgent", body: "", customerName: "", customerPhone: "", customerEmail: "", category: "" };

/** The request body for a message: blank optional inputs are left out, the line's fields sent as typed. */
export function messageBody(tenantId: string, form: typeof EMPTY, fields: FormField[], values: Record<string, string | boolean>): NewMessageInput {
  const trimmed = (s: string) => (s.trim() === "" ? undefined : s.trim());
  const custom: Record<string, string | boolean> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (f.type === "boolean") custom[f.key] = v === true;
    else if (typeof v === "string" && v.trim() !== "") custom[f.key] = v.trim();
  }
  return {
    tenantId,
    subject: form.subject.trim(),
    urgency: form.urgency,
    body: form.body,
    customerName: trimmed(form.customerName),
    customerPhone: trimmed(form.customerPhone),
    customerEmail: trimmed(form.customerEmail),
    category: trimmed(form.category),
    fields: custom,
  };
}

/** "Take a message": a form built from the line's message settings, showing the server's checks per field. */
export function TakeMessageModal({ opened, lines, defaultLine, onClose, onTaken }: Props) {
  const { t } = useTranslation();
  const [tenantId, setTenantId] = useState<string>(defaultLine ?? "");
  const [form, setForm] = useState(EMPTY);
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [settings, setSettings] = useState<MessageSettings | null>(null);
  useEffect(() => {
    let live = true;
    setSettings(null);
    if (tenantId)
      api<MessageSettings>(`/tenants/${tenantId}/message-settings`)
        .then((s) => live && setSettings(s))
        .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [tenantId]);
  const fields = settings?.tenantId === tenantId ? settings.settings.fields : [];
  const categories = settings?.tenantId === tenantId ? settings.settings.categories : [];

  useEffect(() => {
    if (!opened) return;
    setTenantId(defaultLine ?? (lines.length === 1 ? lines[0]!.id : ""));
    setForm(EMPTY);
    setValues({});
    setFieldErrors({});
    setError(null);
  }, [opened, defaultLine, lines]);

  // The server words its checks in English: the ones we know are shown in the user's language.
  const fieldProblem = (message: string) => {
    if (/is required$|too_small|at least 1/i.test(message)) return t("messages.required");
    if (/must be one of|^one of /i.test(message)) return t("messages.notAnOption");
    if (/not a field/i.test(message)) return t("messages.unknownField");
    return message;
  };

  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    if (!tenantId) {
      setFieldErrors({ tenantId: t("messages.chooseLine") });
      return;
    }
    setBusy(true);
    try {
      await api("/messages", { method: "POST", body: messageBody(tenantId, form, fields, values) });
      onTaken();
    } catch (err) {
      if (err instanceof ApiError && err.details) setFieldErrors(Object.fromEntries(err.details.map((d) => [d.path.replace(/^body\./, ""), fieldProblem(d.message)])));
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t("messages.take")} size="lg">
      {/* The server checks the line's form and answers per field: the browser's own checks would hide that. */}
      <form onSubmit={submit} noValidate data-testid="take-message-form">
        <Stack gap="sm">
          {error && <Alert color="red">{error}</Alert>}
          <Select
            label={t("messages.line")}
            required
            data-testid="take-message-line"
            data={lines.map((l) => ({ value: l.id, label: l.name }))}
            value={tenantId || null}
            error={fieldErrors.tenantId}
            onChange={(v) => {
              setTenantId(v ?? "");
              setValues({});
              setFieldErrors({});
            }}
            searchable
          />
          <TextInput label={t("messages.subject")} required name="subject" value={form.subject} error={fieldErrors.subject} onChange={(e) => set("subject", e.currentTarget.value)} />
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t("messages.urgencyLabel")}
            </Text>
            <SegmentedControl
              data-testid="take-message-urgency"
              value={form.urgency}
              onChange={(v) => set("urgency", v === "urgent" ? "urgent" : "normal")}
              data={[
                { value: "normal", label: t("messages.urgency.normal") },
                { value: "urgent", label: t("messages.urgency.urgent") },
              ]}
            />
          </div>
          {categories.length > 0 && (
            <Select label={t("messages.category")} data={categories} value={form.category || null} error={fieldErrors.category} onChange={(v) => set("category", v ?? "")} clearable />
          )}
          <Group grow align="flex-start">
            <TextInput label={t("messages.customerName")} name="customerName" value={form.customerName} error={fieldErrors.customerName} onChange={(e) => set("customerName", e.currentTarget.value)} />
            <TextInput label={t("messages.customerPhone")} name="customerPhone" type="tel" dir="ltr" value={form.customerPhone} error={fieldErrors.customerPhone} onChange={(e) => set("customerPhone", e.currentTarget.value)} />
          </Group>
          <TextInput label={t("messages.customerEmail")} name="customerEmail" type="email" dir="ltr" value={form.customerEmail} error={fieldErrors.customerEmail} onChange={(e) => set("customerEmail", e.currentTarget.value)} />
          {fields.map((f) => (
            <FieldInput key={f.key} field={f} value={values[f.key]} error={fieldErrors[`fields.${f.key}`]} onChange={(v) => setValues((vs) => ({ ...vs, [f.key]: v }))} />
          ))}
          <Textarea label={t("messages.body")} name="body" autosize minRows={3} value={form.body} error={fieldErrors.body} onChange={(e) => set("body", e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={busy} data-testid="take-message-submit">
              {t("messages.send")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

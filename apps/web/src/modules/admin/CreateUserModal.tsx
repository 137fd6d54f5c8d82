import { Alert, Button, Group, Modal, MultiSelect, PasswordInput, Select, Stack, TextInput } from "@mantine/core";
import { ROLES, type Role, type Tenant } from "@moked/contracts";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import { errorMessage } from "../i18n/errors";
import { useApi } from "../shell/useApi";

interface Props {
  opened: boolean;
  canGrantAdmin: boolean;
  onClose(): void;
  onCreated(): void;
}

const LANGUAGE_CODES = ["he", "ar", "ru", "en", "am", "fr", "ti", "es", "de"];

export function CreateUserModal({ opened, canGrantAdmin, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const lines = useApi<{ items: Tenant[] }>("/tenants");
  const [form, setForm] = useState({ email: "", name: "", role: "agent" as Role, password: "", tenantId: "", serves: [] as string[], languages: ["he"] });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const lineOptions = (lines.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    try {
      await api("/users", {
        method: "POST",
        body: {
          email: form.email,
          name: form.name,
          role: form.role,
          password: form.password,
          languages: form.languages,
          ...(form.role === "client_viewer" ? { tenantId: form.tenantId || undefined } : {}),
          ...(form.role === "agent" ? { servesTenantIds: form.serves } : {}),
        },
      });
      onCreated();
    } catch (err) {
      if (err instanceof ApiError && err.details) {
        setFieldErrors(Object.fromEntries(err.details.map((d) => [d.path.replace(/^body\./, ""), d.message])));
      }
      setError(errorMessage(t, err));
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t("users.create")}>
      <Stack component="form" onSubmit={submit}>
        <TextInput label={t("users.name")} required value={form.name} error={fieldErrors.name} onChange={(e) => set("name", e.currentTarget.value)} />
        <TextInput label={t("users.email")} type="email" required value={form.email} error={fieldErrors.email} onChange={(e) => set("email", e.currentTarget.value)} />
        <Select
          label={t("users.role")}
          allowDeselect={false}
          value={form.role}
          data={ROLES.filter((r) => canGrantAdmin || r !== "admin").map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          onChange={(v) => v && set("role", v as Role)}
        />
        {form.role === "client_viewer" && (
          <Select label={t("users.tenant")} required data={lineOptions} value={form.tenantId} error={fieldErrors.tenantId} onChange={(v) => set("tenantId", v ?? "")} />
        )}
        {form.role === "agent" && <MultiSelect label={t("users.serves")} data={lineOptions} value={form.serves} onChange={(v) => set("serves", v)} />}
        <MultiSelect
          label={t("users.languages")}
          data={LANGUAGE_CODES.map((c) => ({ value: c, label: t(`languages.${c}`) }))}
          value={form.languages}
          onChange={(v) => set("languages", v)}
        />
        <PasswordInput label={t("users.password")} required value={form.password} error={fieldErrors.password} onChange={(e) => set("password", e.currentTarget.value)} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit">{t("common.save")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Alert, Button, PasswordInput, Stack, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { errorMessage } from "../i18n/errors";

export function AccountPage() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (next !== confirm) return setResult({ ok: false, text: t("account.mismatch") });
    try {
      await api("/auth/password", { method: "POST", body: { currentPassword: current, newPassword: next } });
      setResult({ ok: true, text: t("account.saved") });
      setCurrent("");
      setNext("");
      setConfirm("");
    } catch (err) {
      setResult({ ok: false, text: errorMessage(t, err) });
    }
  }

  return (
    <Stack component="form" onSubmit={submit} maw={420}>
      <Title order={3}>{t("account.title")}</Title>
      <PasswordInput label={t("account.current")} required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" />
      <PasswordInput label={t("account.new")} required minLength={10} value={next} onChange={(e) => setNext(e.currentTarget.value)} autoComplete="new-password" />
      <PasswordInput label={t("account.confirm")} required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} autoComplete="new-password" />
      {result && (
        <Alert color={result.ok ? "green" : "red"} role="status">
          {result.text}
        </Alert>
      )}
      <Button type="submit">{t("common.save")}</Button>
    </Stack>
  );
}

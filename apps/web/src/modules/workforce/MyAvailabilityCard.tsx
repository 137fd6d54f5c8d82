import { Alert, Button, Card, Group, Loader, Text, Title } from "@mantine/core";
import type { MyWorkRules, MyWorkRulesInput } from "@moked/contracts";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useApi } from "../shell/useApi";
import { AvailabilityEditor, fromDrafts, toDrafts, type Preferences, type WindowDraft } from "./AvailabilityEditor";
import { wfmError } from "./errors";

/** The agent's own weekly availability and preferences, which the next schedules are built with. */
export function MyAvailabilityCard() {
  const { t } = useTranslation();
  const mine = useApi<MyWorkRules>("/wfm/my-work-rules");
  const [windows, setWindows] = useState<WindowDraft[]>([]);
  const [preferences, setPreferences] = useState<Preferences>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!mine.data) return;
    setWindows(toDrafts(mine.data.availability));
    setPreferences(mine.data.preferences);
  }, [mine.data]);

  async function save() {
    const availability = fromDrafts(windows);
    setSaved(false);
    if (!availability) {
      setError(t("workforce.availability.invalid"));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const body: MyWorkRulesInput = { availability, preferences };
      await api("/wfm/my-work-rules", { method: "PUT", body });
      setSaved(true);
    } catch (e) {
      setError(wfmError(t, e));
    } finally {
      setSaving(false);
    }
  }

  if (mine.error) return <Alert color="red">{wfmError(t, mine.error)}</Alert>;
  if (!mine.data) return <Loader aria-label={t("common.loading")} />;
  return (
    <Card withBorder data-testid="my-availability">
      <Title order={4} mb="xs">
        {t("workforce.availability.mine")}
      </Title>
      <AvailabilityEditor
        windows={windows}
        onWindows={(w) => {
          setWindows(w);
          setSaved(false);
        }}
        preferences={preferences}
        onPreferences={(p) => {
          setPreferences(p);
          setSaved(false);
        }}
        templates={mine.data.templates}
      />
      {error && (
        <Alert color="red" mt="xs">
          {error}
        </Alert>
      )}
      <Group mt="sm">
        <Button onClick={() => void save()} loading={saving} data-testid="save-availability">
          {t("common.save")}
        </Button>
        {saved && (
          <Text size="sm" c="green" data-testid="availability-saved">
            {t("workforce.availability.saved")}
          </Text>
        )}
      </Group>
    </Card>
  );
}

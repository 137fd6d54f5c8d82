import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useAuth } from "../auth/AuthProvider";
import { useLiveEvents } from "../live/LiveProvider";
import { useLines } from "../shell/useLines";
import type { Dispatch } from "./types";

const SUPERVISORS = ["admin", "center_manager", "shift_manager", "team_leader"];
const DISMISSED = "moked.dismissedDispatches";
/** A chain exhausted longer ago than this is history, not an alert. */
const RECENT_MS = 6 * 3_600_000;

interface Exhausted {
  dispatchId: string;
  tenantId: string;
  lineName: string | null;
  subject: string | null;
}

const dismissed = (): string[] => {
  try {
    return JSON.parse(localStorage.getItem(DISMISSED) ?? "[]") as string[];
  } catch {
    return [];
  }
};

/**
 * The supervisor's alarm in the app shell: when no one on a line's on-call chain acknowledged an urgent
 * matter, every supervisor screen shows it at once (live event), and still shows it after a reload or a
 * late log-in until someone dismisses it.
 */
export function DispatchAlerts({ navigate }: { navigate(path: string): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { lineName } = useLines();
  const [alerts, setAlerts] = useState<Exhausted[]>([]);
  const supervisor = SUPERVISORS.includes(user?.role ?? "");

  useEffect(() => {
    if (!supervisor) return;
    let live = true;
    api<{ items: Dispatch[] }>("/dispatches")
      .then(({ items }) => {
        if (!live) return;
        const gone = new Set(dismissed());
        const recent = items.filter((d) => d.status === "exhausted" && !gone.has(d.id) && Date.now() - Date.parse(d.log.at(-1)?.at ?? d.createdAt) < RECENT_MS);
        setAlerts((now) => [...now, ...recent.filter((d) => !now.some((a) => a.dispatchId === d.id)).map((d) => ({ dispatchId: d.id, tenantId: d.tenantId, lineName: null, subject: null }))]);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [supervisor]);

  useLiveEvents((event) => {
    if (event.type !== "dispatch.exhausted" || !event.tenantId) return;
    const p = event.payload as { dispatchId: string; lineName?: string | null; subject?: string | null };
    const tenantId = event.tenantId;
    setAlerts((now) => (now.some((a) => a.dispatchId === p.dispatchId) ? now : [{ dispatchId: p.dispatchId, tenantId, lineName: p.lineName ?? null, subject: p.subject ?? null }, ...now]));
  });

  const dismiss = (id: string) => {
    localStorage.setItem(DISMISSED, JSON.stringify([id, ...dismissed()].slice(0, 200)));
    setAlerts((now) => now.filter((a) => a.dispatchId !== id));
  };

  if (!supervisor || alerts.length === 0) return null;
  return (
    <Stack gap="xs" style={{ position: "fixed", insetBlockStart: 64, insetInlineEnd: 16, zIndex: 300, maxInlineSize: 420 }} data-testid="dispatch-alerts">
      {alerts.map((a) => (
        <Alert key={a.dispatchId} color="red" variant="filled" role="alert" title={t("oncall.alert.title")} withCloseButton closeButtonLabel={t("oncall.alert.dismiss")} onClose={() => dismiss(a.dispatchId)} data-testid="dispatch-alert">
          <Text size="sm">{t("oncall.alert.body", { line: a.lineName ?? lineName(a.tenantId), subject: a.subject ?? "" })}</Text>
          <Group mt="xs">
            <Button size="xs" variant="white" color="red" onClick={() => navigate("/messages")}>
              {t("oncall.alert.open")}
            </Button>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}

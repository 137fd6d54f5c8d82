import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLiveStatus } from "../live/LiveProvider";

const COLOR = { connected: "green", connecting: "yellow", disconnected: "red" } as const;

export function LiveIndicator() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  return (
    <Badge color={COLOR[status]} variant="dot" data-testid="live-status" data-status={status} aria-live="polite">
      {t(`shell.live.${status}`)}
    </Badge>
  );
}

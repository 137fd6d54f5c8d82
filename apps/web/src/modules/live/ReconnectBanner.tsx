import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLiveStatus } from "./LiveProvider";

/** Says plainly when the live connection is lost; it reconnects by itself and the screen reloads what it shows. */
export function ReconnectBanner() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  if (status !== "disconnected") return null;
  return (
    <Alert color="red" role="alert" data-testid="reconnect-banner">
      {t("board.reconnecting")}
    </Alert>
  );
}

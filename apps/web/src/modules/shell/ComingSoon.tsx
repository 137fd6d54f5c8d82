import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function ComingSoon() {
  const { t } = useTranslation();
  return (
    <Alert title={t("comingSoon.title")} color="blue" data-testid="coming-soon">
      {t("comingSoon.body")}
    </Alert>
  );
}

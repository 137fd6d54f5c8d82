import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage, type Language } from "./i18n";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t("language")}
      data-testid="language-switch"
      w={130}
      size="xs"
      allowDeselect={false}
      value={i18n.language}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      onChange={(value) => value && setLanguage(value as Language)}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

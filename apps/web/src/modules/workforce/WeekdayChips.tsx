import { Chip, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Sunday to Saturday as toggles; values are the weekday numbers as strings. */
export function WeekdayChips({ value, onChange }: { value: string[]; onChange(v: string[]): void }) {
  const { t } = useTranslation();
  return (
    <Chip.Group multiple value={value} onChange={onChange}>
      <Group gap={4}>
        {Array.from({ length: 7 }, (_, d) => (
          <Chip key={d} value={String(d)} size="xs">
            {t(`days.${d}`)}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
}

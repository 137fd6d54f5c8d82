import { Select, Switch, Textarea, TextInput } from "@mantine/core";
import type { FormField } from "./types";

/**
 * One of a line's own message fields, as the agent fills it in. The same input serves the "take a message"
 * form and the center manager's live preview, so the preview is the form.
 */
export function FieldInput({ field: f, value, error, onChange }: { field: FormField; value: string | boolean | undefined; error?: string; onChange(v: string | boolean): void }) {
  const common = { label: f.label, required: f.required, error, "data-field": f.key };
  const text = typeof value === "string" ? value : "";
  switch (f.type) {
    case "longtext":
      return <Textarea {...common} autosize minRows={2} value={text} onChange={(e) => onChange(e.currentTarget.value)} />;
    case "select":
      return <Select {...common} data={[...new Set(f.options ?? [])]} value={text || null} onChange={(v) => onChange(v ?? "")} clearable={!f.required} />;
    case "boolean":
      return <Switch label={f.label} error={error} data-field={f.key} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case "phone":
      return <TextInput {...common} type="tel" dir="ltr" value={text} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

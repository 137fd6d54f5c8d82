import type { ForwardingRule, MessageField, MessageSettingsInput, MessageSettingsView } from "@moked/contracts";
import type { TFunction } from "i18next";
import { ApiError } from "../../../api/client";

/** Rows carry a client-side id so React keeps each input's state when rows move. */
export type FieldRow = MessageField & { uid: string };
export type RuleRow = ForwardingRule & { uid: string };
export interface Draft {
  fields: FieldRow[];
  categories: string[];
  forwarding: RuleRow[];
}

let next = 0;
export const uid = () => `row-${++next}`;

export function draftOf(view: MessageSettingsView): Draft {
  const s = view.settings;
  return {
    fields: s.fields.map((f) => ({ ...f, uid: uid() })),
    categories: [...s.categories],
    // Rules saved before a default existed read back without it: the editor shows the default.
    forwarding: s.forwarding.map((r) => ({ ...r, when: r.when ?? "any", mode: r.mode ?? "immediate", digestMinutes: r.digestMinutes ?? 60, uid: uid() })),
  };
}

/** The PUT body: rows without their ids, a select's options only for a select, a digest only for e-mail. */
export function bodyOf(draft: Draft, secret: { set: string } | { remove: true } | null): MessageSettingsInput {
  const fields = draft.fields.map(({ uid: _, options, ...f }) => ({ ...f, key: f.key.trim(), label: f.label.trim(), ...(f.type === "select" ? { options: options ?? [] } : {}) }));
  const forwarding = draft.forwarding.map(({ uid: _, categories, urgency, hours, ...r }) => ({
    ...r,
    to: r.to.trim(),
    ...(categories?.length ? { categories } : {}),
    ...(urgency?.length ? { urgency } : {}),
    ...(hours ? { hours: { from: hours.from, to: hours.to, ...(hours.weekdays?.length ? { weekdays: hours.weekdays } : {}) } } : {}),
    ...(r.channel === "email" ? {} : { mode: "immediate" as const }),
  }));
  return {
    fields,
    categories: draft.categories,
    forwarding,
    ...(secret && "set" in secret ? { webhookSecret: secret.set } : secret ? { webhookSecret: null } : {}),
  };
}

/**
 * The server's reasons, keyed by where they belong in the form ("fields.0.key", "forwarding.1.to"), each in
 * the user's language: the server words its checks in English, and the ones we know are translated.
 */
export function problemsOf(t: TFunction, err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !err.details) return {};
  const out: Record<string, string> = {};
  for (const d of err.details) {
    const path = d.path.replace(/^body\./, "");
    out[path] ??= reason(t, path, d.message);
  }
  return out;
}

function reason(t: TFunction, path: string, message: string): string {
  const known: Array<[RegExp, string]> = [
    [/^Not an e-mail/, "email"],
    [/^Not an http/, "url"],
    [/^Not a phone/, "phone"],
    [/digest/, "digestEmailOnly"],
    [/already has the key/, "duplicateKey"],
    [/at least one option/, "needsOptions"],
    [/another time/, "sameTime"],
    [/HH:MM/, "time"],
  ];
  const hit = known.find(([re]) => re.test(message));
  if (hit) return t(`messageSettings.problems.${hit[1]}`);
  if (/\.key$/.test(path)) return t("messageSettings.problems.key");
  if (/too_small|at least|>=\s*\d|Too small/i.test(message)) return t("messageSettings.problems.tooShort");
  return t("messageSettings.problems.invalid");
}

/** The problems under one row ("forwarding.2."), re-keyed without the prefix. */
export function under(problems: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).flatMap(([k, v]) => (k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [])));
}

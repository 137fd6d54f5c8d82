import type { TFunction } from "i18next";
import { ApiError } from "../../api/client";

const KNOWN = new Set([
  "invalid_credentials",
  "rate_limited",
  "validation_error",
  "forbidden",
  "not_found",
  "email_taken",
  "tenant_required",
  "tenant_not_allowed",
  "unknown_tenant",
  "password_unchanged",
  "routing_conflict",
  "routing_unavailable",
  "message_handled",
  "already_acknowledged",
  "invalid_span",
  "unknown_member",
  "imap_incomplete",
  "language_not_served",
  "files_web_chat_only",
  "unsupported_file_type",
  "file_type_mismatch",
  "file_too_large",
  "no_trunk",
  "no_number",
  "call_in_progress",
  "manual_dial_forbidden",
  "not_your_contact",
  "invalid_destination",
  "invalid_rule",
  "duplicate_digit",
  "duplicate_language",
  "duplicate_region",
  "unknown_language",
  "unknown_queue",
  "unknown_prompt",
  "prompt_in_use",
  "unsupported_audio_format",
  "unreadable_audio",
  "prompt_too_long",
  "empty_file",
  "prompt_too_large",
  "payload_too_large",
  "not_an_email",
  "no_email_to_reply",
]);

/** A translated message for any error: the API's code when we know it, otherwise a generic one. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) return t(KNOWN.has(err.code) ? `errors.${err.code}` : "errors.generic");
  if (err instanceof TypeError) return t("errors.network");
  return t("errors.generic");
}

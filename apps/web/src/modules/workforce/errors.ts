import type { TFunction } from "i18next";
import { ApiError } from "../../api/client";
import { errorMessage } from "../i18n/errors";

const CODES = new Set(["not_enough_history", "no_shift_templates", "no_agents", "week_in_past", "week_too_far", "schedule_not_draft", "schedule_too_long", "simulation_too_long", "week_start_not_sunday", "day_in_past"]);

/** The workforce screens' own error codes first, then the shared ones. */
export function wfmError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && CODES.has(err.code)) return t(`workforce.errors.${err.code}`);
  return errorMessage(t, err);
}

import type { SimFigures } from "@moked/contracts";
import type { TFunction } from "i18next";
import type { Formatters } from "../i18n/format";

/** The figures every simulated day shows, per interval and in total. */
export type SimHeadline = Pick<SimFigures, "offered" | "serviceLevel" | "asaSeconds" | "abandonRate" | "occupancy" | "deadlineBreaches">;

/** One column per headline figure, in the order the what-if and simulate-a-day tables show them. */
export function simColumns(t: TFunction, fmt: Formatters): Array<[string, (f: SimHeadline) => string]> {
  return [
    [t("workforce.whatIf.offered"), (f) => fmt.number(f.offered)],
    [t("workforce.whatIf.serviceLevel"), (f) => fmt.percent(f.serviceLevel)],
    [t("workforce.whatIf.asa"), (f) => fmt.duration(f.asaSeconds)],
    [t("workforce.whatIf.abandoned"), (f) => fmt.percent(f.abandonRate)],
    [t("workforce.whatIf.occupancy"), (f) => fmt.percent(f.occupancy)],
    [t("workforce.whatIf.breaches"), (f) => fmt.number(f.deadlineBreaches)],
  ];
}

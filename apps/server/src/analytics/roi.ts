import { z } from "zod";
import type { Figures } from "./tally";

/** A line's cost inputs, set by the center manager; the defaults are placeholders to be replaced. */
export const RoiInputs = z.object({
  /** What one paid agent hour costs the center (wages, seats, supervision), in shekels. */
  costPerAgentHour: z.number().min(0).max(10_000).default(80),
  /** The share of paid agent time spent handling contacts (the rest is waiting, breaks, training). */
  occupancy: z.number().min(0.05).max(1).default(0.85),
  /** Other cost of each handled contact (telephony, licences), in shekels. */
  costPerContact: z.number().min(0).max(10_000).default(0),
  /** The handling time before (a past period, or the contract's assumption); empty: no saving computed. */
  baselineHandleSeconds: z.number().min(0).max(36_000).nullable().default(null),
  /** The wrap-up codes that mean a deal was closed, and what one deal is worth, in shekels. */
  saleCodes: z.array(z.string().min(1).max(60)).max(20).default([]),
  revenuePerSale: z.number().min(0).max(10_000_000).default(0),
});
export type RoiInputs = z.infer<typeof RoiInputs>;

export interface RoiFigures {
  handled: number;
  handleHours: number;
  /** Handling hours ÷ occupancy: the paid agent hours the contacts took. */
  staffedHours: number;
  staffingCost: number;
  costPerContact: number | null;
  handleTimeSavedHours: number | null;
  handleTimeSavedValue: number | null;
  deals: number;
  revenue: number;
  /** Revenue less staffing cost, and revenue per shekel of staffing. */
  net: number;
  returnOnStaffing: number | null;
}

/** To the agora, half up, after dropping binary noise (21.874999… is 21.875). */
const r2 = (x: number) => Math.round(Number((x * 100).toPrecision(12))) / 100;

/**
 * The return on service of a period: what handling the contacts cost in staffed time, what the handling
 * time saved against the baseline is worth, and the revenue of the deals closed, set against the staffing.
 */
export function roiOf(f: Figures, deals: number, inputs: RoiInputs): RoiFigures {
  const handled = f.answered;
  const handleHours = f.handleSeconds / 3600;
  const staffedHours = handleHours / inputs.occupancy;
  const staffingCost = staffedHours * inputs.costPerAgentHour;
  const saved = inputs.baselineHandleSeconds !== null && f.averageHandleSeconds !== null ? ((inputs.baselineHandleSeconds - f.averageHandleSeconds) * handled) / 3600 : null;
  const revenue = deals * inputs.revenuePerSale;
  return {
    handled,
    handleHours: r2(handleHours),
    staffedHours: r2(staffedHours),
    staffingCost: r2(staffingCost),
    costPerContact: handled > 0 ? r2((staffingCost + inputs.costPerContact * handled) / handled) : null,
    handleTimeSavedHours: saved === null ? null : r2(saved),
    handleTimeSavedValue: saved === null ? null : r2((saved / inputs.occupancy) * inputs.costPerAgentHour),
    deals,
    revenue: r2(revenue),
    net: r2(revenue - staffingCost),
    returnOnStaffing: staffingCost > 0 ? r2(revenue / staffingCost) : null,
  };
}

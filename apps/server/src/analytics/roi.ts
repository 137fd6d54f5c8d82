import { DEFAULT_ROI_OCCUPANCY, type RoiInputs } from "@moked/contracts";
import type { Figures } from "./tally";


export interface RoiFigures {
  occupancy: number;
  occupancySource: "manual" | "measured" | "default";
  measuredOccupancy: number | null;
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
  const { occupancy, occupancySource } = occupancyOf(f, inputs);
  const handled = f.answered;
  const handleHours = f.handleSeconds / 3600;
  const staffedHours = handleHours / occupancy;
  const staffingCost = staffedHours * inputs.costPerAgentHour;
  const saved = inputs.baselineHandleSeconds !== null && f.averageHandleSeconds !== null ? ((inputs.baselineHandleSeconds - f.averageHandleSeconds) * handled) / 3600 : null;
  const revenue = deals * inputs.revenuePerSale;
  return {
    occupancy,
    occupancySource,
    measuredOccupancy: f.occupancy,
    handled,
    handleHours: r2(handleHours),
    staffedHours: r2(staffedHours),
    staffingCost: r2(staffingCost),
    costPerContact: handled > 0 ? r2((staffingCost + inputs.costPerContact * handled) / handled) : null,
    handleTimeSavedHours: saved === null ? null : r2(saved),
    handleTimeSavedValue: saved === null ? null : r2((saved / occupancy) * inputs.costPerAgentHour),
    deals,
    revenue: r2(revenue),
    net: r2(revenue - staffingCost),
    returnOnStaffing: staffingCost > 0 ? r2(revenue / staffingCost) : null,
  };
}

/**
 * The occupancy that turns handling hours into staffed hours: a manual input wins (a center that knows
 * better, or plans ahead); else the period's measured occupancy; a measured 0 (agents idle, handling not
 * yet folded) would make the staffed hours infinite, so it falls back to the default like none measured.
 */
function occupancyOf(f: Figures, inputs: RoiInputs): Pick<RoiFigures, "occupancy" | "occupancySource"> {
  if (inputs.occupancy !== null) return { occupancy: inputs.occupancy, occupancySource: "manual" };
  if (f.occupancy !== null && f.occupancy > 0) return { occupancy: f.occupancy, occupancySource: "measured" };
  return { occupancy: DEFAULT_ROI_OCCUPANCY, occupancySource: "default" };
}

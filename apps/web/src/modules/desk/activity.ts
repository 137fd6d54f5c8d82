import type { Agent } from "./types";

/** One Mantine colour per routing activity, shared by the desk and the wallboard. */
export const ACTIVITY_COLOR: Record<Agent["activity"], string> = {
  available: "green",
  reserved: "yellow",
  busy: "blue",
  wrap_up: "violet",
  not_ready: "orange",
  offline: "gray",
};

export const ACTIVITIES = Object.keys(ACTIVITY_COLOR) as Agent["activity"][];

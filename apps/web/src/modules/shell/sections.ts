import type { Role } from "@moked/contracts";

export interface Section {
  path: string;
  labelKey: string;
  roles: readonly Role[] | "all";
  /** Built in a later release: shows the placeholder panel until then. */
  comingSoon?: boolean;
}

const STAFF: Role[] = ["admin", "center_manager"];

/** The navigation, by role: each person sees only the sections of their job. */
export const SECTIONS: Section[] = [
  { path: "/", labelKey: "nav.home", roles: "all" },
  { path: "/desk", labelKey: "nav.desk", roles: ["agent", "team_leader"] },
  { path: "/wallboard", labelKey: "nav.wallboard", roles: ["team_leader", "shift_manager", "center_manager", "admin"] },
  { path: "/workforce", labelKey: "nav.workforce", roles: ["shift_manager", "center_manager", "admin"] },
  { path: "/my-shifts", labelKey: "nav.myShifts", roles: ["agent", "team_leader"] },
  { path: "/lines", labelKey: "nav.lines", roles: [...STAFF, "client_viewer"] },
  { path: "/knowledge", labelKey: "knowledge.nav", roles: STAFF },
  { path: "/users", labelKey: "nav.users", roles: STAFF },
  { path: "/audit", labelKey: "nav.audit", roles: [...STAFF, "client_viewer"] },
  { path: "/customers", labelKey: "customers.nav", roles: ["admin", "center_manager", "shift_manager", "team_leader", "agent"] },
  { path: "/messages", labelKey: "nav.messages", roles: ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] },
  { path: "/reports", labelKey: "nav.reports", roles: [...STAFF, "client_viewer"] },
  { path: "/recordings", labelKey: "recordings.nav", roles: ["team_leader", "shift_manager", "center_manager", "admin"] },
  { path: "/account", labelKey: "nav.account", roles: "all" },
];

export function sectionsFor(role: Role): Section[] {
  return SECTIONS.filter((s) => s.roles === "all" || s.roles.includes(role));
}

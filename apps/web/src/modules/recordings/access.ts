import { CENTER_ROLES, type Role } from "@moked/contracts";
import { useAuth } from "../auth/AuthProvider";

/**
 * Who hears calls: center staff (team leaders, shift and center managers, admins), the people who do
 * quality assurance. Agents and client viewers do not (the server refuses them too: 403).
 */
export function canHearCalls(role: Role | undefined): boolean {
  return role !== undefined && CENTER_ROLES.includes(role);
}

export function useCanHearCalls(): boolean {
  return canHearCalls(useAuth().user?.role);
}

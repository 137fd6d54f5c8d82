import type { LiveEvent } from "@moked/contracts";
import { canSeeTenant } from "@moked/db";
import type { Principal } from "../auth/context";

/** Whether one live event may reach one connected user: the tenant wall first, then the audience. */
export function mayReceive(principal: Principal, event: LiveEvent): boolean {
  if (event.tenantId === null ? principal.scope.kind !== "center" : !canSeeTenant(principal.scope, event.tenantId)) return false;
  const audience = event.audience;
  if (audience?.userId && audience.userId !== principal.user.id) return false;
  if (audience?.roles && !audience.roles.includes(principal.user.role)) return false;
  return true;
}

import { eq } from "drizzle-orm";
import type { tenants} from "@moked/db";
import { interactions, users } from "@moked/db";
import { isOpen, type BusinessHoursCalendar } from "@moked/routing";
import type { ChatDeps, ChatSession } from "./conversation";

/** A wait longer than this makes the widget put "leave a message / call me back" first. */
export const LONG_WAIT_SECONDS = 120;

export interface VisitorStatus {
  state: "queued" | "connected" | "ended" | "message" | "callback";
  position: number | null;
  expectedWaitSeconds: number | null;
  lineOpen: boolean;
  /** The line is closed, the wait is long, or routing offered the choice: the widget leads with it. */
  offerChoice: boolean;
  agentName: string | null;
}

type TenantRow = typeof tenants.$inferSelect;

export function lineOpen(tenant: TenantRow, now = Date.now()): boolean {
  return isOpen(tenant.calendar as unknown as BusinessHoursCalendar, tenant.timeZone, now);
}

/** Where the visitor's conversation stands, from the routing engine when it holds the contact, else the row. */
export async function visitorStatus(deps: ChatDeps, session: ChatSession, tenant: TenantRow, choiceOffered: boolean): Promise<VisitorStatus> {
  const open = lineOpen(tenant);
  const base = { position: null, expectedWaitSeconds: null, lineOpen: open, offerChoice: false, agentName: null };
  if (session.status === "message" || session.status === "callback" || session.status === "ended") return { ...base, state: session.status };
  const live = deps.routing?.engine.contact(session.interactionId);
  let status = live?.status as string | undefined;
  let agentId = live?.agentId ?? null;
  if (!live) {
    const [row] = await deps.db.select().from(interactions).where(eq(interactions.id, session.interactionId));
    if (!row) return { ...base, state: "queued" };
    if (row.finalState === "message" || row.finalState === "callback") return { ...base, state: row.finalState };
    status = row.status;
    agentId = row.agentId;
  }
  if (status === "connected") {
    const [agent] = agentId ? await deps.db.select({ name: users.name }).from(users).where(eq(users.id, agentId)) : [];
    // The first name only: a visitor needs someone to talk to, not the agent's full name.
    return { ...base, state: "connected", agentName: agent?.name.split(" ")[0] ?? null };
  }
  if (status === "waiting" || status === "offered") {
    const wait = live?.expectedWaitMs == null ? null : Math.round(live.expectedWaitMs / 1000);
    return { ...base, state: "queued", position: live?.position ?? null, expectedWaitSeconds: wait, offerChoice: !open || choiceOffered || (wait !== null && wait > LONG_WAIT_SECONDS) };
  }
  return { ...base, state: "ended" };
}

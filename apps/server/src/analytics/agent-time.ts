import { NO_ID } from "@moked/db";
import { BUCKET_MS } from "./metrics";

/**
 * An agent's state time, folded from its events (decision 0016): presence from `agent.state_changed`, the
 * contacts in hand from the contact events that name the agent. Pure: the aggregator reads and writes.
 */
export interface AgentTimeState {
  presence: "offline" | "available" | "not_ready";
  reason: string | null;
  /** The contacts in hand: connected (talk or hold) or in wrap-up, with the line they count for. */
  work: Record<string, WorkItem>;
}

export interface WorkItem {
  status: "connected" | "wrap_up";
  tenantId: string;
  queueId: string | null;
  channel: string;
}

/** One event as the agent-time fold reads it. */
export interface AgentTimeEvent {
  type: string;
  at: number;
  interactionId: string | null;
  tenantId: string | null;
  /** The contact's queue (the event's, else its row's) and channel (its row's). */
  queueId: string | null;
  channel: string | null;
  data: Record<string, unknown>;
}

/** One agent's time in one 15-minute UTC interval: an agent_intervals row, in milliseconds. */
export interface AgentInterval {
  bucketStart: number;
  staffedMs: number;
  busyMs: number;
  wrapMs: number;
  availableMs: number;
  notReadyMs: number;
  notReadyReasons: Record<string, number>;
  /** The contacts' handling time summed (two chats at once count twice). */
  handleMs: number;
}

/** Handling time on one line's contacts (queue, channel) in one interval: an agent_line_intervals row. */
export interface AgentLineInterval {
  bucketStart: number;
  tenantId: string;
  queueId: string;
  channel: string;
  handleMs: number;
}

export const offline = (): AgentTimeState => ({ presence: "offline", reason: null, work: {} });

/** The events the fold reads: those naming the agent in their agent_id column, and transfers away from it. */
export const AGENT_TIME_EVENTS = ["agent.state_changed", "interaction.answered", "interaction.completed", "interaction.transferred_out", "interaction.wrapped_up"] as const;

/**
 * Folds [from, until) of one agent's time into intervals, starting from `state` at `from`. Each stretch
 * between two events is split at the quarter-hour boundaries (UTC; every zone's offset is a whole number
 * of quarter hours, so midnight and daylight-saving changes in any zone fall on one). Returns the rows to
 * add and the state at `until`.
 */
export function foldAgentTime(
  agentId: string,
  start: AgentTimeState,
  from: number,
  until: number,
  events: AgentTimeEvent[],
): { state: AgentTimeState; intervals: AgentInterval[]; lines: AgentLineInterval[]; } {
  const state: AgentTimeState = structuredClone(start);
  const intervals = new Map<number, AgentInterval>();
  const lines = new Map<string, AgentLineInterval>();
  let t = from;
  const ordered = [...events].sort((a, b) => a.at - b.at);
  for (const e of ordered) {
    const at = Math.min(Math.max(e.at, t), until);
    accrue(state, t, at, intervals, lines);
    t = at;
    apply(agentId, state, e);
  }
  accrue(state, t, until, intervals, lines);
  return { state, intervals: [...intervals.values()], lines: [...lines.values()] };
}

function apply(agentId: string, s: AgentTimeState, e: AgentTimeEvent): void {
  const id = e.interactionId;
  switch (e.type) {
    case "agent.state_changed": {
      const state = e.data.state;
      if (state === "available" || state === "not_ready" || state === "offline") s.presence = state;
      s.reason = s.presence === "not_ready" && typeof e.data.reason === "string" ? e.data.reason : null;
      return;
    }
    case "interaction.answered":
      if (id && e.tenantId) s.work[id] = { status: "connected", tenantId: e.tenantId, queueId: e.queueId, channel: e.channel ?? "voice" };
      return;
    case "interaction.completed":
    case "interaction.transferred_out":
      // Wrap-up follows the end of the conversation (a contact picked up before this fold began is added).
      if (!id || !e.tenantId) return;
      s.work[id] = { ...(s.work[id] ?? { tenantId: e.tenantId, queueId: e.queueId, channel: e.channel ?? "voice" }), status: "wrap_up" };
      return;
    case "interaction.wrapped_up":
      if (id) delete s.work[id];
      return;
    case "interaction.transferred":
      // Transferred while connected: the contact leaves this agent's hands (another one answers it).
      if (id && e.data.fromAgentId === agentId) delete s.work[id];
      return;
  }
}

/** Adds the state's time over [a, b) to the intervals it spans. */
function accrue(s: AgentTimeState, a: number, b: number, intervals: Map<number, AgentInterval>, lines: Map<string, AgentLineInterval>): void {
  const work = Object.values(s.work);
  const connected = work.some((w) => w.status === "connected");
  const staffed = s.presence !== "offline" || work.length > 0;
  if (!staffed) return;
  for (let at = a; at < b; ) {
    const bucketStart = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    const end = Math.min(b, bucketStart + BUCKET_MS);
    const d = end - at;
    let row = intervals.get(bucketStart);
    if (!row) intervals.set(bucketStart, (row = { bucketStart, staffedMs: 0, busyMs: 0, wrapMs: 0, availableMs: 0, notReadyMs: 0, notReadyReasons: {}, handleMs: 0 }));
    row.staffedMs += d;
    if (connected) row.busyMs += d;
    else if (work.length > 0) row.wrapMs += d;
    else if (s.presence === "available") row.availableMs += d;
    else {
      row.notReadyMs += d;
      const reason = s.reason ?? "other";
      row.notReadyReasons[reason] = (row.notReadyReasons[reason] ?? 0) + d;
    }
    for (const w of work) {
      row.handleMs += d;
      const queueId = w.queueId ?? NO_ID;
      const key = `${bucketStart}|${w.tenantId}|${queueId}|${w.channel}`;
      let line = lines.get(key);
      if (!line) lines.set(key, (line = { bucketStart, tenantId: w.tenantId, queueId, channel: w.channel, handleMs: 0 }));
      line.handleMs += d;
    }
    at = end;
  }
}

import { z } from "zod";

// ── on-call rosters: who a line's urgent matters summon, and when ─────────────────────────────────────

export const OnCallMember = z.object({ id: z.string(), name: z.string(), email: z.string().optional(), phone: z.string().optional() });
export const OnCallOverride = z.object({ from: z.string(), to: z.string(), memberId: z.string() });
export const OnCallRoster = z.object({
  tenantId: z.string(),
  timeZone: z.string(),
  members: z.array(OnCallMember),
  rotationStart: z.string(),
  handoverWeekday: z.number(),
  handoverTime: z.string(),
  overrides: z.array(OnCallOverride),
  holidayMemberId: z.string().nullable(),
  escalation: z.array(z.string()),
  ackTimeoutSeconds: z.number(),
});
export type OnCallRoster = z.infer<typeof OnCallRoster>;

export const OnCallSegment = z.object({
  from: z.string(),
  to: z.string(),
  startMinute: z.number().describe("Local wall-clock minutes of the day the segment is drawn on (0 … 1440)"),
  endMinute: z.number(),
  memberId: z.string().nullable(),
  memberName: z.string().nullable(),
  source: z.enum(["rotation", "holiday", "override"]),
});
export type OnCallSegment = z.infer<typeof OnCallSegment>;

export const OnCallDay = z.object({
  date: z.string(),
  weekday: z.number(),
  shabbat: z.boolean(),
  restDay: z.boolean().describe("Shabbat or a yom tov: the holiday person, when the roster names one, is on call"),
  holidays: z.array(z.object({ he: z.string(), en: z.string() })),
  segments: z.array(OnCallSegment),
});
export type OnCallDay = z.infer<typeof OnCallDay>;

/** A week of a line's roster in the line's time zone, as GET /tenants/{id}/on-call/week answers it. */
export const OnCallWeek = z.object({
  tenantId: z.string(),
  timeZone: z.string(),
  start: z.string(),
  days: z.array(OnCallDay),
  overrides: z.array(OnCallOverride.extend({ memberName: z.string().nullable() })),
});
export type OnCallWeek = z.infer<typeof OnCallWeek>;

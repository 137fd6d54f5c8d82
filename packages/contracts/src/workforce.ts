import { z } from "zod";
import { Id } from "./common";

/** Shift templates, agents' work rules and weekly schedules (the shift manager's section). */

const MinuteOfDay = z.number().int().min(0).max(1439);
const Weekday = z.number().int().min(0).max(6);
const Skill = z.string().min(1).max(60);

export const ShiftBreak = z.object({ afterMinutes: z.number().int().min(0).max(900), lengthMinutes: z.number().int().min(5).max(120) });

export const ShiftTemplateInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    lengthMinutes: z.number().int().min(60).max(720),
    earliestStartMinute: MinuteOfDay,
    latestStartMinute: MinuteOfDay,
    startStepMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(30),
    breaks: z.array(ShiftBreak).max(4).default([]),
    days: z.array(Weekday).max(7).default([]),
    skills: z.array(Skill).max(10).default([]),
    active: z.boolean().default(true),
  })
  .refine((t) => t.latestStartMinute >= t.earliestStartMinute, { message: "latestStartMinute must not be before earliestStartMinute", path: ["latestStartMinute"] })
  .refine((t) => t.breaks.every((b) => b.afterMinutes + b.lengthMinutes <= t.lengthMinutes), { message: "every break must end within the shift", path: ["breaks"] });
export type ShiftTemplateInput = z.infer<typeof ShiftTemplateInput>;

export const ShiftTemplate = z.object({
  id: Id,
  name: z.string(),
  lengthMinutes: z.number(),
  earliestStartMinute: z.number(),
  latestStartMinute: z.number(),
  startStepMinutes: z.number(),
  breaks: z.array(ShiftBreak),
  days: z.array(z.number()),
  skills: z.array(z.string()),
  active: z.boolean(),
});
export type ShiftTemplate = z.infer<typeof ShiftTemplate>;
export const ShiftTemplateList = z.object({ items: z.array(ShiftTemplate) });

export const WeeklyAvailability = z
  .object({ weekday: Weekday, fromMinute: MinuteOfDay, toMinute: z.number().int().min(1).max(2880) })
  .refine((w) => w.toMinute > w.fromMinute, { message: "toMinute must be after fromMinute", path: ["toMinute"] });

export const WorkRulesInput = z.object({
  contractMinutesPerWeek: z.number().int().min(0).max(3600),
  maxMinutesPerWeek: z.number().int().min(0).max(3600).nullable().default(null),
  availability: z.array(WeeklyAvailability).max(28).default([]),
  preferences: z.object({ templateIds: z.array(Id).max(20).optional(), avoidWeekdays: z.array(Weekday).max(7).optional() }).default({}),
});
export type WorkRulesInput = z.infer<typeof WorkRulesInput>;

export const AgentWorkRules = z.object({
  userId: Id,
  name: z.string(),
  email: z.string(),
  /** From the agent's languages and routing profile: what shifts with required skills check. */
  skills: z.array(z.string()),
  rules: z.object({
    contractMinutesPerWeek: z.number(),
    maxMinutesPerWeek: z.number().nullable(),
    availability: z.array(z.object({ weekday: z.number(), fromMinute: z.number(), toMinute: z.number() })),
    preferences: z.object({ templateIds: z.array(z.string()).optional(), avoidWeekdays: z.array(z.number()).optional() }),
  }),
});
export type AgentWorkRules = z.infer<typeof AgentWorkRules>;
export const AgentWorkRulesList = z.object({ items: z.array(AgentWorkRules) });

/** What an agent sets for themselves: availability (kept to by the schedule) and preferences (tried); contract hours are the shift manager's. */
export const MyWorkRulesInput = WorkRulesInput.pick({ availability: true, preferences: true });
export type MyWorkRulesInput = z.input<typeof MyWorkRulesInput>;

export const MyWorkRules = z.object({
  contractMinutesPerWeek: z.number(),
  availability: z.array(z.object({ weekday: z.number(), fromMinute: z.number(), toMinute: z.number() })),
  preferences: z.object({ templateIds: z.array(z.string()).optional(), avoidWeekdays: z.array(z.number()).optional() }),
  /** The center's active shift templates, to name preferred shifts by. */
  templates: z.array(z.object({ id: Id, name: z.string() })),
});
export type MyWorkRules = z.infer<typeof MyWorkRules>;

export const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");

export const StaffingTarget = z.object({
  serviceLevel: z.object({ fraction: z.number().gt(0).lt(1), thresholdSeconds: z.number().positive().max(3600) }).default({ fraction: 0.8, thresholdSeconds: 20 }),
  shrinkage: z.number().min(0).lt(1).default(0.3),
  /** Handling time where the history has none. */
  ahtSeconds: z.number().positive().max(7200).default(180),
});

/** A planner's correction to a forecast: intervals starting in [from, to) are multiplied by `factor` (a campaign, an outage). */
export const ForecastAdjustments = z
  .array(z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), factor: z.number().min(0).max(100), reason: z.string().max(200).optional() }))
  .max(50);

export const BuildScheduleRequest = z
  .object({
    weekStart: LocalDate.describe("The local Sunday the week starts on"),
    intervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(30),
    /** Agents required in each interval of the week (7 × 1440 / intervalMinutes values)… */
    required: z.array(z.number().min(0).max(10_000)).max(672).optional(),
    /** …or per skill (`lang:ru` → values), planned so that each skill is covered by agents who hold it… */
    requiredBySkill: z
      .record(z.string().min(1).max(60), z.array(z.number().min(0).max(10_000)).max(672))
      .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 20, "between 1 and 20 skills")
      .optional(),
    /**
     * …or the forecast of these lines, staffed by Erlang C and summed. With `perLanguage`, each line's
     * contacts are forecast per language (`lang:xx` of the contact; unmarked ones count as the line's
     * first language), each language staffed as its own queue, and the schedule planned per skill.
     */
    forecast: z
      .object({
        tenantIds: z.array(Id).min(1).max(50),
        weeks: z.number().int().min(2).max(52).default(8),
        target: StaffingTarget.default(StaffingTarget.parse({})),
        adjustments: ForecastAdjustments.optional(),
        perLanguage: z.boolean().default(false),
      })
      .optional(),
    templateIds: z.array(Id).max(50).optional(),
    timeLimitSeconds: z.number().min(1).max(120).default(20),
  })
  .refine((b) => [b.required, b.requiredBySkill, b.forecast].filter(Boolean).length === 1, { message: "give one of required, requiredBySkill or forecast", path: ["required"] });
export type BuildScheduleRequest = z.input<typeof BuildScheduleRequest>;

export const ScheduleStats = z.object({
  under: z.number(),
  over: z.number(),
  objective: z.number(),
  lpBound: z.number(),
  gap: z.number(),
  mipGap: z.number(),
  solverStatus: z.string(),
  solveMs: z.number(),
  unassigned: z.number(),
  /** Per-skill schedules: agent-intervals short and over per skill, as planned. */
  bySkill: z.array(z.object({ skill: z.string(), under: z.number(), over: z.number() })).optional(),
});

export const ScheduleStatus = z.enum(["draft", "published", "superseded"]);

export const ScheduleSummary = z.object({
  id: Id,
  weekStart: z.string(),
  timeZone: z.string(),
  intervalMinutes: z.number(),
  status: ScheduleStatus,
  stats: ScheduleStats,
  shiftCount: z.number(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type ScheduleSummary = z.infer<typeof ScheduleSummary>;
export const ScheduleList = z.object({ items: z.array(ScheduleSummary) });

export const ScheduledShift = z.object({
  id: Id,
  agentId: Id.nullable(),
  agentName: z.string().nullable(),
  templateName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  breaks: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
});
export type ScheduledShift = z.infer<typeof ScheduledShift>;

export const ScheduleDetail = ScheduleSummary.extend({
  /** Interval starts (UTC instants) of the week, with required and scheduled (assigned, on the phones) agents. */
  intervals: z.array(z.object({ start: z.string(), required: z.number(), scheduled: z.number() })),
  /**
   * Per-skill schedules: each skill's required agents per interval and the named agents working it, each
   * agent on the phones counted on one skill (the split covering most needs). Empty for a total-only plan.
   */
  skills: z.array(z.object({ skill: z.string(), required: z.array(z.number()), scheduled: z.array(z.number()) })),
  shifts: z.array(ScheduledShift),
});
export type ScheduleDetail = z.infer<typeof ScheduleDetail>;

export const MyShifts = z.object({ timeZone: z.string(), items: z.array(ScheduledShift.omit({ agentId: true, agentName: true }).extend({ scheduleId: Id })) });
export type MyShifts = z.infer<typeof MyShifts>;

export const AdherenceReport = z.object({
  scheduleId: Id,
  /** Time after this instant is not measured yet. */
  measuredUntil: z.string(),
  agents: z.array(
    z.object({
      agentId: Id,
      agentName: z.string(),
      scheduledMinutes: z.number(),
      adherentMinutes: z.number(),
      notReadyMinutes: z.number(),
      offlineMinutes: z.number(),
      unscheduledAvailableMinutes: z.number(),
      adherence: z.number().nullable(),
    }),
  ),
  intervals: z.array(z.object({ start: z.string(), scheduled: z.number(), available: z.number().nullable(), adherent: z.number().nullable() })),
  total: z.object({ scheduledMinutes: z.number(), adherentMinutes: z.number(), adherence: z.number().nullable() }),
});
export type AdherenceReport = z.infer<typeof AdherenceReport>;

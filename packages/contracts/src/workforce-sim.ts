import { z } from "zod";
import { Id } from "./common";

/** A day of a schedule simulated on the routing engine: what the shift manager asks and what comes back. */

const PerHour = z.number().min(0).max(20_000);
const Language = z.string().regex(/^[a-z]{2}$/, "a two-letter language code");

export const DaySimRequest = z
  .object({
    /** Day of the schedule's week (0 = its Sunday). */
    day: z.number().int().min(0).max(6),
    /** Arrivals from this client line's forecast for that day (a past day: its actual contacts, replayed)… */
    tenantId: Id.optional(),
    /** Weeks of the line's history the forecast is fitted to. */
    weeks: z.number().int().min(2).max(52).default(8),
    /** …or contacts per hour of that day: one figure for every hour, or 24. */
    contactsPerHour: z.union([PerHour, z.array(PerHour).length(24)]).optional(),
    /** Handling time and patience fitted per queue from the line's history (needs `tenantId`); the figures below fill in where it has none. */
    fitted: z.boolean().default(false),
    ahtSeconds: z.number().positive().max(7200).default(180),
    patienceSeconds: z.number().positive().max(86_400).optional(),
    seed: z.number().int().default(1),
    /** Traffic by language: each contact waits for an agent who speaks its language (shares need not add up to 100). */
    languages: z.array(z.object({ language: Language, share: z.number().min(0).max(100) })).max(8).optional(),
    /** The what-if, run beside the schedule on the same callers: agents added for a window of hours, and the volume changed. */
    whatIf: z
      .object({
        addAgents: z
          .array(
            z.object({
              count: z.number().int().min(1).max(200),
              fromHour: z.number().int().min(0).max(23),
              toHour: z.number().int().min(1).max(24),
              /** Languages they speak; none given: every language of the traffic. */
              languages: z.array(Language).max(8).default([]),
            }),
          )
          .max(5)
          .default([]),
        /** +20 is a fifth more contacts in every interval. */
        volumePercent: z.number().min(-90).max(500).default(0),
      })
      .optional(),
  })
  .refine((b) => (b.tenantId === undefined) !== (b.contactsPerHour === undefined), { message: "give either tenantId (the line's forecast) or contactsPerHour", path: ["contactsPerHour"] })
  .refine((b) => !b.fitted || b.tenantId !== undefined, { message: "fitted distributions come from a line's history: give tenantId", path: ["fitted"] });
export type DaySimRequest = z.input<typeof DaySimRequest>;

/** What a run reports for one interval or a whole day; ratios are null where nothing is under them. */
export const SimFigures = z.object({
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  answeredWithinThreshold: z.number(),
  deadlineBreaches: z.number(),
  /** Still waiting when the day ran out of agents. */
  unresolved: z.number(),
  busySeconds: z.number(),
  staffedSeconds: z.number(),
  serviceLevel: z.number().nullable(),
  asaSeconds: z.number().nullable(),
  abandonRate: z.number().nullable(),
  occupancy: z.number().nullable(),
});
export type SimFigures = z.infer<typeof SimFigures>;

export const SimRun = z.object({
  /** Interval starts are UTC instants. */
  intervals: z.array(SimFigures.extend({ start: z.string() })),
  total: SimFigures,
  /** Per language of the traffic, when it is split. */
  streams: z.array(z.object({ id: z.string(), label: z.string().optional(), total: SimFigures, intervals: z.array(SimFigures) })),
  /** Agents on the phones at some point of the day. */
  agents: z.number(),
  engine: z.object({ commands: z.number(), events: z.number() }),
});
export type SimRun = z.infer<typeof SimRun>;

/** A queue's handling time (lognormal) and patience (exponential, fitted from abandons) from the line's history. */
export const FittedQueue = z.object({
  queueId: Id,
  queue: z.string(),
  contacts: z.number(),
  handle: z.object({ mu: z.number(), sigma: z.number(), meanSeconds: z.number() }).nullable(),
  patience: z.object({ meanSeconds: z.number(), abandons: z.number() }).nullable(),
});
export type FittedQueue = z.infer<typeof FittedQueue>;

export const DaySimResponse = z.object({
  timeZone: z.string(),
  intervalMinutes: z.number(),
  dayStart: z.string(),
  /** Where the arrivals came from: the line's forecast or the figures given. */
  /** forecast: a coming day from the line's forecast; history: a past day, its actual contacts replayed; given: contacts per hour. */
  volumeSource: z.enum(["forecast", "given", "history"]),
  result: SimRun,
  compareWith: SimRun.optional(),
  /** With `fitted`: what the simulation drew handling times and patience from, per queue. */
  fitted: z.array(FittedQueue).optional(),
});
export type DaySimResponse = z.infer<typeof DaySimResponse>;

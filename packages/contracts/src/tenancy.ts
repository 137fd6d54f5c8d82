import { z } from "zod";
import { Id, LanguageCode } from "./common";

const Time = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, "HH:MM");
const Range = z.tuple([Time, Time]);

export const BusinessHoursCalendar = z.object({
  alwaysOpen: z.boolean(),
  weekly: z.partialRecord(z.enum(["0", "1", "2", "3", "4", "5", "6"]), z.array(Range)),
  closedOnShabbatAndHolidays: z.boolean(),
  exceptions: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.array(Range)),
});
export type BusinessHoursCalendar = z.infer<typeof BusinessHoursCalendar>;

export const INDUSTRIES = ["travel", "auto", "insurance", "banking", "retail", "municipal", "other"] as const;

export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "an IANA time zone such as Asia/Jerusalem");

export const Tenant = z.object({
  id: Id,
  slug: z.string(),
  name: z.string(),
  industry: z.enum(INDUSTRIES),
  timeZone: z.string(),
  languages: z.array(z.string()),
  contactEmails: z.array(z.string()),
  calendar: BusinessHoursCalendar,
  alwaysOpen: z.boolean(),
  hoursSummary: z.string(),
  active: z.boolean(),
});
export type Tenant = z.infer<typeof Tenant>;

export const CreateTenantRequest = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,48}$/, "lower-case letters, digits and dashes"),
  name: z.string().trim().min(1).max(120),
  industry: z.enum(INDUSTRIES).default("other"),
  timeZone: TimeZone.default("Asia/Jerusalem"),
  languages: z.array(LanguageCode).min(1).max(40).default(["he"]),
  contactEmails: z.array(z.email()).max(20).default([]),
  calendar: BusinessHoursCalendar.default({
    alwaysOpen: true,
    weekly: {},
    closedOnShabbatAndHolidays: false,
    exceptions: {},
  }),
});
export const UpdateTenantRequest = CreateTenantRequest.omit({ slug: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export const TenantResponse = z.object({ tenant: Tenant });
export const TenantList = z.object({ items: z.array(Tenant) });

export const Team = z.object({ id: Id, name: z.string(), leaderId: Id.nullable() });
export const TeamList = z.object({ items: z.array(Team) });
export const CreateTeamRequest = z.object({ name: z.string().trim().min(1).max(120), leaderId: Id.optional() });

export const AgentAssignment = z.object({ userId: Id, tenantId: Id });
export const TenantAgents = z.object({ items: z.array(z.object({ id: Id, name: z.string(), languages: z.array(z.string()) })) });

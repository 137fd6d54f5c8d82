import { z } from "zod";

// ── message center: a line's message form, its forwarding rules, and the messages themselves ─────────────

export const MESSAGE_FIELD_TYPES = ["text", "longtext", "phone", "select", "boolean"] as const;
export const URGENCIES = ["normal", "urgent"] as const;
export const FORWARD_CHANNELS = ["email", "sms", "webhook"] as const;

/** One field of a line's own message form (beyond the standard name, phone, subject, urgency and text). */
export const MessageField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/),
  label: z.string().min(1).max(80),
  type: z.enum(MESSAGE_FIELD_TYPES),
  required: z.boolean().default(false),
  options: z.array(z.string().min(1).max(80)).max(50).optional(),
});
export type MessageField = z.infer<typeof MessageField>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 00:00–23:59");

/**
 * Hours of the day a rule applies, on the line's wall clock: from (inclusive) to (exclusive). A window whose
 * end is before its start crosses midnight (22:00–06:00). Weekdays (0 = Sunday) name the day a window starts
 * on: Friday's 22:00–06:00 covers Saturday 03:00; absent, every day.
 */
export const HourWindow = z
  .object({
    from: HHMM,
    to: HHMM,
    weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
  })
  .refine((w) => w.from !== w.to, { message: "The window must end at another time than it starts", path: ["to"] });
export type HourWindow = z.infer<typeof HourWindow>;

/** Where a line's matching messages go: by category, urgency, whether the line is open, and the hour. */
export const ForwardingRule = z.object({
  categories: z.array(z.string().max(60)).max(30).optional(),
  urgency: z.array(z.enum(URGENCIES)).optional(),
  when: z.enum(["open", "closed", "any"]).default("any"),
  hours: HourWindow.optional().describe("Only within these hours of the line's day (its time zone)"),
  channel: z.enum(FORWARD_CHANNELS),
  to: z.string().min(3).max(500),
  mode: z.enum(["immediate", "digest"]).default("immediate"),
  digestMinutes: z.number().min(0.1).max(24 * 60).default(60),
});
export type ForwardingRule = z.infer<typeof ForwardingRule>;

/** PUT /tenants/{id}/message-settings. webhookSecret: a new one replaces, null removes, absent keeps. */
export const MessageSettings = z.object({
  fields: z.array(MessageField).max(40),
  categories: z.array(z.string().min(1).max(60)).max(30),
  forwarding: z.array(ForwardingRule).max(20),
  webhookSecret: z.string().min(16).max(200).nullable().optional(),
});
export type MessageSettingsInput = z.input<typeof MessageSettings>;

/** The settings as read back: the webhook secret is never shown, only whether there is one. */
export const MessageSettingsView = z.object({
  tenantId: z.string(),
  settings: MessageSettings.omit({ webhookSecret: true }).extend({ webhookSigned: z.boolean() }),
});
export type MessageSettingsView = z.infer<typeof MessageSettingsView>;

/** POST /messages: a message taken for a line, its own fields keyed as in the line's form. */
export const NewMessageBody = z.object({
  tenantId: z.uuid(),
  interactionId: z.uuid().optional(),
  customerName: z.string().max(200).optional(),
  customerPhone: z.string().max(40).optional(),
  customerEmail: z.email().optional(),
  subject: z.string().trim().min(1).max(200),
  category: z.string().max(60).optional(),
  urgency: z.enum(URGENCIES).default("normal"),
  body: z.string().max(10_000).default(""),
  fields: z.record(z.string(), z.union([z.string().max(2000), z.boolean(), z.number()])).default({}),
});
export type NewMessageInput = z.input<typeof NewMessageBody>;

export const MessageView = z.object({
  id: z.string(),
  tenantId: z.string(),
  interactionId: z.string().nullable(),
  customerName: z.string().nullable(),
  customerPhone: z.string().nullable(),
  customerEmail: z.string().nullable(),
  subject: z.string(),
  category: z.string().nullable(),
  urgency: z.enum(URGENCIES),
  body: z.string(),
  fields: z.record(z.string(), z.unknown()),
  status: z.string(),
  source: z.string(),
  createdAt: z.string(),
  callbackDueAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  handledAt: z.string().nullable(),
});
export type MessageView = z.infer<typeof MessageView>;

export const MessageDelivery = z.object({ channel: z.string(), destination: z.string(), status: z.string(), attempts: z.number(), lastError: z.string().nullable(), sentAt: z.string().nullable() });
export type MessageDelivery = z.infer<typeof MessageDelivery>;
export const MessageResponse = z.object({ message: MessageView, deliveries: z.array(MessageDelivery) });
export const MessageList = z.object({ items: z.array(MessageView) });
export const MessageQuery = z.object({
  tenantId: z.uuid().optional(),
  status: z.enum(["new", "acknowledged", "handled"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

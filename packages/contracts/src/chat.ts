import { z } from "zod";
import { LOCALES } from "./common";

/** One line of a chat or messaging conversation: plain text, shown as text everywhere. */
export const ChatMessageView = z.object({
  seq: z.number().int().describe("Order within the conversation; the widget resumes after the last one it saw"),
  sessionId: z.uuid(),
  interactionId: z.uuid(),
  author: z.enum(["visitor", "agent", "system"]),
  agentId: z.uuid().nullable(),
  text: z.string(),
  attachmentId: z.uuid().nullable(),
  at: z.string(),
});
export type ChatMessageView = z.infer<typeof ChatMessageView>;

export const ChatSessionView = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  medium: z.enum(["web", "sms", "whatsapp"]),
  interactionId: z.uuid(),
  customerId: z.uuid().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  topic: z.string().nullable(),
  language: z.string(),
  status: z.enum(["open", "ended", "message", "callback"]),
  createdAt: z.string(),
});
export type ChatSessionView = z.infer<typeof ChatSessionView>;

export const ChatAttachmentView = z.object({ id: z.uuid(), name: z.string(), mime: z.string(), size: z.number().int() });

export const StartChatRequest = z.object({
  line: z.string().min(1).max(60).describe("The client line's slug"),
  name: z.string().trim().min(1).max(120),
  phone: z.string().trim().min(6).max(40).optional(),
  email: z.email().max(200).optional(),
  topic: z.string().trim().max(120).optional(),
  language: z.enum(LOCALES).default("he").describe("The visitor's language: an agent who speaks it is asked for"),
});

export const VisitorStatusView = z.object({
  state: z.enum(["queued", "connected", "ended", "message", "callback"]),
  position: z.number().int().nullable(),
  expectedWaitSeconds: z.number().int().nullable(),
  lineOpen: z.boolean(),
  offerChoice: z.boolean().describe("Closed line, long wait or routing's own offer: lead with leave-a-message / callback"),
  agentName: z.string().nullable(),
});

export const LeaveChoiceRequest = z.object({
  choice: z.enum(["message", "callback"]),
  text: z.string().max(2_000).optional().describe("The message (choice: message)"),
  phone: z.string().min(6).max(40).optional().describe("The number to call (choice: callback); the pre-chat phone when omitted"),
  windowFrom: z.iso.datetime({ offset: true }).optional(),
  windowTo: z.iso.datetime({ offset: true }).optional(),
});

// ── a line's chat widget: how it looks on the client's site ───────────────────────────────────────────

/** A logo the visitor's browser may load without mixed content: https, or a path on the Moked server. */
const LogoUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => /^https:\/\/[^\s/]+\.[^\s]+$/i.test(v) || /^\/(?!\/)[^\s]*$/.test(v), "an https:// address or a path starting with /");

export const WIDGET_POSITIONS = ["auto", "right", "left"] as const;
export const ChatWidgetSettings = z.object({
  color: z
    .string()
    .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "a colour like #0b7285")
    .nullable()
    .default(null)
    .describe("The launcher's, header's and buttons' colour; null for Moked's teal"),
  logoUrl: LogoUrl.nullable().default(null).describe("Shown in the widget's header: an https:// address, or a path on this server"),
  greeting: z
    .partialRecord(z.enum(LOCALES), z.string().trim().min(1).max(300))
    .default({})
    .describe("The first words the visitor reads, per language (he, en, ar, ru)"),
  position: z.enum(WIDGET_POSITIONS).default("auto").describe("Which bottom corner: auto is the end of the visitor's reading direction (left in Hebrew and Arabic, right in English and Russian)"),
  languages: z.array(z.enum(LOCALES)).max(4).default([]).describe("The languages the pre-chat form offers; empty offers every language the line serves that the widget speaks"),
});
export type ChatWidgetSettings = z.infer<typeof ChatWidgetSettings>;
export const ChatWidgetSettingsView = z.object({ tenantId: z.uuid(), slug: z.string(), lineLanguages: z.array(z.enum(LOCALES)), settings: ChatWidgetSettings });

export const PublicChatLine = z.object({
  name: z.string(),
  languages: z.array(z.enum(LOCALES)),
  open: z.boolean(),
  theme: z.object({ color: z.string().nullable(), logoUrl: z.string().nullable(), greeting: z.partialRecord(z.enum(LOCALES), z.string()), position: z.enum(WIDGET_POSITIONS) }),
});

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

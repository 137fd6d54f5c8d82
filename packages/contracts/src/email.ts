import { z } from "zod";

/** A file that came with an e-mail: listed with the message, downloaded through `/email-attachments/:id`. */
export const EmailAttachmentView = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() });
export type EmailAttachmentView = z.infer<typeof EmailAttachmentView>;

/** Where an outbound mail stands on its way to the customer's server; null for an inbound mail. */
export const EmailDelivery = z.enum(["queued", "sent", "failed", "bounced"]);
export type EmailDelivery = z.infer<typeof EmailDelivery>;

/** One mail of an e-mail conversation, inbound or outbound. */
export const EmailView = z.object({
  id: z.string(),
  direction: z.enum(["in", "out"]),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string().describe("The plain text part, or the HTML reduced to text: always there"),
  html: z.string().nullable().describe("The HTML part, sanitised on arrival (no script, event handler, form or frame); null when the mail had none. Show it only in a sandboxed frame that blocks remote content."),
  remoteImages: z.boolean().describe("Whether the HTML refers to images on other servers (loading them tells the sender the mail was read)"),
  at: z.string(),
  interactionId: z.string(),
  attachments: z.array(EmailAttachmentView),
  delivery: EmailDelivery.nullable(),
  deliveryError: z.string().nullable(),
});
export type EmailView = z.infer<typeof EmailView>;

export const EmailReplyRequest = z.object({ text: z.string().trim().min(1).max(100_000) });
export const EmailReplyResponse = z.object({ messageId: z.string(), email: EmailView });

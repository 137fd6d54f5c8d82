import { simpleParser, type ParsedMail } from "mailparser";

export const MAX_EMAIL_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

/** An inbound mail refused, with the reason a person can read and the SMTP reply code to give. */
export class MailRejected extends Error {
  constructor(
    message: string,
    readonly responseCode = 554,
  ) {
    super(message);
    this.name = "MailRejected";
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Parses a raw message (MIME multiparts, transfer encodings, RFC 2047 words in headers, any charset) and
 * checks it before anything is stored: a mail over the size limit, without a sender, or carrying an
 * attachment over the limit is refused whole, with a reason that says which.
 */
export async function parseInbound(raw: Buffer): Promise<ParsedMail> {
  if (raw.length > MAX_EMAIL_BYTES) throw new MailRejected(`message too large: ${mb(raw.length)}; the limit is ${mb(MAX_EMAIL_BYTES)}`, 552);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (err) {
    throw new MailRejected(`malformed message: ${(err as Error).message}`);
  }
  if (mail.headers.size === 0) throw new MailRejected("malformed message: no header section");
  if (!mail.from?.value.some((a) => a.address && a.address.includes("@"))) throw new MailRejected("malformed message: no sender address in From");
  if (mail.attachments.length > MAX_ATTACHMENTS) throw new MailRejected(`too many attachments: ${mail.attachments.length}; the limit is ${MAX_ATTACHMENTS}`, 552);
  for (const a of mail.attachments) {
    if (a.size > MAX_ATTACHMENT_BYTES) throw new MailRejected(`attachment "${a.filename ?? "unnamed"}" is ${mb(a.size)}; the limit is ${mb(MAX_ATTACHMENT_BYTES)}`, 552);
  }
  return mail;
}

const headerText = (mail: ParsedMail, name: string): string => {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object" && "value" in v) return String((v as { value: unknown }).value);
  if (typeof v === "object" && "text" in v) return String((v as { text: unknown }).text);
  return String(v);
};

/**
 * Whether a mail was sent by a machine (RFC 3834 and common practice): an auto-reply, a bounce, a mailing
 * list or bulk mail, or mail from a daemon. An auto-acknowledgement to any of them could start a mail loop.
 */
export function isAutomated(mail: ParsedMail, options: { envelopeFrom?: string | null; ownDomain: string }): boolean {
  if (options.envelopeFrom === "") return true; // the null sender: a bounce
  const autoSubmitted = headerText(mail, "auto-submitted").trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(headerText(mail, "precedence").trim())) return true;
  if (/(all|oof|autoreply)/i.test(headerText(mail, "x-auto-response-suppress"))) return true;
  // Raw header lines: mailparser folds List-* headers into one structured "list" entry.
  const present = new Set(mail.headerLines.map((h) => h.key.toLowerCase()));
  for (const name of ["x-autoreply", "x-autorespond", "x-autoresponder", "list-id", "list-unsubscribe", "list-post", "feedback-id"]) if (present.has(name)) return true;
  if (/^\s*<\s*>\s*$/.test(headerText(mail, "return-path"))) return true;
  if (/multipart\/report/i.test(headerText(mail, "content-type"))) return true;
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? "";
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+-.].*)?@/.test(from)) return true;
  return from.endsWith(`@${options.ownDomain.toLowerCase()}`);
}

/** "4 hours" / "4 שעות", "90 minutes" / "90 דקות": the promised response time in both languages. */
export function responseTimeText(minutes: number): { he: string; en: string } {
  if (minutes % 60 === 0) {
    const h = minutes / 60;
    if (h % 24 === 0) {
      const d = h / 24;
      return { he: d === 1 ? "יום אחד" : `${d} ימים`, en: d === 1 ? "one day" : `${d} days` };
    }
    return { he: h === 1 ? "שעה" : h === 2 ? "שעתיים" : `${h} שעות`, en: h === 1 ? "one hour" : `${h} hours` };
  }
  return { he: `${minutes} דקות`, en: `${minutes} minutes` };
}

/** The auto-acknowledgement's text: Hebrew first (the lines' language), then English. */
export function autoAckText(lineName: string, subject: string, minutes: number): { subject: string; text: string } {
  const t = responseTimeText(minutes);
  return {
    subject: `התקבלה פנייתך / We received your message: ${subject}`.slice(0, 300),
    text: [
      "שלום,",
      `פנייתך אל ${lineName} התקבלה. נחזור אליך בתוך ${t.he}.`,
      "אין צורך לשלוח את הפנייה שוב; תשובה למכתב זה תצורף לאותה פנייה.",
      "",
      "Hello,",
      `${lineName} has received your message and will answer within ${t.en}.`,
      "There is no need to send it again; a reply to this mail joins the same conversation.",
      "",
      "— הודעה אוטומטית / automatic message",
    ].join("\n"),
  };
}

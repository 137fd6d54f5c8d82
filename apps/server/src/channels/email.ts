import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { emailAttachments, emailMessages, interactions, lineMailSettings, outbox, tenants, type Db } from "@moked/db";
import { AppError } from "../core/errors";
import type { RoutingHost } from "../routing/host";
import { outboxIdOfVerp, parseDeliveryReport, recordBounce } from "../message-center/bounces";
import { matchCustomer, normaliseEmail } from "./customers";
import { sanitiseMailHtml } from "./mail-html";
import { autoAckText, isAutomated, MailRejected, MAX_EMAIL_BYTES, parseInbound } from "./inbound-mail";

export { MAX_EMAIL_BYTES };

const header = (id: string | undefined | null) => (id ? id.trim() : null);

function referencesOf(mail: ParsedMail): string[] {
  const refs = mail.references;
  return (Array.isArray(refs) ? refs : refs ? [refs] : []).map((r) => r.trim());
}

export interface ReceiveOptions {
  /** Our own domain: the auto-acknowledgement's sender, and mail from it is never acknowledged. */
  mailDomain?: string;
  /** The SMTP return path; "" is the null sender of a bounce. */
  envelopeFrom?: string | null;
}

/**
 * An e-mail that arrived for a line: stored as text (the HTML reduced to text when there is no text part)
 * and its HTML part sanitised before it is stored (see `sanitiseMailHtml`), with its attachments as files,
 * threaded to its conversation by In-Reply-To / References, and routed as an `email` interaction. A
 * Message-ID seen before is ignored, so a sender's retry does not make a second contact. A new conversation gets the line's auto-acknowledgement, unless the mail came from a machine.
 */
export async function receiveEmail(db: Db, routing: RoutingHost, tenantSlug: string, mail: ParsedMail, to: string, options: ReceiveOptions = {}): Promise<{ interactionId: string; conversationId: string } | null> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, tenantSlug));
  if (!tenant) throw new Error(`no line ${tenantSlug}`);
  const messageId = header(mail.messageId) ?? `<${randomUUID()}@moked.generated>`;
  const [seen] = await db.select({ id: emailMessages.id }).from(emailMessages).where(and(eq(emailMessages.tenantId, tenant.id), eq(emailMessages.messageIdHeader, messageId)));
  if (seen) return null;

  const from = mail.from?.value[0];
  const fromAddress = from?.address ? normaliseEmail(from.address) : "unknown@invalid";
  const refs = [...referencesOf(mail), ...(mail.inReplyTo ? [mail.inReplyTo.trim()] : [])];
  const [parent] = refs.length
    ? await db.select().from(emailMessages).where(and(eq(emailMessages.tenantId, tenant.id), inArray(emailMessages.messageIdHeader, refs))).orderBy(asc(emailMessages.at)).limit(1)
    : [];
  const text = (mail.text ?? "").slice(0, 200_000);
  const subject = (mail.subject ?? "").slice(0, 500);

  const customerId = await matchCustomer(db, tenant.id, { email: fromAddress, name: from?.name || null });
  // A reply to a contact still in routing joins it; otherwise it is a new contact in the same conversation.
  const live = parent ? routing.engine.contact(parent.interactionId) : null;
  let interactionId: string;
  if (parent && live) interactionId = parent.interactionId;
  else {
    const queue = routing.engine.listQueues().find((q) => q.tenantId === tenant.id);
    if (!queue) throw new Error(`line ${tenantSlug} has no queue`);
    interactionId = randomUUID();
    await routing.submit({
      type: "arrive",
      interaction: { id: interactionId, tenantId: tenant.id, queueId: queue.id, channel: "email", customerRef: customerId },
      meta: { data: { subject, customerEmail: fromAddress, customerName: from?.name ?? null, conversationId: parent?.conversationId ?? interactionId } },
    });
  }
  const conversationId = parent?.conversationId ?? interactionId;
  const [stored] = await db.insert(emailMessages).values({
    tenantId: tenant.id,
    conversationId,
    interactionId,
    direction: "in",
    messageIdHeader: messageId,
    inReplyTo: header(mail.inReplyTo),
    references: referencesOf(mail),
    fromAddress,
    toAddress: to,
    subject,
    text,
    html: sanitiseMailHtml(mail.html),
    // When it reached us: senders' Date headers are coarse and their clocks are their own.
    at: new Date(),
  }).returning({ id: emailMessages.id });
  if (mail.attachments.length > 0) {
    await db.insert(emailAttachments).values(
      mail.attachments.map((a, i) => ({ tenantId: tenant.id, emailMessageId: stored!.id, filename: (a.filename ?? `attachment-${i + 1}`).slice(0, 255), contentType: a.contentType || "application/octet-stream", size: a.size, content: a.content })),
    );
  }
  if (!parent && options.mailDomain) await queueAutoAck(db, tenant, { conversationId, interactionId, mail, messageId, subject, fromAddress, mailDomain: options.mailDomain, envelopeFrom: options.envelopeFrom });
  return { interactionId, conversationId };
}

/**
 * The line's auto-acknowledgement with its expected response time: once per new conversation, at most once a
 * day to one address, never to a machine (auto-replies, bounces, lists). It threads to the customer's mail
 * and is recorded in the conversation, so an answer to it joins the same conversation.
 */
async function queueAutoAck(
  db: Db,
  tenant: typeof tenants.$inferSelect,
  c: { conversationId: string; interactionId: string; mail: ParsedMail; messageId: string; subject: string; fromAddress: string; mailDomain: string; envelopeFrom?: string | null | undefined },
): Promise<void> {
  const [settings] = await db.select().from(lineMailSettings).where(eq(lineMailSettings.tenantId, tenant.id));
  if (!settings?.autoAckEnabled || c.fromAddress === "unknown@invalid") return;
  if (isAutomated(c.mail, { envelopeFrom: c.envelopeFrom, ownDomain: c.mailDomain })) return;
  const recent = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.tenantId, tenant.id), eq(outbox.destination, c.fromAddress), sql`${outbox.payload} ->> 'autoSubmitted' = 'auto-replied'`, sql`${outbox.createdAt} > now() - interval '1 day'`))
    .limit(1);
  if (recent.length > 0) return;
  const ack = autoAckText(tenant.name, c.subject, settings.autoAckResponseMinutes);
  const ackId = `<${randomUUID()}@${c.mailDomain}>`;
  const fromAddress = `${tenant.slug}@${c.mailDomain}`;
  const references = [...referencesOf(c.mail), c.messageId];
  await db.transaction(async (tx) => {
    await tx.insert(emailMessages).values({ tenantId: tenant.id, conversationId: c.conversationId, interactionId: c.interactionId, direction: "out", messageIdHeader: ackId, inReplyTo: c.messageId, references, fromAddress, toAddress: c.fromAddress, subject: ack.subject, text: ack.text });
    await tx.insert(outbox).values({
      tenantId: tenant.id,
      channel: "email",
      destination: c.fromAddress,
      payload: { subject: ack.subject, text: ack.text, from: `${tenant.name} <${fromAddress}>`, messageId: ackId, inReplyTo: c.messageId, references, autoSubmitted: "auto-replied" },
    });
  });
}

/** An agent's reply: queued in the outbox with the thread's headers, so the customer's answer threads back. */
export async function replyToEmail(db: Db, options: { interactionId: string; text: string; mailDomain: string }): Promise<{ messageId: string; id: string }> {
  const [row] = await db.select().from(interactions).where(eq(interactions.id, options.interactionId));
  if (!row) throw new Error("no such interaction");
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, row.tenantId));
  const thread = await db.select().from(emailMessages).where(eq(emailMessages.interactionId, row.id)).orderBy(asc(emailMessages.at));
  const conversationId = thread[0]?.conversationId ?? row.id;
  const all = await db.select().from(emailMessages).where(eq(emailMessages.conversationId, conversationId)).orderBy(asc(emailMessages.at));
  const lastIn = [...all].reverse().find((m) => m.direction === "in");
  if (!lastIn) throw new AppError("no_email_to_reply", 409, "This conversation has no mail from the customer to answer");
  const messageId = `<${randomUUID()}@${options.mailDomain}>`;
  const fromAddress = `${tenant!.slug}@${options.mailDomain}`;
  const subject = /^re:/i.test(lastIn.subject) ? lastIn.subject : `Re: ${lastIn.subject}`;
  const references = [...lastIn.references, lastIn.messageIdHeader];
  const id = await db.transaction(async (tx) => {
    const [stored] = await tx.insert(emailMessages).values({
      tenantId: row.tenantId,
      conversationId,
      interactionId: row.id,
      direction: "out",
      messageIdHeader: messageId,
      inReplyTo: lastIn.messageIdHeader,
      references,
      fromAddress,
      toAddress: lastIn.fromAddress,
      subject,
      text: options.text,
    }).returning({ id: emailMessages.id });
    await tx.insert(outbox).values({
      tenantId: row.tenantId,
      channel: "email",
      destination: lastIn.fromAddress,
      payload: { subject, text: options.text, from: `${tenant!.name} <${fromAddress}>`, messageId, inReplyTo: lastIn.messageIdHeader, references },
    });
    return stored!.id;
  });
  return { messageId, id };
}

/** A mail to a return path: a delivery report marks its delivery bounced; anything else there is dropped. */
async function receiveBounce(db: Db, log: FastifyBaseLogger, outboxId: string, raw: Buffer): Promise<void> {
  const report = parseDeliveryReport(raw.toString("utf8"));
  const outcome = report ? await recordBounce(db, outboxId, report) : "ignored";
  log.info({ outboxId, action: report?.action ?? null, status: report?.status ?? null, outcome }, report ? "delivery report" : "mail to a return path that is not a delivery report, dropped");
}

/**
 * The built-in SMTP listener: mail to `<line slug>@<MAIL_DOMAIN>` becomes an e-mail contact of that line.
 * Unknown lines are refused at RCPT, oversized mail at DATA, and a message that cannot be parsed is refused
 * with its reason and logged — the listener itself never goes down with it. Delivery reports to the
 * outbox's return paths (`bounce+<id>@<MAIL_DOMAIN>`) mark those deliveries bounced.
 */
export async function startEmailListener(options: { db: Db; routing: RoutingHost; log: FastifyBaseLogger; port: number; host: string; mailDomain: string }): Promise<{ port: number; close(): Promise<void> }> {
  const { db, routing, log, mailDomain } = options;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_EMAIL_BYTES,
    // On shutdown a sender still connected gets 3 s, then is cut off; SMTP senders retry later anyway.
    closeTimeout: 3_000,
    logger: false,
    banner: "Moked",
    async onRcptTo(address, _session, callback) {
      // A delivery report to one of our return paths (VERP): accepted whatever it says, read at DATA.
      if (outboxIdOfVerp(address.address, mailDomain)) return callback();
      const [local, domain] = address.address.toLowerCase().split("@") as [string, string];
      if (domain !== mailDomain.toLowerCase()) return callback(Object.assign(new Error("relay denied"), { responseCode: 550 }));
      const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, local));
      if (!tenant) return callback(Object.assign(new Error(`no such line: ${local}`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        (async () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) throw new MailRejected(`message too large; the limit is ${MAX_EMAIL_BYTES / 1024 / 1024} MB`, 552);
          let mail: ParsedMail | null = null;
          for (const rcpt of session.envelope.rcptTo) {
            const outboxId = outboxIdOfVerp(rcpt.address, mailDomain);
            if (outboxId) {
              await receiveBounce(db, log, outboxId, raw);
              continue;
            }
            mail ??= await parseInbound(raw);
            const slug = rcpt.address.toLowerCase().split("@")[0]!;
            const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
            await receiveEmail(db, routing, slug, mail, rcpt.address, { mailDomain, envelopeFrom });
          }
        })()
          .then(() => callback())
          .catch((err: Error & { responseCode?: number }) => {
            log.warn({ reason: err.message, from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address) }, "inbound e-mail refused");
            callback(Object.assign(new Error(err.message), { responseCode: err.responseCode ?? 554 }));
          });
      });
    },
  });
  server.on("error", (err) => log.error({ err }, "smtp listener error"));
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

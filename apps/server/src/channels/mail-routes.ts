import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, IdParams } from "@moked/contracts";
import { canSeeTenant, emailAttachments, lineMailSettings, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import { CENTER_ADMINS, principalOf } from "../auth/guard";
import { badRequest, notFound } from "../core/errors";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;
const SETTINGS_READERS = ["admin", "center_manager", "shift_manager"] as const;

const MailSettingsBody = z.object({
  imap: z.object({
    enabled: z.boolean(),
    host: z.string().trim().min(1).max(255).nullable().default(null),
    port: z.number().int().min(1).max(65535).default(993),
    secure: z.boolean().default(true).describe("TLS from the first byte (port 993); false for plain IMAP with STARTTLS when offered"),
    user: z.string().trim().min(1).max(255).nullable().default(null),
    password: z.string().min(1).max(500).optional().describe("Write-only; omit to keep the stored one"),
    mailbox: z.string().trim().min(1).max(255).default("INBOX"),
  }),
  autoAck: z.object({
    enabled: z.boolean(),
    responseMinutes: z.number().int().min(5).max(14 * 24 * 60).default(240).describe("The expected response time promised to the customer"),
  }),
});
const Rejection = z.object({ at: z.string(), uid: z.number(), from: z.string().nullable(), subject: z.string().nullable(), reason: z.string() });
const MailSettingsView = z.object({
  tenantId: z.string(),
  imap: z.object({ enabled: z.boolean(), host: z.string().nullable(), port: z.number(), secure: z.boolean(), user: z.string().nullable(), passwordSet: z.boolean(), mailbox: z.string() }),
  autoAck: z.object({ enabled: z.boolean(), responseMinutes: z.number() }),
  status: z.object({ lastPolledAt: z.string().nullable(), lastError: z.string().nullable(), lastUid: z.number(), rejections: z.array(Rejection) }),
});

type Row = typeof lineMailSettings.$inferSelect;

function view(tenantId: string, row: Row | undefined): z.infer<typeof MailSettingsView> {
  return {
    tenantId,
    imap: { enabled: row?.imapEnabled ?? false, host: row?.imapHost ?? null, port: row?.imapPort ?? 993, secure: row?.imapSecure ?? true, user: row?.imapUser ?? null, passwordSet: Boolean(row?.imapPassword), mailbox: row?.imapMailbox ?? "INBOX" },
    autoAck: { enabled: row?.autoAckEnabled ?? false, responseMinutes: row?.autoAckResponseMinutes ?? 240 },
    status: { lastPolledAt: row?.imapLastPolledAt?.toISOString() ?? null, lastError: row?.imapLastError ?? null, lastUid: row?.imapLastUid ?? 0, rejections: row?.imapRejections ?? [] },
  };
}

/** A line's e-mail settings (IMAP polling, auto-acknowledgement) and the download of e-mail attachments. */
export const mailRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/tenants/:id/mail-settings",
    { config: { access: SETTINGS_READERS }, schema: { tags: ["channels"], summary: "A line's IMAP mailbox and auto-acknowledgement, with the poller's last outcome", params: IdParams, response: { 200: MailSettingsView, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      if (!canSeeTenant(p.scope, request.params.id)) throw notFound("client line");
      const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(lineMailSettings).where(eq(lineMailSettings.tenantId, request.params.id)));
      return view(request.params.id, row);
    },
  );

  app.put(
    "/tenants/:id/mail-settings",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["channels"], summary: "Set a line's IMAP mailbox and auto-acknowledgement", params: IdParams, body: MailSettingsBody, response: { 200: MailSettingsView, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const tenantId = request.params.id;
      if (!canSeeTenant(p.scope, tenantId)) throw notFound("client line");
      const { imap, autoAck } = request.body;
      return withTenantScope(db, p.scope, async (tx) => {
        const [before] = await tx.select().from(lineMailSettings).where(eq(lineMailSettings.tenantId, tenantId));
        if (imap.enabled) {
          const missing = [...(imap.host ? [] : ["imap.host"]), ...(imap.user ? [] : ["imap.user"]), ...(imap.password || before?.imapPassword ? [] : ["imap.password"])];
          if (missing.length) throw badRequest("imap_incomplete", "Polling IMAP needs a host, a user name and a password", missing.map((path) => ({ path, message: "required when IMAP is on" })));
        }
        // A different mailbox starts from its beginning.
        const sameBox = before && before.imapHost === imap.host && before.imapUser === imap.user && before.imapMailbox === imap.mailbox;
        const values = {
          tenantId,
          imapEnabled: imap.enabled,
          imapHost: imap.host,
          imapPort: imap.port,
          imapSecure: imap.secure,
          imapUser: imap.user,
          ...(imap.password !== undefined ? { imapPassword: imap.password } : {}),
          imapMailbox: imap.mailbox,
          ...(sameBox ? {} : { imapUidValidity: null, imapLastUid: 0, imapRejections: [], imapLastError: null }),
          autoAckEnabled: autoAck.enabled,
          autoAckResponseMinutes: autoAck.responseMinutes,
          updatedAt: new Date(),
        };
        const [row] = await tx.insert(lineMailSettings).values(values).onConflictDoUpdate({ target: lineMailSettings.tenantId, set: values }).returning();
        await recordAudit(tx, p, { action: "mail_settings.updated", entity: "mail_settings", entityId: tenantId, tenantId, details: { imap: imap.enabled, autoAck: autoAck.enabled, passwordChanged: imap.password !== undefined } });
        return view(tenantId, row);
      });
    },
  );

  // Files from customers are only ever downloaded, never rendered by the browser: no script in one can run.
  app.get(
    "/email-attachments/:id",
    { config: { access: READERS }, schema: { tags: ["channels"], summary: "Download a file that came with an e-mail", params: IdParams } },
    async (request, reply) => {
      const p = principalOf(request);
      const [a] = await withTenantScope(db, p.scope, (tx) => tx.select().from(emailAttachments).where(and(eq(emailAttachments.id, request.params.id), tenantFilter(emailAttachments.tenantId, p.scope))));
      if (!a) throw notFound("attachment");
      const ascii = a.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
      return reply
        .header("content-type", "application/octet-stream")
        .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox")
        .send(a.content);
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ErrorBody, IdParams } from "@moked/contracts";
import { canSeeTenant, interactions, messageSettings, messages, outbox, tenantFilter, withTenantScope, type Db } from "@moked/db";
import { recordAudit } from "../audit/record";
import type { Principal } from "../auth/context";
import { CENTER_ADMINS, principalOf } from "../auth/guard";
import { badRequest, conflict, notFound } from "../core/errors";
import { toE164 } from "../channels/customers";
import { exportRoutes } from "./export-routes";
import { createMessage, publicMessage } from "./service";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const TAKERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent"] as const;
const READERS = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;
/** The client business itself acknowledges and closes its messages; center staff may too. */
const HANDLERS = ["admin", "center_manager", "shift_manager", "team_leader", "client_viewer"] as const;

const Field = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/),
  label: z.string().min(1).max(80),
  type: z.enum(["text", "longtext", "phone", "select", "boolean"]),
  required: z.boolean().default(false),
  options: z.array(z.string().min(1).max(80)).max(50).optional(),
});
const Rule = z.object({
  categories: z.array(z.string().max(60)).max(30).optional(),
  urgency: z.array(z.enum(["normal", "urgent"])).optional(),
  when: z.enum(["open", "closed", "any"]).default("any"),
  channel: z.enum(["email", "webhook", "sms"]),
  to: z.string().min(3).max(500),
  mode: z.enum(["immediate", "digest"]).default("immediate"),
  digestMinutes: z.number().min(0.1).max(24 * 60).default(60),
});
const Settings = z.object({
  fields: z.array(Field).max(40),
  categories: z.array(z.string().min(1).max(60)).max(30),
  forwarding: z.array(Rule).max(20),
  webhookSecret: z.string().min(16).max(200).nullable().optional(),
});
const SettingsResponse = z.object({ tenantId: z.string(), settings: Settings.omit({ webhookSecret: true }).extend({ webhookSigned: z.boolean() }) });
const NewMessageBody = z.object({
  tenantId: z.uuid(),
  interactionId: z.uuid().optional(),
  customerName: z.string().max(200).optional(),
  customerPhone: z.string().max(40).optional(),
  customerEmail: z.email().optional(),
  subject: z.string().trim().min(1).max(200),
  category: z.string().max(60).optional(),
  urgency: z.enum(["normal", "urgent"]).default("normal"),
  body: z.string().max(10_000).default(""),
  fields: z.record(z.string(), z.union([z.string().max(2000), z.boolean(), z.number()])).default({}),
});
const MessageView = z.object({
  id: z.string(),
  tenantId: z.string(),
  interactionId: z.string().nullable(),
  customerName: z.string().nullable(),
  customerPhone: z.string().nullable(),
  customerEmail: z.string().nullable(),
  subject: z.string(),
  category: z.string().nullable(),
  urgency: z.enum(["normal", "urgent"]),
  body: z.string(),
  fields: z.record(z.string(), z.unknown()),
  status: z.string(),
  source: z.string(),
  createdAt: z.string(),
  callbackDueAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  handledAt: z.string().nullable(),
});
const Delivery = z.object({ channel: z.string(), destination: z.string(), status: z.string(), attempts: z.number(), lastError: z.string().nullable(), sentAt: z.string().nullable() });
const MessageResponse = z.object({ message: MessageView, deliveries: z.array(Delivery) });
const MessageQuery = z.object({ tenantId: z.uuid().optional(), status: z.enum(["new", "acknowledged", "handled"]).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

async function findMessage(db: Db, p: Principal, id: string) {
  const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(messages).where(and(eq(messages.id, id), tenantFilter(messages.tenantId, p.scope))));
  if (!row) throw notFound("message");
  return row;
}

/** A line's form decides what a message must carry: required fields present, choices among the options. */
function checkFields(fields: Array<z.infer<typeof Field>>, values: Record<string, unknown>): void {
  const problems: Array<{ path: string; message: string }> = [];
  for (const f of fields) {
    const v = values[f.key];
    if (f.required && (v === undefined || v === "")) problems.push({ path: `fields.${f.key}`, message: `${f.label} is required` });
    if (v !== undefined && f.type === "select" && f.options && !f.options.includes(String(v))) problems.push({ path: `fields.${f.key}`, message: `${f.label} must be one of ${f.options.join(", ")}` });
  }
  const unknown = Object.keys(values).filter((k) => !fields.some((f) => f.key === k));
  for (const k of unknown) problems.push({ path: `fields.${k}`, message: "not a field of this line's form" });
  if (problems.length) throw badRequest("validation_error", "The message does not fit the line's form", problems);
}

export const messageRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  await app.register(exportRoutes, { db });
  app.get(
    "/tenants/:id/message-settings",
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "A line's message form and forwarding rules", params: IdParams, response: { 200: SettingsResponse, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      if (!canSeeTenant(p.scope, request.params.id)) throw notFound("client line");
      const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(messageSettings).where(eq(messageSettings.tenantId, request.params.id)));
      return { tenantId: request.params.id, settings: { fields: row?.fields ?? [], categories: row?.categories ?? [], forwarding: (row?.forwarding ?? []) as Array<z.infer<typeof Rule>>, webhookSigned: Boolean(row?.webhookSecret) } };
    },
  );

  app.put(
    "/tenants/:id/message-settings",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["message center"], summary: "Set a line's message form and forwarding rules", params: IdParams, body: Settings, response: { 200: SettingsResponse, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      if (!canSeeTenant(p.scope, request.params.id)) throw notFound("client line");
      const body = request.body;
      for (const rule of body.forwarding) {
        if (rule.channel === "email" && !z.email().safeParse(rule.to).success) throw badRequest("invalid_destination", `Not an e-mail address: ${rule.to}`);
        if (rule.channel === "webhook" && !/^https?:\/\//.test(rule.to)) throw badRequest("invalid_destination", `Not an http(s) URL: ${rule.to}`);
        if (rule.channel === "sms" && !toE164(rule.to)) throw badRequest("invalid_destination", `Not a phone number: ${rule.to}`);
        if (rule.channel === "sms") rule.to = toE164(rule.to)!;
        if (rule.mode === "digest" && rule.channel !== "email") throw badRequest("invalid_rule", "Only e-mail can be gathered into a digest");
      }
      const values = { tenantId: request.params.id, fields: body.fields, categories: body.categories, forwarding: body.forwarding, ...(body.webhookSecret !== undefined ? { webhookSecret: body.webhookSecret } : {}), updatedAt: new Date() };
      await db.transaction(async (tx) => {
        await tx.insert(messageSettings).values(values).onConflictDoUpdate({ target: messageSettings.tenantId, set: values });
        await recordAudit(tx as unknown as Db, p, { action: "message_settings.updated", entity: "message_settings", entityId: request.params.id, tenantId: request.params.id, details: { fields: body.fields.length, rules: body.forwarding.length } });
      });
      return { tenantId: request.params.id, settings: { fields: body.fields, categories: body.categories, forwarding: body.forwarding, webhookSigned: Boolean(body.webhookSecret) } };
    },
  );

  app.post(
    "/messages",
    { config: { access: TAKERS }, schema: { tags: ["message center"], summary: "Take a message for a client line (forwarded by its rules)", body: NewMessageBody, response: { 201: MessageResponse, ...errors } } },
    async (request, reply) => {
      const p = principalOf(request);
      const body = request.body;
      if (!canSeeTenant(p.scope, body.tenantId)) throw notFound("client line");
      const [settings] = await db.select().from(messageSettings).where(eq(messageSettings.tenantId, body.tenantId));
      checkFields(settings?.fields ?? [], body.fields);
      if (body.category && settings?.categories.length && !settings.categories.includes(body.category)) throw badRequest("validation_error", "Unknown category", [{ path: "category", message: `one of ${settings.categories.join(", ")}` }]);
      if (body.interactionId) {
        const [i] = await db.select({ tenantId: interactions.tenantId }).from(interactions).where(eq(interactions.id, body.interactionId));
        if (!i || i.tenantId !== body.tenantId) throw badRequest("unknown_interaction", "The contact does not exist or belongs to another line");
      }
      const created = await db.transaction((tx) => createMessage(tx as unknown as Db, { ...body, source: "agent", createdBy: p.user.id }, new Date()));
      if (!created) throw conflict("message_exists", "A message was already taken for this contact");
      return reply.status(201).send({ message: publicMessage(created), deliveries: await deliveriesOf(db, created.id) });
    },
  );

  app.get(
    "/messages",
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "Messages of the lines you may see, newest first", querystring: MessageQuery, response: { 200: z.object({ items: z.array(MessageView) }), ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const filters: Array<SQL | undefined> = [tenantFilter(messages.tenantId, p.scope)];
      if (request.query.tenantId) filters.push(eq(messages.tenantId, request.query.tenantId));
      if (request.query.status) filters.push(eq(messages.status, request.query.status));
      const rows = await withTenantScope(db, p.scope, (tx) => tx.select().from(messages).where(and(...filters)).orderBy(desc(messages.createdAt)).limit(request.query.limit));
      return { items: rows.map((m) => publicMessage(m)) };
    },
  );

  app.get(
    "/messages/:id",
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "One message with its delivery log", params: IdParams, response: { 200: MessageResponse, ...errors } } },
    async (request) => {
      const m = await findMessage(db, principalOf(request), request.params.id);
      return { message: publicMessage(m), deliveries: await deliveriesOf(db, m.id) };
    },
  );

  for (const [path, status, column] of [
    ["acknowledge", "acknowledged", "acknowledged"],
    ["handled", "handled", "handled"],
  ] as const) {
    app.post(
      `/messages/:id/${path}`,
      { config: { access: HANDLERS }, schema: { tags: ["message center"], summary: `Mark a message ${status}`, params: IdParams, response: { 200: MessageResponse, ...errors } } },
      async (request) => {
        const p = principalOf(request);
        const m = await findMessage(db, p, request.params.id);
        if (m.status === "handled") throw conflict("message_handled", "The message is already handled");
        const now = new Date();
        const set = column === "acknowledged" ? { status, acknowledgedAt: m.acknowledgedAt ?? now, acknowledgedBy: m.acknowledgedBy ?? p.user.id } : { status, handledAt: now, handledBy: p.user.id, acknowledgedAt: m.acknowledgedAt ?? now };
        const [updated] = await withTenantScope(db, p.scope, async (tx) => {
          const rows = await tx.update(messages).set(set).where(eq(messages.id, m.id)).returning();
          await recordAudit(tx, p, { action: `message.${status}`, entity: "message", entityId: m.id, tenantId: m.tenantId });
          return rows;
        });
        return { message: publicMessage(updated!), deliveries: await deliveriesOf(db, m.id) };
      },
    );
  }
};

async function deliveriesOf(db: Db, messageId: string) {
  const rows = await db.select().from(outbox).where(eq(outbox.messageId, messageId));
  return rows.map((r) => ({ channel: r.channel, destination: r.destination, status: r.status, attempts: r.attempts, lastError: r.lastError, sentAt: r.sentAt?.toISOString() ?? null }));
}

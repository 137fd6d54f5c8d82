import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  ErrorBody,
  type ForwardingRule,
  IdParams,
  MessageList,
  MessageQuery,
  MessageResponse,
  MessageSettings,
  MessageSettingsView,
  NewMessageBody,
  type MessageField,
} from "@moked/contracts";
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

async function findMessage(db: Db, p: Principal, id: string) {
  const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(messages).where(and(eq(messages.id, id), tenantFilter(messages.tenantId, p.scope))));
  if (!row) throw notFound("message");
  return row;
}

/**
 * What zod cannot see in a line's settings: each rule's destination fits its channel, only e-mail gathers
 * into a digest, field keys are unique and a select offers choices. Every problem is reported at its path.
 */
function checkSettings(body: z.infer<typeof MessageSettings>): void {
  const problems: Array<{ code: string; path: string; message: string }> = [];
  body.fields.forEach((f, i) => {
    if (body.fields.findIndex((g) => g.key === f.key) !== i) problems.push({ code: "validation_error", path: `body.fields.${i}.key`, message: `Another field already has the key ${f.key}` });
    if (f.type === "select" && !f.options?.length) problems.push({ code: "validation_error", path: `body.fields.${i}.options`, message: "A choice needs at least one option" });
  });
  body.forwarding.forEach((rule, i) => {
    const to = (message: string) => problems.push({ code: "invalid_destination", path: `body.forwarding.${i}.to`, message });
    if (rule.channel === "email" && !z.email().safeParse(rule.to).success) to(`Not an e-mail address: ${rule.to}`);
    if (rule.channel === "webhook" && !/^https?:\/\//.test(rule.to)) to(`Not an http(s) URL: ${rule.to}`);
    if (rule.channel === "sms" && !toE164(rule.to)) to(`Not a phone number: ${rule.to}`);
    if (rule.mode === "digest" && rule.channel !== "email") problems.push({ code: "invalid_rule", path: `body.forwarding.${i}.mode`, message: "Only e-mail can be gathered into a digest" });
  });
  const [first] = problems;
  if (first) throw badRequest(first.code, first.message, problems.map(({ path, message }) => ({ path, message })));
}

/** A line's form decides what a message must carry: required fields present, choices among the options. */
function checkFields(fields: MessageField[], values: Record<string, unknown>): void {
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
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "A line's message form and forwarding rules", params: IdParams, response: { 200: MessageSettingsView, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      if (!canSeeTenant(p.scope, request.params.id)) throw notFound("client line");
      const [row] = await withTenantScope(db, p.scope, (tx) => tx.select().from(messageSettings).where(eq(messageSettings.tenantId, request.params.id)));
      return { tenantId: request.params.id, settings: { fields: row?.fields ?? [], categories: row?.categories ?? [], forwarding: (row?.forwarding ?? []) as ForwardingRule[], webhookSigned: Boolean(row?.webhookSecret) } };
    },
  );

  app.put(
    "/tenants/:id/message-settings",
    { config: { access: CENTER_ADMINS }, schema: { tags: ["message center"], summary: "Set a line's message form and forwarding rules", params: IdParams, body: MessageSettings, response: { 200: MessageSettingsView, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      if (!canSeeTenant(p.scope, request.params.id)) throw notFound("client line");
      const body = request.body;
      checkSettings(body);
      for (const rule of body.forwarding) if (rule.channel === "sms") rule.to = toE164(rule.to)!;
      const values = { tenantId: request.params.id, fields: body.fields, categories: body.categories, forwarding: body.forwarding, ...(body.webhookSecret !== undefined ? { webhookSecret: body.webhookSecret } : {}), updatedAt: new Date() };
      const saved = await db.transaction(async (tx) => {
        const [row] = await tx.insert(messageSettings).values(values).onConflictDoUpdate({ target: messageSettings.tenantId, set: values }).returning();
        await recordAudit(tx as unknown as Db, p, { action: "message_settings.updated", entity: "message_settings", entityId: request.params.id, tenantId: request.params.id, details: { fields: body.fields.length, rules: body.forwarding.length } });
        return row!;
      });
      // Whether the line signs its webhooks is what is stored: a save that leaves the secret out keeps it.
      return { tenantId: request.params.id, settings: { fields: body.fields, categories: body.categories, forwarding: body.forwarding, webhookSigned: Boolean(saved.webhookSecret) } };
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
    { config: { access: READERS }, schema: { tags: ["message center"], summary: "Messages of the lines you may see, newest first", querystring: MessageQuery, response: { 200: MessageList, ...errors } } },
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

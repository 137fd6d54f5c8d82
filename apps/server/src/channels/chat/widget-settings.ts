import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, eq } from "drizzle-orm";
import { ChatWidgetSettings, ChatWidgetSettingsView, ErrorBody, IdParams, LOCALES, type PublicChatLine } from "@moked/contracts";
import { tenantFilter, tenants, withTenantScope, type Db } from "@moked/db";
import type { z } from "zod";
import { recordAudit } from "../../audit/record";
import { CENTER_ADMINS, principalOf } from "../../auth/guard";
import { badRequest, notFound } from "../../core/errors";
import { lineOpen } from "./status";

type Tenant = typeof tenants.$inferSelect;
type Locale = (typeof LOCALES)[number];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
/** Who may see how a line's widget looks: the center's managers and the client business itself. */
const READERS = ["admin", "center_manager", "shift_manager", "client_viewer"] as const;

/** The widget's settings live in the line's own row (`tenants.settings.chatWidget`), walled like the line. */
export function widgetSettingsOf(tenant: Tenant): ChatWidgetSettings {
  const parsed = ChatWidgetSettings.safeParse(tenant.settings?.chatWidget ?? {});
  return parsed.success ? parsed.data : ChatWidgetSettings.parse({});
}

/** The languages the widget speaks that the line serves (Hebrew when none). */
const lineLanguages = (tenant: Tenant): Locale[] => {
  const served = LOCALES.filter((l) => tenant.languages.includes(l));
  return served.length ? served : ["he"];
};

/** What the widget shows before a chat: the line, the languages its form offers, whether it is open, its look. */
export function publicLine(tenant: Tenant): z.infer<typeof PublicChatLine> {
  const s = widgetSettingsOf(tenant);
  const served = lineLanguages(tenant);
  const offered = s.languages.length ? served.filter((l) => s.languages.includes(l)) : served;
  return {
    name: tenant.name,
    languages: offered.length ? offered : served,
    open: lineOpen(tenant),
    theme: { color: s.color, logoUrl: s.logoUrl, greeting: s.greeting, position: s.position },
  };
}

const view = (tenant: Tenant) => ({ tenantId: tenant.id, slug: tenant.slug, lineLanguages: lineLanguages(tenant), settings: widgetSettingsOf(tenant) });

/** A line's chat widget settings for the admin screen: colour, logo, greeting per language, corner, languages. */
export const widgetSettingsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/tenants/:id/chat-widget",
    { config: { access: READERS }, schema: { tags: ["chat"], summary: "How a line's chat widget looks and which languages it offers", params: IdParams, response: { 200: ChatWidgetSettingsView, ...errors } } },
    async (request) => {
      const p = principalOf(request);
      const [tenant] = await withTenantScope(db, p.scope, (tx) => tx.select().from(tenants).where(and(eq(tenants.id, request.params.id), tenantFilter(tenants.id, p.scope))));
      if (!tenant) throw notFound("client line");
      return view(tenant);
    },
  );

  app.put(
    "/tenants/:id/chat-widget",
    {
      config: { access: CENTER_ADMINS },
      bodyLimit: 16 * 1024,
      schema: { tags: ["chat"], summary: "Set a line's chat widget: colour, logo, greeting per language, corner, languages offered", params: IdParams, body: ChatWidgetSettings, response: { 200: ChatWidgetSettingsView, ...errors } },
    },
    async (request) => {
      const p = principalOf(request);
      const chatWidget = request.body;
      return withTenantScope(db, p.scope, async (tx) => {
        const [tenant] = await tx.select().from(tenants).where(and(eq(tenants.id, request.params.id), tenantFilter(tenants.id, p.scope)));
        if (!tenant) throw notFound("client line");
        const served = lineLanguages(tenant);
        const foreign = chatWidget.languages.filter((l) => !served.includes(l));
        if (foreign.length) throw badRequest("language_not_served", "The widget can only offer languages the line serves", foreign.map((l) => ({ path: "languages", message: `${l} is not one of ${served.join(", ")}` })));
        const [row] = await tx
          .update(tenants)
          .set({ settings: { ...tenant.settings, chatWidget }, updatedAt: new Date() })
          .where(eq(tenants.id, tenant.id))
          .returning();
        await recordAudit(tx, p, { action: "chat_widget.updated", entity: "tenant", entityId: tenant.id, tenantId: tenant.id, details: { color: chatWidget.color, logoUrl: chatWidget.logoUrl, position: chatWidget.position, languages: chatWidget.languages } });
        return view(row!);
      });
    },
  );
};

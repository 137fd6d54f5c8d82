import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import fastifyWebsocket from "@fastify/websocket";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "drizzle-orm";
import type { Db } from "@moked/db";
import { auditRoutes } from "./audit/routes";
import { installAccessGuard } from "./auth/guard";
import { createMemoryLoginThrottle, type LoginThrottle } from "./auth/login-throttle";
import { authRoutes } from "./auth/routes";
import type { Config } from "./core/config";
import { installErrorHandler } from "./core/error-handler";
import { loggerOptions } from "./core/logger";
import type { LiveBus } from "./live/bus";
import { liveRoutes } from "./live/routes";
import { ReportAggregator } from "./analytics/aggregator";
import { reportRoutes } from "./analytics/routes";
import { ReportScheduler } from "./analytics/schedules";
import { reportSettingsRoutes } from "./analytics/settings-routes";
import { summaryRoutes } from "./analytics/summary-routes";
import { csatRoutes } from "./analytics/csat";
import { CallbackOutcomes } from "./channels/callback-outcomes";
import { CallbackScheduler } from "./channels/callbacks";
import { startEmailListener } from "./channels/email";
import { agentChatRoutes } from "./channels/chat/agent-routes";
import { publicChatRoutes } from "./channels/chat/public-routes";
import { widgetSettingsRoutes } from "./channels/chat/widget-settings";
import { customerRoutes } from "./channels/customer-routes";
import { HttpMessagingProvider } from "./channels/messaging/provider";
import { messagingRoutes } from "./channels/messaging/routes";
import { ImapPoller } from "./channels/imap";
import { emailRoutes } from "./channels/email-routes";
import { mailRoutes } from "./channels/mail-routes";
import { channelRoutes } from "./channels/routes";
import { escalationRoutes } from "./desk/escalation-routes";
import { knowledgeRoutes } from "./desk/knowledge-routes";
import { deskRoutes } from "./desk/routes";
import { wfmRoutes } from "./wfm/routes";
import { scheduleRoutes } from "./wfm/schedule-routes";
import { DispatchWorker } from "./message-center/dispatch";
import { dispatchRoutes } from "./message-center/dispatch-routes";
import { OutboxWorker } from "./message-center/outbox";
import { messageRoutes } from "./message-center/routes";
import { agentRoutes } from "./routing/agents-routes";
import { RoutingHost } from "./routing/host";
import { interactionRoutes } from "./routing/interactions-routes";
import { queueRoutes } from "./routing/queues-routes";
import { tenantRoutes } from "./tenancy/tenants-routes";
import { userRoutes } from "./tenancy/users-routes";
import { RecordingPurge } from "./voice/recording-retention";
import { VoiceGateway } from "./voice/gateway";
import { voiceRoutes } from "./voice/routes";
import { isApiPath, serveWebApp } from "./web/static";

export interface AppDeps {
  config: Config;
  db: Db;
  bus: LiveBus;
  throttle?: LoginThrottle;
  /** Off for tests that do not route; on by default. */
  routing?: boolean;
  /** Off for tests that drive the outbox by hand; on by default. */
  outbox?: boolean;
}

export interface MokedApp {
  app: FastifyInstance;
  routing: RoutingHost | null;
  /** The inbound SMTP port, when the listener runs. */
  mailPort: number | null;
  /** The SIP gateway, when VOICE_SIP_PORT is set. */
  voice: VoiceGateway | null;
  /** Flips /readyz to 503 so a load balancer stops sending before the process stops. */
  markShuttingDown(): void;
}

/** Composes every feature into one Fastify instance. No listening, no process handling: main.ts does that. */
export async function buildApp(deps: AppDeps): Promise<MokedApp> {
  const { config, db, bus } = deps;
  // Some plugins open mailboxes, recover routing or warm caches from the database as they register: on a busy
  // 2-core host that has taken longer than Fastify's 10 s default, which then refuses to start at all.
  const app = Fastify({ logger: loggerOptions(config), trustProxy: true, bodyLimit: 1_048_576, pluginTimeout: 120_000 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  installAccessGuard(app, db);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "Moked API", version: "1.0.0", description: "Multi-tenant contact center. Errors: {\"error\":{\"code\",\"message\",\"details\"}}." },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "moked_session" },
          bearer: { type: "http", scheme: "bearer", description: "An API token from POST /api/v1/auth/tokens" },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  let shuttingDown = false;
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    if (shuttingDown) return reply.status(503).send({ status: "shutting_down" });
    await db.execute(sql`select 1`);
    return { status: "ready" };
  });

  const throttle = deps.throttle ?? createMemoryLoginThrottle(config.loginMaxFailures, config.loginWindowMs);
  const routing = deps.routing === false || !config.routing ? null : await RoutingHost.start({ db, bus, log: app.log, snapshotEvery: config.routingSnapshotEvery });
  // Routing stops after the HTTP server: in-flight requests finish, then the engine snapshots.
  app.addHook("onClose", async () => routing?.close());
  const outbox = new OutboxWorker({
    db,
    log: app.log,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    // Bounces come back to the built-in listener, so the return path is ours only when it runs.
    bounceDomain: routing && config.mailListenPort !== undefined ? config.mailDomain : undefined,
    smsGatewayUrl: config.smsGatewayUrl,
    smsGatewaySecret: config.smsGatewaySecret,
    messaging: config.messagingProviderUrl ? new HttpMessagingProvider(config.messagingProviderUrl, config.messagingProviderSecret) : undefined,
    pollMs: config.outboxPollMs,
  });
  if (deps.outbox !== false) outbox.start();
  app.addHook("onClose", async () => outbox.stop());
  const dispatcher = new DispatchWorker({ db, bus, log: app.log, publicUrl: config.publicUrl, pollMs: config.outboxPollMs });
  if (deps.outbox !== false) dispatcher.start();
  app.addHook("onClose", async () => dispatcher.stop());
  const callbacks = new CallbackScheduler({ db, routing, log: app.log, pollMs: config.outboxPollMs });
  if (deps.outbox !== false) callbacks.start();
  app.addHook("onClose", async () => callbacks.stop());
  // Lines with a trunk settle their call-back requests from the calls the gateway places (and keep the promise
  // open while it is not running); the rest from how the agent ends the contact.
  const outcomes = routing
    ? new CallbackOutcomes({
        db,
        routing,
        bus,
        log: app.log,
        trunked: Object.keys(config.voiceTrunks),
        numbersOf: (slug) => Object.entries(config.voiceLines).filter(([, s]) => s === slug).map(([number]) => number),
      })
    : null;
  if (deps.outbox !== false) outcomes?.start();
  app.addHook("preClose", async () => outcomes?.stop());
  const aggregator = new ReportAggregator({ db, log: app.log, pollMs: config.reportAggregateMs });
  if (deps.outbox !== false) aggregator.start();
  app.addHook("onClose", async () => aggregator.stop());
  const reportScheduler = new ReportScheduler({ db, log: app.log, publicUrl: config.publicUrl, pollMs: config.reportAggregateMs });
  if (deps.outbox !== false) reportScheduler.start();
  app.addHook("onClose", async () => reportScheduler.stop());
  const recordingPurge = new RecordingPurge({ db, dataDir: config.dataDir, log: app.log });
  if (deps.outbox !== false) recordingPurge.start();
  app.addHook("onClose", async () => recordingPurge.stop());
  const emailListener =
    routing && config.mailListenPort !== undefined ? await startEmailListener({ db, routing, log: app.log, port: config.mailListenPort, host: config.host, mailDomain: config.mailDomain }) : null;
  // The listener stops first, so no mail arrives into a closing engine.
  app.addHook("preClose", async () => emailListener?.close());
  const voice =
    routing && config.voiceSipPort !== undefined
      ? await VoiceGateway.start({ db, routing, bus, log: app.log, host: config.host, port: config.voiceSipPort, mediaAddress: config.voiceMediaAddress, allow: config.voiceSipAllow, lines: config.voiceLines, trunks: config.voiceTrunks, speechCommand: config.voiceSpeechCommand, dataDir: config.dataDir })
      : null;
  app.addHook("preClose", async () => voice?.close());
  const imapPoller = routing ? new ImapPoller({ db, routing, log: app.log, mailDomain: config.mailDomain, pollMs: config.imapPollMs }) : null;
  imapPoller?.start();
  app.addHook("preClose", async () => imapPoller?.stop());
  await app.register(
    async (api) => {
      await api.register(authRoutes, { db, config, throttle });
      await api.register(tenantRoutes, { db, routing });
      await api.register(userRoutes, { db, routing });
      await api.register(queueRoutes, { db, routing });
      await api.register(interactionRoutes, { db, routing });
      await api.register(agentRoutes, { db, routing });
      await api.register(reportRoutes, { db });
      await api.register(summaryRoutes, { db });
      await api.register(csatRoutes, { db });
      await api.register(reportSettingsRoutes, { db });
      await api.register(messageRoutes, { db });
      await api.register(dispatchRoutes, { db });
      await api.register(channelRoutes, { db });
      await api.register(emailRoutes, { db, routing, config });
      await api.register(deskRoutes, { db });
      await api.register(publicChatRoutes, { db, routing, bus });
      await api.register(agentChatRoutes, { db, routing, bus });
      await api.register(messagingRoutes, { db, routing, bus, secret: config.messagingWebhookSecret });
      await api.register(customerRoutes, { db });
      await api.register(knowledgeRoutes, { db });
      await api.register(mailRoutes, { db });
      await api.register(widgetSettingsRoutes, { db });
      await api.register(escalationRoutes, { db, routing, bus });
      await api.register(wfmRoutes, { db });
      await api.register(scheduleRoutes, { db });
      await api.register(auditRoutes, { db });
      await api.register(liveRoutes, { bus });
      await api.register(voiceRoutes, { db, voice: () => voice, dataDir: config.dataDir });
    },
    { prefix: "/api/v1" },
  );

  const hasWeb = await serveWebApp(app, config.webDist);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]!;
    if (hasWeb && request.method === "GET" && !isApiPath(path)) return reply.type("text/html").sendFile("index.html");
    return reply.status(404).send({ error: { code: "not_found", message: `No route ${request.method} ${path}` } });
  });

  return { app, routing, mailPort: emailListener?.port ?? null, voice, markShuttingDown: () => (shuttingDown = true) };
}

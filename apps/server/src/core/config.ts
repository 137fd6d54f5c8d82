import { resolve } from "node:path";
import { z } from "zod";
import { parseTrunks, type Trunk } from "../voice/trunks";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  MOKED_DATA_DIR: z.string().default("./data"),
  MOKED_SEED_DEMO: bool.default(true),
  MOKED_WEB_DIST: z.string().optional(),
  REDIS_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  COOKIE_SECURE: bool.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  MOKED_ROUTING: bool.default(true),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "smtp://user:pass@host:port or smtps://…").optional(),
  MAIL_FROM: z.string().default("Moked <moked@localhost>"),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  REPORT_AGGREGATE_MS: z.coerce.number().int().min(50).default(5_000),
  PUBLIC_URL: z.string().url().optional(),
  MAIL_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MAIL_DOMAIN: z.string().default("moked.local"),
  IMAP_POLL_MS: z.coerce.number().int().min(100).default(60_000),
  SMS_GATEWAY_URL: z.string().url().optional(),
  SMS_GATEWAY_SECRET: z.string().min(16).optional(),
  MESSAGING_WEBHOOK_SECRET: z.string().min(16).optional(),
  MESSAGING_PROVIDER_URL: z.string().url().optional(),
  MESSAGING_PROVIDER_SECRET: z.string().min(16).optional(),
  ROUTING_SNAPSHOT_EVERY: z.coerce.number().int().min(100).default(10_000),
  VOICE_SIP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  VOICE_MEDIA_ADDRESS: z.ipv4().optional(),
  VOICE_SIP_ALLOW: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?(\s*,\s*\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?)*$/, "comma-separated IPv4 addresses or a.b.c.d/n ranges")
    .default("127.0.0.1"),
  VOICE_LINES: z
    .string()
    .regex(/^\s*[+\w.-]+=[a-z0-9-]+(\s*,\s*[+\w.-]+=[a-z0-9-]+)*\s*$/, "number=line-slug pairs, comma-separated (e.g. +97235551234=sky-tours)")
    .optional(),
  VOICE_TRUNKS: z
    .string()
    .superRefine((spec, ctx) => {
      try {
        parseTrunks(spec);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `${(err as Error).message}; format: line-slug=host:port[;transport=tcp][;user=…;password=…][;inbound_user=…;inbound_password=…], comma-separated` });
      }
    })
    .optional(),
  /** The speech synthesiser that says position and expected wait to callers on hold; "off" for beeps. */
  VOICE_SPEECH_COMMAND: z.string().trim().min(1).default("espeak-ng"),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: boolean;
  webDist: string;
  redisUrl: string | undefined;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  sessionTtlMs: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  loginWindowMs: number;
  routing: boolean;
  routingSnapshotEvery: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxPollMs: number;
  /** How often closed contacts are added to the report aggregates. */
  reportAggregateMs: number;
  /** How people outside reach this server (links in e-mails). */
  publicUrl: string;
  /** The built-in SMTP listener for inbound e-mail (off unless set; 0 picks a free port). */
  mailListenPort: number | undefined;
  mailDomain: string;
  /** How often the lines' IMAP mailboxes are read. */
  imapPollMs: number;
  smsGatewayUrl: string | undefined;
  smsGatewaySecret: string | undefined;
  /** Checks inbound SMS / WhatsApp webhooks (HMAC); unset, the webhook is off. */
  messagingWebhookSecret: string | undefined;
  messagingProviderUrl: string | undefined;
  messagingProviderSecret: string | undefined;
  /** The SIP trunk port (UDP; off unless set; 0 picks a free port). */
  voiceSipPort: number | undefined;
  /** The address written in SDP and SIP Contact headers, where trunks send RTP and requests. */
  voiceMediaAddress: string;
  /** Trunk addresses allowed to send SIP (IPv4 and ranges). */
  voiceSipAllow: string[];
  /** Dialled number → client line slug. */
  voiceLines: Record<string, string>;
  /** Client line slug → its trunk: address and transport for outbound calls, digest credentials both ways. */
  voiceTrunks: Record<string, Trunk>;
  voiceSpeechCommand: string;
};

const repoRoot = resolve(new URL("../../../..", import.meta.url).pathname);

/** Reads and validates the environment once, at start-up; a bad value stops the server with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // A variable set to the empty string (`DATABASE_URL= npm start`) means "not set", as in most tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.MOKED_DATA_DIR),
    seedDemo: e.MOKED_SEED_DEMO,
    webDist: resolve(e.MOKED_WEB_DIST ?? `${repoRoot}/apps/web/dist`),
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginWindowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    routing: e.MOKED_ROUTING,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    outboxPollMs: e.OUTBOX_POLL_MS,
    reportAggregateMs: e.REPORT_AGGREGATE_MS,
    mailListenPort: e.MAIL_LISTEN_PORT,
    mailDomain: e.MAIL_DOMAIN,
    imapPollMs: e.IMAP_POLL_MS,
    smsGatewayUrl: e.SMS_GATEWAY_URL,
    smsGatewaySecret: e.SMS_GATEWAY_SECRET,
    messagingWebhookSecret: e.MESSAGING_WEBHOOK_SECRET,
    messagingProviderUrl: e.MESSAGING_PROVIDER_URL,
    messagingProviderSecret: e.MESSAGING_PROVIDER_SECRET,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    routingSnapshotEvery: e.ROUTING_SNAPSHOT_EVERY,
    voiceSipPort: e.VOICE_SIP_PORT,
    voiceMediaAddress: e.VOICE_MEDIA_ADDRESS ?? (e.HOST === "0.0.0.0" ? "127.0.0.1" : e.HOST),
    voiceSipAllow: e.VOICE_SIP_ALLOW.split(",").map((s) => s.trim()),
    voiceLines: Object.fromEntries((e.VOICE_LINES ?? "").split(",").filter((p) => p.trim()).map((p) => p.trim().split("=") as [string, string])),
    voiceTrunks: parseTrunks(e.VOICE_TRUNKS),
    voiceSpeechCommand: e.VOICE_SPEECH_COMMAND,
  };
}

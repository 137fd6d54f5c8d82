import { z } from "zod";
import { Id, LanguageCode } from "./common";

/** SMS text after a missed call-back, per language; `{line}` is the line's name, `{number}` the number that reaches it. */
export const MissedCallbackTemplates = z.partialRecord(z.enum(["he", "en", "ar", "ru"]), z.string().trim().min(1).max(480));

/** How a line calls its customers back: how often and how far apart, how long it lets the phone ring, and the SMS after a miss. */
export const CallbackPolicy = z.object({
  /** Attempts in all (the first included); after the last missed one the request is closed as unreached. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Minutes between a missed attempt and the next. */
  retryAfterMinutes: z.number().int().min(1).max(1440).default(30),
  /** Seconds the customer's phone rings before the attempt counts as unanswered. */
  ringSeconds: z.number().int().min(5).max(120).default(30),
  /** Send the customer an SMS after each missed attempt. */
  missedSms: z.boolean().default(true),
  /** The line's own wording; a language not given uses the built-in text. */
  smsTemplates: MissedCallbackTemplates.default({}),
});
export type CallbackPolicy = z.infer<typeof CallbackPolicy>;

/** One key on the phone keypad, as a menu choice. */
export const MenuKey = z.string().regex(/^[0-9*#]$/, "one key: 0-9, * or #");

/**
 * The steps of a line's phone menu that play a prompt (each has a built-in tone until a recording is chosen).
 * `queue_position` is the periodic announcement while queued: spoken (place in line, expected wait) in the
 * caller's language unless a recording is chosen for it; `goodbye` is played before the gateway hangs up.
 */
export const IVR_STEPS = ["greeting", "recording_notice", "language_menu", "region_menu", "service_menu", "queued", "queue_position", "callback_offer", "callback_confirmed", "invalid", "hold_music", "goodbye"] as const;
export const IvrStep = z.enum(IVR_STEPS);
export type IvrStep = z.infer<typeof IvrStep>;

/**
 * Which uploaded prompt a step plays, by the caller's language; `default` when the caller's language has
 * none (and for the greeting and language menu, heard before a language is chosen).
 */
export const PromptChoice = z.record(z.string().regex(/^([a-z]{2,3}|default)$/, "a language code or default"), Id);
export type PromptChoice = z.infer<typeof PromptChoice>;

/** The key of a menu entry: its own, else its place in the list (the first entry is 1). */
export const menuKeyOf = (entry: { digit?: string | undefined }, index: number): string => entry.digit ?? String(index + 1);

function noDuplicateKeys(entries: Array<{ digit?: string | undefined }>, menu: string, ctx: z.RefinementCtx) {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const key = menuKeyOf(e, i);
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: [menu, i, "digit"], message: `Key ${key} is already used by choice ${seen.get(key)! + 1} of this menu`, params: { code: "duplicate_digit" } });
    else seen.set(key, i);
  });
}

/**
 * A client line's phone menu (IVR): greeting, language menu, region menu, self-service announcements, then
 * the queue with announcements, hold music and the keep-my-place option. Keys are per menu and must differ
 * within a menu; an entry without a key takes its place in the list (1, 2, …).
 */
export const VoiceLineConfig = z
  .object({
    /** Language menu in the order the caller hears it; empty = the line's own languages. One language = no menu. */
    languages: z.array(z.object({ language: LanguageCode, digit: MenuKey.optional() })).max(9).default([]),
    /** Region menu; each choice becomes a `region:<code>` skill the answering agent must have. Empty = no menu. */
    regions: z.array(z.object({ code: z.string().regex(/^[a-z0-9-]{1,32}$/), label: z.string().trim().min(1).max(80), digit: MenuKey.optional() })).max(9).default([]),
    /**
     * Self-service announcements (opening hours, an address …) offered after the menus: the `service_menu`
     * prompt is played, the caller presses an announcement's key to hear it, any other key or none goes on to the queue.
     */
    announcements: z.array(z.object({ digit: MenuKey, label: z.string().trim().min(1).max(80), prompt: PromptChoice })).max(9).default([]),
    /** While queued, the caller may press `callbackDigit` to keep their place and hang up; an agent calls back in turn. */
    callbackOption: z.boolean().default(true),
    callbackDigit: MenuKey.default("9"),
    /** Record both sides of every call (callers hear the recording notice first). */
    recording: z.boolean().default(true),
    /** Days a recording is kept; a daily purge deletes older files and their rows. Null: kept until deleted by hand. */
    recordingRetentionDays: z.number().int().min(1).max(3650).nullable().default(null),
    /** While queued: announce the caller's place in line, and the expected wait (in minutes). */
    announcePosition: z.boolean().default(true),
    announceWait: z.boolean().default(true),
    /** Seconds between announcements of position and expected wait while queued (hold music between them). */
    announceEverySeconds: z.number().int().min(10).max(600).default(30),
    /** Seconds to wait for a menu key before taking the first choice. */
    menuTimeoutSeconds: z.number().int().min(2).max(30).default(6),
    /** The queue calls enter; default: the line's first active queue. */
    queueId: Id.nullable().default(null),
    /** Uploaded prompts per step (greeting, menus, hold music …) and language; a step without one plays its built-in tone. */
    prompts: z.partialRecord(IvrStep, PromptChoice).default({}),
    /** Calling customers back: attempts, spacing, ringing time and the SMS after a missed attempt. */
    callbacks: CallbackPolicy.prefault({}),
  })
  .superRefine((config, ctx) => {
    noDuplicateKeys(config.languages, "languages", ctx);
    noDuplicateKeys(config.regions, "regions", ctx);
    noDuplicateKeys(config.announcements, "announcements", ctx);
    const languages = new Set<string>();
    config.languages.forEach((l, i) => {
      if (languages.has(l.language)) ctx.addIssue({ code: "custom", path: ["languages", i, "language"], message: `${l.language} is already in the language menu`, params: { code: "duplicate_language" } });
      languages.add(l.language);
    });
    const regions = new Set<string>();
    config.regions.forEach((r, i) => {
      if (regions.has(r.code)) ctx.addIssue({ code: "custom", path: ["regions", i, "code"], message: `Region ${r.code} is already in the region menu`, params: { code: "duplicate_region" } });
      regions.add(r.code);
    });
  });
export type VoiceLineConfig = z.infer<typeof VoiceLineConfig>;
export type VoiceLineConfigInput = z.input<typeof VoiceLineConfig>;

/** Every prompt a configuration plays (for checking they belong to the line, and for loading them for a call). */
export function promptIdsOf(config: Pick<VoiceLineConfig, "prompts" | "announcements">): string[] {
  const ids = new Set<string>();
  for (const choice of Object.values(config.prompts)) for (const id of Object.values(choice ?? {})) ids.add(id);
  for (const a of config.announcements) for (const id of Object.values(a.prompt)) ids.add(id);
  return [...ids];
}

export const VoiceLineResponse = z.object({ tenantId: Id, numbers: z.array(z.string()), config: VoiceLineConfig });

/** Uploaded prompts: WAV (PCM 16-bit, μ-law or A-law, mono or stereo, 8–48 kHz), MP3 or Ogg Vorbis; kept as G.711 μ-law at 8 kHz. */
export const MAX_PROMPT_BYTES = 10 * 1024 * 1024;
export const MAX_PROMPT_SECONDS = 600;
export const PROMPT_UPLOAD_TYPES = ["audio/wav", "audio/x-wav", "audio/wave", "audio/mpeg", "audio/ogg", "application/octet-stream"] as const;

export const VoicePrompt = z.object({
  id: Id,
  tenantId: Id,
  name: z.string(),
  /** What was uploaded: wav, mp3 or ogg. */
  format: z.enum(["wav", "mp3", "ogg"]),
  durationMs: z.number().int(),
  /** Bytes of the G.711 μ-law kept for playback (8,000 a second). */
  bytes: z.number().int(),
  createdAt: z.string(),
  /** The prompt as callers hear it (8 kHz WAV), for the play button. */
  url: z.string(),
});
export type VoicePrompt = z.infer<typeof VoicePrompt>;
export const VoicePromptList = z.object({ items: z.array(VoicePrompt) });
export const PromptUploadQuery = z.object({ name: z.string().trim().min(1).max(120).optional() });

export const RECORDING_DIRECTIONS = ["inbound", "outbound"] as const;

export const CallRecording = z.object({
  id: Id,
  tenantId: Id,
  interactionId: Id,
  agentId: Id.nullable(),
  direction: z.enum(RECORDING_DIRECTIONS),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().int(),
  bytes: z.number().int(),
  url: z.string(),
});
export type CallRecording = z.infer<typeof CallRecording>;
export const CallRecordingList = z.object({ items: z.array(CallRecording) });

/** The supervisors' recordings search: by line, agent, time of the call, its length and direction; newest first. */
export const RecordingSearchQuery = z.object({
  tenantId: Id.optional(),
  agentId: Id.optional(),
  /** ISO date-times; `from` inclusive, `to` exclusive, on when the recording started. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  minSeconds: z.coerce.number().int().min(0).optional(),
  maxSeconds: z.coerce.number().int().min(0).optional(),
  direction: z.enum(RECORDING_DIRECTIONS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});
export const RecordingSearchResult = z.object({ items: z.array(CallRecording), total: z.number().int() });

/** Live state of the gateway's calls, for supervisors and tests. */
export const VoiceCallView = z.object({
  callId: z.string(),
  tenantId: Id,
  interactionId: Id.nullable(),
  state: z.enum(["menu", "queued", "connected", "ended"]),
  caller: z.string(),
  /** The agent on the call, once answered, and when (ISO): the wallboard shows talk time from it. */
  agentId: Id.nullable(),
  answeredAt: z.string().nullable(),
  language: z.string().nullable(),
  region: z.string().nullable(),
  codec: z.enum(["PCMU", "PCMA"]),
  rtp: z.object({ packetsIn: z.number().int(), packetsOut: z.number().int(), lost: z.number().int(), dtmfIn: z.number().int(), looped: z.number().int() }),
  agentRtp: z.object({ packetsIn: z.number().int(), packetsOut: z.number().int() }).nullable(),
  held: z.boolean(),
  listeners: z.number().int(),
});
export const VoiceCallList = z.object({ items: z.array(VoiceCallView) });

/** WebRTC signalling, one round: the page's offer (all candidates gathered) in, our answer out. */
export const SessionDescription = z.object({ sdp: z.string().min(10).max(20_000) });
/** A silent listener's answer: the SDP, and the id that stops this listener (`DELETE …/listen/:listenerId`). */
export const ListenAnswer = z.object({ sdp: z.string(), listenerId: Id });
export const ListenerParams = z.object({ id: Id, listenerId: Id });
export const HoldRequest = z.object({ held: z.boolean() });
export const DigitsRequest = z.object({ digits: z.string().regex(/^[0-9*#A-D]{1,20}$/, "keys 0-9, *, #, A-D") });

/**
 * Events of outbound calls in a contact's history (`GET /interactions/:id/events`), stated by the voice
 * gateway: one `attempted` per call placed, then `connected` (answered) or `missed` (busy, no answer,
 * failed, cancelled), and `ended` after a connected call; `sms_queued` when the customer is told of a miss.
 */
export const OUTBOUND_EVENTS = {
  attempted: "outbound.attempted",
  connected: "outbound.connected",
  missed: "outbound.missed",
  ended: "outbound.ended",
  smsQueued: "outbound.sms_queued",
} as const;

export const OUTBOUND_OUTCOMES = ["busy", "no_answer", "failed", "cancelled"] as const;
export type OutboundOutcome = (typeof OUTBOUND_OUTCOMES)[number];

export const OUTBOUND_STATUSES = ["dialing", "ringing", "answered", "ended", ...OUTBOUND_OUTCOMES] as const;

/** The agent's browser places a call: its WebRTC offer, and the number when dialling by hand. */
export const DialRequest = z.object({
  sdp: z.string().min(10).max(20_000),
  number: z.string().regex(/^\+?[0-9*#]{3,20}$/, "digits, optionally with a leading +").optional().describe("Only with the manual-dial permission; default: the contact's customer number"),
});

/** One outbound attempt as the agent's desk sees it. */
export const OutboundAttemptView = z.object({
  attemptId: Id,
  interactionId: Id,
  number: z.string(),
  attempt: z.number().int().describe("1 for the first attempt of this call-back request"),
  status: z.enum(OUTBOUND_STATUSES),
  sipStatus: z.number().int().nullable(),
  startedAt: z.string(),
  ringingAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** After a miss: whether the customer is sent an SMS, and when the next attempt is due (null: no more). */
  smsQueued: z.boolean(),
  nextAttemptAt: z.string().nullable(),
});
export const DialResponse = z.object({ sdp: z.string(), attempt: OutboundAttemptView });
export const OutboundAttemptResponse = z.object({ attempt: OutboundAttemptView.nullable() });

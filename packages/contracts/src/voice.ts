import { z } from "zod";
import { Id } from "./common";

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

/** A client line's phone menu. Digits follow list order: the first entry is 1. */
export const VoiceLineConfig = z.object({
  /** Language menu, in the order the caller hears it; empty = the line's own languages. One language = no menu. */
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).max(8).default([]),
  /** Region menu; each choice becomes a `region:<code>` skill the answering agent must have. Empty = no menu. */
  regions: z.array(z.object({ code: z.string().regex(/^[a-z0-9-]{1,32}$/), label: z.string().trim().min(1).max(80) })).max(8).default([]),
  /** While queued, 9 keeps the caller's place and hangs up; an agent calls back in turn. */
  callbackOption: z.boolean().default(true),
  /** Record both sides of every call (callers hear the recording tone first). */
  recording: z.boolean().default(true),
  /** Seconds between announcements of position and expected wait while queued. */
  announceEverySeconds: z.number().int().min(10).max(600).default(30),
  /** Seconds to wait for a menu key before taking the first choice. */
  menuTimeoutSeconds: z.number().int().min(2).max(30).default(6),
  /** The queue calls enter; default: the line's first active queue. */
  queueId: Id.nullable().default(null),
  /** Calling customers back: attempts, spacing, ringing time and the SMS after a missed attempt. */
  callbacks: CallbackPolicy.prefault({}),
});
export type VoiceLineConfig = z.infer<typeof VoiceLineConfig>;

export const VoiceLineResponse = z.object({ tenantId: Id, numbers: z.array(z.string()), config: VoiceLineConfig });

export const CallRecording = z.object({
  id: Id,
  tenantId: Id,
  interactionId: Id,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().int(),
  bytes: z.number().int(),
  url: z.string(),
});
export const CallRecordingList = z.object({ items: z.array(CallRecording) });

/** Live state of the gateway's calls, for supervisors and tests. */
export const VoiceCallView = z.object({
  callId: z.string(),
  tenantId: Id,
  interactionId: Id.nullable(),
  state: z.enum(["menu", "queued", "connected", "ended"]),
  caller: z.string(),
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

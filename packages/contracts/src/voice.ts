import { z } from "zod";
import { Id } from "./common";

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

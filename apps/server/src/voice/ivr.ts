import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "@moked/db";
import type { RoutingHost } from "../routing/host";
import { matchCustomer, toE164 } from "../channels/customers";
import { menuKeyOf, type PromptChoice } from "@moked/contracts";
import type { Call } from "./call";
import { loadPromptAudio } from "./lines";
import { requestForKeptPlace } from "./callback-refile";
import { BUILT_IN, concat, positionAnnouncement, silence, type PromptKey } from "./media/prompts";
import { isSpoken, standingSentence, type QueueStanding } from "./announcements";
import type { Speech } from "./speech";

export interface IvrDeps {
  db: Db;
  routing: RoutingHost;
  log: FastifyBaseLogger;
  /** A line's own recording of a prompt, when one was uploaded. */
  prompt(tenantId: string, key: PromptKey): Int16Array;
  /** Ends the call from our side: the goodbye prompt, then BYE. */
  hangUp(call: Call): void;
  /** Says position and expected wait in words; null: beeps. */
  speech?: Speech | null;
  /** The call is in routing now (its interaction exists). */
  routed(call: Call): void;
}

export const defaultPrompts = (_tenantId: string, key: PromptKey): Int16Array => BUILT_IN[key]();

/** The line's uploaded prompts a call may play, loaded when it arrives (by prompt id). */
const recordings = new WeakMap<Call, Map<string, Int16Array>>();

/** The uploaded prompt of a choice in the caller's language, else its default, else (before a language is chosen) the menu's first language. */
function chosen(call: Call, choice: PromptChoice | undefined): Int16Array | undefined {
  if (!choice) return undefined;
  const id = (call.language ? choice[call.language] : undefined) ?? choice.default ?? (call.language ? undefined : choice[call.config.languages[0]?.language ?? ""]);
  return id ? recordings.get(call)?.get(id) : undefined;
}

/** What the caller hears at a step: the line's recording for it, or the built-in tone. */
export function promptFor(call: Call, deps: Pick<IvrDeps, "prompt">, key: PromptKey): Int16Array {
  return chosen(call, call.config.prompts[key]) ?? deps.prompt(call.tenantId, key);
}

/**
 * The caller's path through a line's menus to the queue: recording notice, greeting, language menu, region
 * menu, self-service announcements, then the queue with announcements of position and expected wait between
 * stretches of hold music, and the call-back key to keep one's place. Each step plays the line's uploaded
 * prompt (in the caller's language once chosen) or a built-in tone. The choices become the interaction's
 * required skills.
 */
export async function runIvr(call: Call, deps: IvrDeps): Promise<void> {
  const { config } = call;
  recordings.set(call, await loadPromptAudio(deps.db, call.tenantId, config));
  const say = (key: PromptKey) => call.say(promptFor(call, deps, key));
  if (config.recording) await call.say(promptFor(call, deps, "recording_notice"), false);
  await say("greeting");
  const languages = config.languages;
  call.language = languages.length > 1 ? languages[await menu(call, deps, "language_menu", languages)]!.language : (languages[0]?.language ?? null);
  if (config.regions.length > 0 && !call.ended) call.region = config.regions[await menu(call, deps, "region_menu", config.regions)]!.code;
  call.menuEndedAt = Date.now();
  await selfService(call, deps);
  await enterQueue(call, deps);
  if (call.ended) {
    // Hung up in the menus: the call still arrived (the statutory clock started), so it counts as abandoned.
    await deps.routing.submit({ type: "hangup", interactionId: call.interactionId! }).catch(() => {});
    return;
  }
  call.state = "queued";
  await waitInQueue(call, deps);
}

/** Plays a menu and returns the chosen entry's index; a bad key is explained once, no key takes the first entry. */
async function menu(call: Call, deps: IvrDeps, key: PromptKey, entries: Array<{ digit?: string | undefined }>): Promise<number> {
  const keys = entries.map(menuKeyOf);
  for (let attempt = 0; attempt < 2 && !call.ended; attempt++) {
    await call.say(promptFor(call, deps, key));
    const digit = await call.nextDigit(call.config.menuTimeoutSeconds * 1000);
    if (digit === null) return 0;
    const choice = keys.indexOf(digit);
    if (choice >= 0) return choice;
    call.clearDigits();
    await call.say(promptFor(call, deps, "invalid"), false);
  }
  return 0;
}

/** Self-service: the caller presses an announcement's key to hear it (opening hours …), any other key or none goes on to the queue. */
async function selfService(call: Call, deps: IvrDeps): Promise<void> {
  const { announcements } = call.config;
  for (let round = 0; round < 3 && announcements.length > 0 && !call.ended; round++) {
    await call.say(promptFor(call, deps, "service_menu"));
    const digit = await call.nextDigit(call.config.menuTimeoutSeconds * 1000);
    const announcement = announcements.find((a) => a.digit === digit);
    if (!announcement) return;
    await call.say(chosen(call, announcement.prompt) ?? deps.prompt(call.tenantId, "service_menu"));
  }
}

async function enterQueue(call: Call, deps: IvrDeps): Promise<void> {
  const { routing, db } = deps;
  const queue = routing.engine.listQueues().find((q) => (call.config.queueId ? q.id === call.config.queueId : q.tenantId === call.tenantId));
  if (!queue) throw new Error(`line ${call.tenantId} has no queue`);
  const phone = toE164(call.caller);
  const customerRef = phone ? await matchCustomer(db, call.tenantId, { phone }) : undefined;
  call.interactionId = randomUUID();
  const requiredSkills = [...(call.language ? [{ skill: `lang:${call.language}` }] : []), ...(call.region ? [{ skill: `region:${call.region}` }] : [])];
  await routing.submit({
    type: "arrive",
    interaction: {
      id: call.interactionId,
      tenantId: call.tenantId,
      queueId: queue.id,
      channel: "voice",
      requiredSkills,
      arrivedAt: call.arrivedAt,
      ...(customerRef ? { customerRef } : {}),
    },
    meta: {
      externalId: `sip:${call.dialog.callId}`,
      data: {
        customerPhone: phone ?? call.caller,
        calledNumber: call.called,
        language: call.language,
        region: call.region,
        gatewayArrivedAt: new Date(call.arrivedAt).toISOString(),
        menuEndedAt: new Date(call.menuEndedAt ?? Date.now()).toISOString(),
        sipCallId: call.dialog.callId,
      },
    },
  });
  call.routed = true;
  if (!call.ended) deps.routed(call);
}

export async function waitInQueue(call: Call, deps: IvrDeps): Promise<void> {
  const { config } = call;
  const say = (key: PromptKey) => call.say(promptFor(call, deps, key));
  await say("queued");
  while (call.state === "queued" && !call.closing) {
    const live = deps.routing.engine.contact(call.interactionId!);
    if (!live || live.status !== "waiting" && live.status !== "offered") break;
    if (live.position !== null && (config.announcePosition || config.announceWait)) {
      const standing = {
        position: config.announcePosition ? live.position : null,
        minutes: config.announceWait && live.expectedWaitMs !== null ? Math.ceil(live.expectedWaitMs / 60_000) : null,
      };
      const announcement = await standingAnnouncement(call, deps, standing);
      if (call.state !== "queued" || call.closing) break;
      await call.say(announcement);
    }
    if (config.callbackOption && !call.keepingPlace) await say("callback_offer");
    if (call.state !== "queued" || call.closing) break;
    // Hold music until the next announcement, or until a key, an agent or a hang-up cuts it short.
    if (!call.hasDigit()) {
      const music = call.leg.play(promptFor(call, deps, "hold_music"), { loop: true });
      const stop = setTimeout(() => call.leg.stopPlayback(), config.announceEverySeconds * 1000);
      await music;
      clearTimeout(stop);
    }
    const digit = call.hasDigit() ? await call.nextDigit(0) : null;
    if (digit === config.callbackDigit && config.callbackOption && call.state === "queued") {
      await keepPlace(call, deps);
      return;
    }
  }
}

/**
 * "You are number 3 in line. Expected wait: about 4 minutes.": the line's recording for the step if it has
 * one, else the sentence spoken in the caller's language, else (no synthesiser, or a language we have no
 * words for) a beep per place and a lower one per minute.
 */
export async function standingAnnouncement(call: Call, deps: Pick<IvrDeps, "prompt" | "speech">, standing: QueueStanding): Promise<Int16Array> {
  const recorded = chosen(call, call.config.prompts.queue_position);
  if (recorded) return recorded;
  const language = call.language;
  const spoken = deps.speech && isSpoken(language) ? await deps.speech.speak(language, standingSentence(language, standing)) : null;
  if (spoken) return concat([deps.prompt(call.tenantId, "queue_position"), spoken, silence(400)]);
  return positionAnnouncement(standing.position ?? 0, standing.minutes ?? 0);
}

/** The call-back key (9 by default) while queued, by the caller's choice only: they keep their place and hangs up; the agent who gets it calls back. */
async function keepPlace(call: Call, deps: IvrDeps): Promise<void> {
  try {
    await deps.routing.submit({ type: "customer_choice", interactionId: call.interactionId!, choice: "keep_place_callback" });
  } catch (err) {
    deps.log.warn({ err, interactionId: call.interactionId }, "keep-place choice refused");
    return;
  }
  call.keepingPlace = true;
  await requestForKeptPlace(deps.db, { tenantId: call.tenantId, interactionId: call.interactionId! }).catch((err: unknown) => deps.log.error({ err, interactionId: call.interactionId }, "kept place: call-back request not written"));
  await call.say(promptFor(call, deps, "callback_confirmed"), false);
  deps.hangUp(call);
}

import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "@moked/db";
import type { RoutingHost } from "../routing/host";
import { matchCustomer, toE164 } from "../channels/customers";
import type { Call } from "./call";
import { BUILT_IN, positionAnnouncement, type PromptKey } from "./media/prompts";

export interface IvrDeps {
  db: Db;
  routing: RoutingHost;
  log: FastifyBaseLogger;
  /** A line's own recording of a prompt, when one was uploaded. */
  prompt(tenantId: string, key: PromptKey): Int16Array;
  /** Ends the call from our side (BYE), after a last prompt. */
  hangUp(call: Call): void;
  /** The call is in routing now (its interaction exists). */
  routed(call: Call): void;
}

export const defaultPrompts = (_tenantId: string, key: PromptKey): Int16Array => BUILT_IN[key]();

/**
 * The caller's path through a line's menus to the queue: recording tone, greeting, language menu, region
 * menu, then the queue with announcements of position and expected wait between stretches of hold music,
 * and 9 to keep one's place for a call-back. The choices become the interaction's required skills.
 */
export async function runIvr(call: Call, deps: IvrDeps): Promise<void> {
  const { config } = call;
  const say = (key: PromptKey) => call.say(deps.prompt(call.tenantId, key));
  if (config.recording) await call.say(deps.prompt(call.tenantId, "recording_notice"), false);
  await say("greeting");
  const languages = config.languages;
  call.language = languages.length > 1 ? languages[await menu(call, deps, "language_menu", languages.length)]! : (languages[0] ?? null);
  if (config.regions.length > 0 && !call.ended) call.region = config.regions[await menu(call, deps, "region_menu", config.regions.length)]!.code;
  call.menuEndedAt = Date.now();
  await enterQueue(call, deps);
  if (call.ended) {
    // Hung up in the menus: the call still arrived (the statutory clock started), so it counts as abandoned.
    await deps.routing.submit({ type: "hangup", interactionId: call.interactionId! }).catch(() => {});
    return;
  }
  call.state = "queued";
  await waitInQueue(call, deps);
}

/** Plays a menu and returns the chosen index; a bad key is explained once, no key takes the first choice. */
async function menu(call: Call, deps: IvrDeps, key: PromptKey, options: number): Promise<number> {
  for (let attempt = 0; attempt < 2 && !call.ended; attempt++) {
    await call.say(deps.prompt(call.tenantId, key));
    const digit = await call.nextDigit(call.config.menuTimeoutSeconds * 1000);
    if (digit === null) return 0;
    const choice = Number(digit);
    if (Number.isInteger(choice) && choice >= 1 && choice <= options) return choice - 1;
    call.clearDigits();
    await call.say(deps.prompt(call.tenantId, "invalid"), false);
  }
  return 0;
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
  const say = (key: PromptKey) => call.say(deps.prompt(call.tenantId, key));
  await say("queued");
  while (call.state === "queued") {
    const live = deps.routing.engine.contact(call.interactionId!);
    if (!live || live.status !== "waiting" && live.status !== "offered") break;
    if (live.position !== null) {
      await call.say(positionAnnouncement(live.position, Math.ceil((live.expectedWaitMs ?? 0) / 60_000)));
    }
    if (call.config.callbackOption && !call.keepingPlace) await say("callback_offer");
    if (call.state !== "queued") break;
    // Hold music until the next announcement, or until a key, an agent or a hang-up cuts it short.
    if (!call.hasDigit()) {
      const music = call.leg.play(deps.prompt(call.tenantId, "hold_music"), { loop: true });
      const stop = setTimeout(() => call.leg.stopPlayback(), call.config.announceEverySeconds * 1000);
      await music;
      clearTimeout(stop);
    }
    const digit = call.hasDigit() ? await call.nextDigit(0) : null;
    if (digit === "9" && call.config.callbackOption && call.state === "queued") {
      await keepPlace(call, deps);
      return;
    }
  }
}

/** 9 while queued: the caller keeps their place and hangs up; the agent who gets it calls back. */
async function keepPlace(call: Call, deps: IvrDeps): Promise<void> {
  try {
    await deps.routing.submit({ type: "customer_choice", interactionId: call.interactionId!, choice: "keep_place_callback" });
  } catch (err) {
    deps.log.warn({ err, interactionId: call.interactionId }, "keep-place choice refused");
    return;
  }
  call.keepingPlace = true;
  await call.say(deps.prompt(call.tenantId, "callback_confirmed"), false);
  deps.hangUp(call);
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { callbackRequests, callRecordings, chatSessions, interactions } from "@moked/db";
import type { TestDatabase } from "@moked/db/testing";
import type { MokedApp } from "../src/app";
import { requestCallback } from "../src/channels/callbacks";
import { matchCustomer } from "../src/channels/customers";
import { attemptInteractionId } from "../src/voice/callback-attempts";
import { freeUdpPort, runSipp, scenario } from "./voice/sipp";
import { runTrunk, smsSink, type SmsSink } from "./voice/trunk";
import { startVoiceApp, type VoiceTestApp } from "./voice/voice-app";
import { channelRms } from "./voice/wav";
import { webrtcPeer } from "./voice/webrtc-peer";

let v: VoiceTestApp;
let db: TestDatabase;
let moked: MokedApp;
let skyTours: string;
let trunkPort: number;
let sink: SmsSink;
/** What the SMS provider (a real HTTP server here) received; it refuses the first delivery to prove the retry. */
let sms: SmsSink["received"] = [];
const login = (email: string) => v.login(email);
const api: VoiceTestApp["api"] = (...args) => v.api(...args);

beforeAll(async () => {
  sink = await smsSink({ refuseFirst: true });
  sms = sink.received;
  trunkPort = await freeUdpPort();
  v = await startVoiceApp({ VOICE_TRUNKS: `sky-tours=127.0.0.1:${trunkPort}`, MESSAGING_PROVIDER_URL: sink.url, OUTBOX_POLL_MS: "200" });
  ({ db, moked, skyTours } = v);
  const admin = await login("admin@moked.local");
  const put = await api(admin, "PUT", `/voice/lines/${skyTours}`, { callbacks: { maxAttempts: 2, retryAfterMinutes: 30, ringSeconds: 5 } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  expect(put.body.config.callbacks).toMatchObject({ maxAttempts: 2, ringSeconds: 5, missedSms: true });
});

afterAll(async () => {
  await v?.close();
  await sink?.close();
});

/** A call-back request routed to agent4 and accepted: the desk's starting point. */
async function acceptedCallback(phone: string, interactionId?: string): Promise<{ agent: string; interactionId: string }> {
  const agent = await login("agent4@moked.local");
  expect((await api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);
  if (!interactionId) {
    const { row } = await requestCallback(db.db, skyTours, { name: "לקוח", phone, windowFrom: new Date(), windowTo: null, marketingConsent: false });
    interactionId = attemptInteractionId(row.id, row.attempts + 1);
  }
  await expect.poll(async () => (await api(agent, "GET", `/interactions/${interactionId}`)).body.interaction?.status, { timeout: 20_000, interval: 200 }).toBe("offered");
  expect((await api(agent, "POST", `/interactions/${interactionId}/accept`)).status).toBe(200);
  return { agent, interactionId: interactionId! };
}

const eventsOf = async (cookie: string, id: string) => ((await api(cookie, "GET", `/interactions/${id}/events`)).body.items as Array<{ type: string; data: Record<string, unknown> }>).filter((e) => e.type.startsWith("outbound."));

describe("calling customers back from the agent's browser through the line's trunk (sipp as the far end)", () => {
  it("places the call, the customer answers, audio flows both ways, the agent hangs up with BYE; attempt and answer are in the contact's history, and the call is recorded as outbound on it", async () => {
    const trunk = await runTrunk("answer", {}, trunkPort);
    const { agent, interactionId } = await acceptedCallback("+972501110001");
    const lead = await login("lead1@moked.local");
    // Dialling by hand is for team leaders; the contact's own number is for its agent.
    expect(await api(agent, "POST", `/voice/calls/${interactionId}/dial`, { sdp: "v=0\r\n-------", number: "0529999999" })).toMatchObject({ status: 403, body: { error: { code: "manual_dial_forbidden" } } });
    expect(await api(lead, "POST", `/voice/calls/${interactionId}/dial`, { sdp: "v=0\r\n-------" })).toMatchObject({ status: 409, body: { error: { code: "not_your_contact" } } });

    let attemptStatus = "";
    const phone = await webrtcPeer({
      streams: 1,
      direction: "sendrecv",
      signal: async (sdp) => {
        const res = await api(agent, "POST", `/voice/calls/${interactionId}/dial`, { sdp });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        attemptStatus = res.body.attempt.status;
        return res.body.sdp as string;
      },
    });
    expect(attemptStatus).toBe("dialing");
    phone.startTone();
    const attempt = async () => (await api(agent, "GET", `/voice/calls/${interactionId}/outbound`)).body.attempt;
    await expect.poll(async () => (await attempt())?.status, { timeout: 20_000 }).toBe("answered");
    expect(await attempt()).toMatchObject({ number: "+972501110001", attempt: 1, sipStatus: 200, ringingAt: expect.any(String), answeredAt: expect.any(String) });
    // A second call for the same contact while this one is on: refused.
    expect(await api(agent, "POST", `/voice/calls/${interactionId}/dial`, { sdp: "v=0\r\n-------" })).toMatchObject({ status: 409, body: { error: { code: "call_in_progress" } } });

    // The customer's speech (A-law, converted) reaches the browser; the agent's tone reaches the customer and comes back (sipp echoes it).
    const admin = await login("admin@moked.local");
    type View = { interactionId: string; codec: string; rtp: { looped: number; packetsIn: number } };
    await expect.poll(() => phone.received[0]!, { timeout: 10_000 }).toBeGreaterThan(50);
    await expect
      .poll(async () => ((await api(admin, "GET", "/voice/calls")).body.items as View[]).find((c) => c.interactionId === interactionId)?.rtp.looped ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(50);
    const view = ((await api(admin, "GET", "/voice/calls")).body.items as View[]).find((c) => c.interactionId === interactionId)!;
    expect(view.codec).toBe("PCMA");
    expect(view.rtp.packetsIn).toBeGreaterThan(50);

    // The agent ends the contact: BYE to the customer, sipp's scenario completes.
    expect((await api(agent, "POST", `/interactions/${interactionId}/complete`)).status).toBe(200);
    const { code, output } = await trunk.done;
    expect(code, output).toBe(0);
    await phone.close();
    await expect.poll(async () => (await eventsOf(agent, interactionId)).map((e) => e.type), { timeout: 10_000 }).toEqual(["outbound.attempted", "outbound.connected", "outbound.ended"]);
    const [attempted, connected] = await eventsOf(agent, interactionId);
    expect(attempted!.data).toMatchObject({ number: "+972501110001", attempt: 1 });
    expect(connected!.data).toMatchObject({ codec: "PCMA", ringMs: expect.any(Number) });
    const [request] = await db.db.select().from(callbackRequests).where(eq(callbackRequests.phone, "+972501110001"));
    expect(request).toMatchObject({ status: "reached", attempts: 1 });
    expect((await api(agent, "POST", `/interactions/${interactionId}/wrap-up`, { code: "info-given" })).status).toBe(200);

    // The call was recorded (the line records by default) as an outbound recording of this call-back, by its
    // agent: the customer's side (their speech and the echo of the tone) left, the agent's tone right.
    const list = async (cookie: string) => api(cookie, "GET", `/interactions/${interactionId}/recordings`);
    await expect.poll(async () => (await list(admin)).body.items?.length, { timeout: 10_000 }).toBe(1);
    const recording = (await list(admin)).body.items[0] as { id: string; url: string; direction: string; agentId: string; durationMs: number };
    expect(recording).toMatchObject({ direction: "outbound", agentId: v.ids.get("agent4@moked.local") });
    expect(recording.durationMs).toBeGreaterThan(1_000);
    const [stored] = await db.db.select().from(callRecordings).where(eq(callRecordings.id, recording.id));
    expect(stored).toMatchObject({ tenantId: skyTours, interactionId, direction: "outbound" });
    const found = await api(admin, "GET", `/recordings?tenantId=${skyTours}&direction=outbound`);
    expect((found.body.items as Array<{ id: string }>).map((r) => r.id)).toContain(recording.id);
    const audio = await moked.app.inject({ method: "GET", url: recording.url, headers: { cookie: admin } });
    expect(audio.statusCode).toBe(200);
    const wav = channelRms(audio.rawPayload);
    expect(wav.channels).toBe(2);
    expect(wav.rms[0]).toBeGreaterThan(200);
    expect(wav.rms[1]).toBeGreaterThan(200);
  }, 120_000);

  it("a busy customer gets one SMS in their language (retried by the outbox), the call-back is due again after the line's spacing; unanswered on the last attempt, it closes as unreached", async () => {
    const phoneNumber = "+972501110002";
    // This customer wrote to the line in Russian before: the SMS speaks Russian.
    const customerId = await matchCustomer(db.db, skyTours, { phone: phoneNumber });
    await db.db.insert(chatSessions).values({ tenantId: skyTours, medium: "sms", address: phoneNumber, interactionId: crypto.randomUUID(), customerId, phone: phoneNumber, language: "ru", status: "closed" });

    const busy = await runTrunk("busy", {}, trunkPort);
    const { agent, interactionId } = await acceptedCallback(phoneNumber);
    // Nobody answers, so the softphone's connection is never completed: do not wait for it.
    const phone = await webrtcPeer({ streams: 1, direction: "sendrecv", waitConnected: false, signal: async (sdp) => (await api(agent, "POST", `/voice/calls/${interactionId}/dial`, { sdp })).body.sdp as string });
    const attempt = async (id: string) => (await api(agent, "GET", `/voice/calls/${id}/outbound`)).body.attempt;
    await expect.poll(async () => (await attempt(interactionId))?.status, { timeout: 20_000 }).toBe("busy");
    expect((await busy.done).code, (await busy.done).output).toBe(0); // our ACK of the 486 arrived
    await phone.close();
    await expect.poll(async () => (await attempt(interactionId))?.smsQueued, { timeout: 5_000 }).toBe(true);
    const first = await attempt(interactionId);
    expect(first).toMatchObject({ sipStatus: 486, attempt: 1 });
    expect(Date.parse(first.nextAttemptAt) - Date.now()).toBeGreaterThan(29 * 60_000);

    // The provider refuses the first delivery; the outbox tries again with the same key, and that is all.
    await expect.poll(() => sms.filter((s) => s.status === 200).length, { timeout: 20_000, interval: 250 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sms.map((s) => s.status)).toEqual([503, 200]);
    expect(new Set(sms.map((s) => s.key)).size).toBe(1);
    expect(sms[1]).toMatchObject({ to: phoneNumber, text: expect.stringContaining("Мы пытались перезвонить вам") });
    expect(sms[1]!.text).toContain("+97235551234");
    const events = await eventsOf(agent, interactionId);
    expect(events.map((e) => e.type)).toEqual(["outbound.attempted", "outbound.missed", "outbound.sms_queued"]);
    expect(events[1]!.data).toMatchObject({ outcome: "busy", sipStatus: 486 });
    expect(events[2]!.data.text).toBe(sms[1]!.text);
    // The attempt and the SMS are in the customer's timeline.
    const timeline = await api(agent, "GET", `/customers/${customerId}`);
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
    const contact = (timeline.body.contacts as Array<{ id: string; conversation: Array<{ author: string; text: string; event?: unknown }> }>).find((c) => c.id === interactionId)!;
    expect(contact.conversation).toEqual([
      expect.objectContaining({ author: "system", event: { kind: "outbound_attempt", outcome: "busy", number: phoneNumber } }),
      expect.objectContaining({ author: "system", text: sms[1]!.text, event: { kind: "sms", outcome: null, number: phoneNumber } }),
    ]);
    expect((await api(agent, "POST", `/interactions/${interactionId}/complete`)).status).toBe(200);
    expect((await api(agent, "POST", `/interactions/${interactionId}/wrap-up`, { code: "no-answer" })).status).toBe(200);

    const [request] = await db.db.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, skyTours), eq(callbackRequests.phone, phoneNumber)));
    expect(request).toMatchObject({ status: "scheduled", attempts: 1 });
    // Time passes: the second (and last) attempt is routed as a new contact; nobody answers it.
    await db.db.update(callbackRequests).set({ windowFrom: new Date() }).where(eq(callbackRequests.id, request!.id));
    const noAnswer = await runTrunk("noanswer", {}, trunkPort);
    const second = await acceptedCallback(phoneNumber, attemptInteractionId(request!.id, 2));
    const [row] = await db.db.select().from(interactions).where(eq(interactions.id, second.interactionId));
    expect(row).toMatchObject({ channel: "callback", externalId: `callback:${request!.id}:2` });
    const phone2 = await webrtcPeer({ streams: 1, direction: "sendrecv", waitConnected: false, signal: async (sdp) => (await api(agent, "POST", `/voice/calls/${second.interactionId}/dial`, { sdp })).body.sdp as string });
    await expect.poll(async () => (await attempt(second.interactionId))?.status, { timeout: 5_000 }).toBe("ringing");
    await expect.poll(async () => (await attempt(second.interactionId))?.status, { timeout: 15_000 }).toBe("no_answer");
    expect((await noAnswer.done).code, (await noAnswer.done).output).toBe(0); // CANCEL, 487, ACK
    await phone2.close();
    await expect.poll(async () => (await attempt(second.interactionId))?.smsQueued, { timeout: 5_000 }).toBe(true);
    expect(await attempt(second.interactionId)).toMatchObject({ attempt: 2, sipStatus: 487, nextAttemptAt: null });
    const [closed] = await db.db.select().from(callbackRequests).where(eq(callbackRequests.id, request!.id));
    expect(closed).toMatchObject({ status: "unreached", attempts: 2 });
    await expect.poll(() => sms.filter((s) => s.status === 200).length, { timeout: 10_000, interval: 250 }).toBe(2);
    expect((await api(agent, "POST", `/interactions/${second.interactionId}/complete`)).status).toBe(200);
    expect((await api(agent, "POST", `/interactions/${second.interactionId}/wrap-up`, { code: "no-answer" })).status).toBe(200);
  }, 120_000);

  it("a caller who kept their place and hung up is called back from the desk; busy, they get a request for the next attempt and an SMS in the menu's language", async () => {
    const agent = await login("agent4@moked.local");
    await api(agent, "PUT", "/agents/me/state", { state: "not_ready", reason: "break" });
    const caller = await runSipp({ scenarioFile: scenario("caller"), target: `127.0.0.1:${moked.voice!.port}`, service: "035551234", vars: { keep: 1 } });
    expect((await caller.done).code, (await caller.done).output).toBe(0);
    const [kept] = await db.db.select().from(interactions).where(and(eq(interactions.channel, "voice"), eq(interactions.tenantId, skyTours)));
    expect(kept!.data).toMatchObject({ customerPhone: "+972501234567", language: "he" });
    const busy = await runTrunk("busy", {}, trunkPort);
    const { interactionId } = await acceptedCallback("", kept!.id);
    // The call itself is gone: the softphone cannot join it, the desk offers Call back instead.
    expect((await api(agent, "POST", `/voice/calls/${interactionId}/softphone`, { sdp: "v=0\r\n-------" })).status).toBe(404);
    await webrtcPeer({ streams: 1, direction: "sendrecv", waitConnected: false, signal: async (sdp) => (await api(agent, "POST", `/voice/calls/${interactionId}/dial`, { sdp })).body.sdp as string });
    await expect.poll(async () => (await api(agent, "GET", `/voice/calls/${interactionId}/outbound`)).body.attempt?.status, { timeout: 20_000 }).toBe("busy");
    expect((await busy.done).code).toBe(0);
    const [request] = await db.db.select().from(callbackRequests).where(and(eq(callbackRequests.tenantId, skyTours), eq(callbackRequests.phone, "+972501234567")));
    expect(request).toMatchObject({ status: "scheduled", attempts: 1, interactionId });
    await expect.poll(() => sms.find((m) => m.to === "+972501234567")?.text, { timeout: 15_000, interval: 250 }).toContain("ניסינו לחזור אליך");
  }, 120_000);

  it("another line's agent can neither call this line's customers nor see its attempts", async () => {
    const [row] = await db.db.select({ id: interactions.id }).from(interactions).where(eq(interactions.channel, "callback")).limit(1);
    const outsider = await login("agent2@moked.local");
    const res = await api(outsider, "POST", `/voice/calls/${row!.id}/dial`, { sdp: "v=0\r\n-------" });
    expect([404, 409]).toContain(res.status);
    expect((await api(outsider, "GET", `/voice/calls/${row!.id}/outbound`)).body).toEqual({ attempt: null });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { callRecordings, interactionEvents, interactions, tenants, tenantsScope, voiceLines, withTenantScope } from "@moked/db";
import type { TestDatabase } from "@moked/db/testing";
import type { MokedApp } from "../src/app";
import { runSipp, scenario } from "./voice/sipp";
import { settleCenter, startVoiceApp, type VoiceTestApp } from "./voice/voice-app";
import { channelRms } from "./voice/wav";
import { webrtcPeer } from "./voice/webrtc-peer";

let v: VoiceTestApp;
let db: TestDatabase;
let moked: MokedApp;
let skyTours: string;
let ids: Map<string, string>;
const login = (email: string) => v.login(email);
const api: VoiceTestApp["api"] = (...args) => v.api(...args);

type CallView = { callId: string; interactionId: string | null; state: string; held: boolean; language: string | null; region: string | null; codec: string; rtp: { packetsIn: number; packetsOut: number; lost: number; dtmfIn: number; looped: number } };

async function liveCall(cookie: string, until: (c: CallView) => boolean): Promise<CallView> {
  let found: CallView | undefined;
  await expect
    .poll(
      async () => {
        found = ((await api(cookie, "GET", "/voice/calls")).body.items as CallView[]).find(until);
        return found !== undefined;
      },
      { timeout: 20_000, interval: 100 },
    )
    .toBe(true);
  return found!;
}

beforeAll(async () => {
  v = await startVoiceApp({}, { outbox: false });
  ({ db, moked, skyTours, ids } = v);
  const admin = await login("admin@moked.local");
  const put = await api(admin, "PUT", `/voice/lines/${skyTours}`, { regions: [{ code: "north", label: "צפון" }, { code: "center", label: "מרכז" }] });
  expect(put.status).toBe(200);
  expect(put.body.numbers).toEqual(["+97235551234"]);
}, 150_000);

// A test that fails midway must not leave a call up and an agent holding it for the next one.
afterEach(async () => {
  if (moked) await settleCenter(moked);
});

afterAll(async () => {
  await v?.close();
});

describe("voice gateway with a real SIP caller (sipp)", () => {
  const target = () => `127.0.0.1:${moked.voice!.port}`;

  it("takes the language and region by keypad, queues the call with them as skills, and counts a hang-up in the queue as abandoned with its wait", async () => {
    const admin = await login("admin@moked.local");
    const sipp = await runSipp({ scenarioFile: scenario("caller"), target: target(), service: "+97235551234", vars: { wait: 3000, plays: 1 } });
    // While it waits: both keys heard as RFC 4733 events, the caller's audio in, our prompts and music out
    // (sipp echoes them back, so they demonstrably reached the caller).
    const call = await liveCall(admin, (c) => c.state === "queued" && c.rtp.dtmfIn >= 2 && c.rtp.packetsIn > 100 && c.rtp.looped > 100);
    expect(call).toMatchObject({ language: "he", region: "center", codec: "PCMA" });
    const { code, output } = await sipp.done;
    expect(code, output).toBe(0);

    // The gateway answers the BYE at once and tells routing right after; the row follows the commit.
    const abandonedRow = async () => (await db.db.select().from(interactions).where(eq(interactions.externalId, `sip:${call.callId}`)))[0];
    await expect.poll(async () => (await abandonedRow())?.finalState, { timeout: 10_000 }).toBe("abandoned");
    const row = await abandonedRow();
    expect(row).toMatchObject({ channel: "voice", tenantId: skyTours });
    expect(row!.requiredSkills).toMatchObject([{ skill: "lang:he" }, { skill: "region:center" }]);
    const data = row!.data as Record<string, string>;
    // The statutory clock started when the INVITE reached the gateway, before the menus.
    expect(new Date(data.gatewayArrivedAt!).getTime()).toBe(row!.arrivedAt.getTime());
    expect(new Date(data.menuEndedAt!).getTime()).toBeGreaterThan(row!.arrivedAt.getTime() + 1500);
    const events = await db.db.select().from(interactionEvents).where(eq(interactionEvents.interactionId, row!.id));
    const abandoned = events.find((e) => e.type === "interaction.abandoned")!;
    // Its wait runs from arrival at the gateway to the caller's BYE: menus (~4 s) and queue (3 s).
    expect(abandoned.data.waitMs).toBe(abandoned.at.getTime() - row!.arrivedAt.getTime());
    expect(abandoned.data.waitMs as number).toBeGreaterThan(6_000);
    expect(await api(admin, "GET", "/voice/calls")).toMatchObject({ body: { items: [] } });
  }, 40_000);

  it("rings an agent with the caller's skills; the softphone and a silent listener hear the call, hold and keys work, the agent's hang-up sends BYE, and both sides are recorded", async () => {
    const admin = await login("admin@moked.local");
    const agentId = ids.get("agent4@moked.local")!;
    expect((await api(admin, "PUT", `/agents/${agentId}/profile`, { skills: [{ skill: "lang:he", proficiency: 5 }, { skill: "region:center", proficiency: 5 }], capacity: {} })).status).toBe(200);
    const agent = await login("agent4@moked.local");
    expect((await api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);

    const sipp = await runSipp({ scenarioFile: scenario("caller"), target: target(), service: "035551234", vars: { wait: 0, plays: 1 } });
    const call = await liveCall(admin, (c) => c.state === "queued" && c.interactionId !== null);
    await expect.poll(async () => (await api(agent, "GET", `/interactions/${call.interactionId}`)).body.interaction.status, { timeout: 10_000 }).toBe("offered");
    // Not answered yet: the softphone may not join, nor may anyone but the agent who answers.
    const offerSdp = { sdp: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" };
    expect(await api(agent, "POST", `/voice/calls/${call.interactionId}/softphone`, offerSdp)).toMatchObject({ status: 409, body: { error: { code: "not_your_call" } } });
    expect((await api(agent, "POST", `/interactions/${call.interactionId}/accept`)).status).toBe(200);
    const other = await login("agent1@moked.local");
    expect(await api(other, "POST", `/voice/calls/${call.interactionId}/hold`, { held: true })).toMatchObject({ status: 409, body: { error: { code: "not_your_call" } } });
    expect((await api(agent, "POST", `/voice/calls/${call.interactionId}/dtmf`, { digits: "12x" })).status).toBe(400);
    // The agent's softphone joins (a real WebRTC peer), a supervisor listens in silence to both sides.
    const post = (cookie: string, path: string) => async (sdp: string) => {
      const res = await api(cookie, "POST", `/voice/calls/${call.interactionId}/${path}`, { sdp });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.sdp as string;
    };
    const phone = await webrtcPeer({ streams: 1, direction: "sendrecv", signal: post(agent, "softphone") });
    phone.startTone();
    const listener = await webrtcPeer({ streams: 2, direction: "recvonly", signal: post(await login("lead1@moked.local"), "listen") });
    // Connected, the caller's speech keeps coming (sipp ends its pauses before it can take a BYE).
    await liveCall(admin, (c) => c.callId === call.callId && c.state === "connected" && c.rtp.packetsIn > 100);
    await expect.poll(() => Math.min(phone.received[0]!, ...listener.received), { timeout: 10_000 }).toBeGreaterThan(20);
    expect((await api(agent, "POST", `/voice/calls/${call.interactionId}/hold`, { held: true })).status).toBe(200);
    expect((await liveCall(admin, (c) => c.callId === call.callId)).held).toBe(true);
    expect((await api(agent, "POST", `/voice/calls/${call.interactionId}/hold`, { held: false })).status).toBe(200);
    expect((await api(agent, "POST", `/voice/calls/${call.interactionId}/dtmf`, { digits: "5#" })).status).toBe(200);
    expect((await api(agent, "POST", `/interactions/${call.interactionId}/complete`)).status).toBe(200);
    // Routing recorded the hold, for the reports' hold time.
    const held = await db.db.select({ type: interactionEvents.type, agentId: interactionEvents.agentId }).from(interactionEvents).where(eq(interactionEvents.interactionId, call.interactionId!)).orderBy(interactionEvents.id);
    expect(held.filter((e) => e.type === "interaction.held" || e.type === "interaction.resumed")).toEqual([
      { type: "interaction.held", agentId },
      { type: "interaction.resumed", agentId },
    ]);
    const { code, output } = await sipp.done;
    expect(code, output).toBe(0);
    await phone.close();
    await listener.close();
    const [row] = await db.db.select().from(interactions).where(eq(interactions.id, call.interactionId!));
    expect(row!.answeredAt).not.toBeNull();
    expect(row!.agentId).toBe(agentId);

    // The conversation was recorded (the line records by default): the caller's speech on the left channel.
    const list = async (cookie: string) => api(cookie, "GET", `/interactions/${call.interactionId}/recordings`);
    await expect.poll(async () => (await list(admin)).body.items?.length, { timeout: 10_000 }).toBe(1);
    const recording = (await list(admin)).body.items[0] as { url: string; durationMs: number };
    const audio = await moked.app.inject({ method: "GET", url: recording.url, headers: { cookie: await login("shift@moked.local") } });
    expect(audio.statusCode).toBe(200);
    expect(audio.headers["content-type"]).toBe("audio/wav");
    const wav = channelRms(audio.rawPayload);
    expect(wav.channels).toBe(2);
    expect(wav.rms[0]).toBeGreaterThan(200);
    expect(wav.rms[1]).toBeGreaterThan(200);
    // Supervisors only: not the agent, not the client's viewer.
    expect((await list(agent)).status).toBe(403);
    expect((await moked.app.inject({ method: "GET", url: recording.url, headers: { cookie: agent } })).statusCode).toBe(403);
    expect((await list(await login("viewer.travel@moked.local"))).status).toBe(403);
  }, 40_000);
});

describe("keeping one's place in the queue (9)", () => {
  it("hangs up on the caller with their place kept; the call-back is offered in turn and is not an abandon", async () => {
    const admin = await login("admin@moked.local");
    // Nobody answers meanwhile: the agent of the previous test steps away.
    const agent = await login("agent4@moked.local");
    await api(agent, "PUT", "/agents/me/state", { state: "not_ready", reason: "break" });
    const sipp = await runSipp({ scenarioFile: scenario("caller"), target: `127.0.0.1:${moked.voice!.port}`, service: "035551234", vars: { keep: 1 } });
    const call = await liveCall(admin, (c) => c.state === "queued" && c.interactionId !== null);
    const { code, output } = await sipp.done;
    expect(code, output).toBe(0);
    const events = async () => (await api(admin, "GET", `/interactions/${call.interactionId}/events`)).body.items.map((e: { type: string }) => e.type) as string[];
    await expect.poll(events, { timeout: 10_000 }).toContain("interaction.caller_disconnected");
    expect(await events()).toContain("interaction.customer_chose");
    expect(await events()).not.toContain("interaction.abandoned");
    // Still in the queue, keeping its place: the next agent gets it as a call-back.
    expect((await api(admin, "GET", `/interactions/${call.interactionId}`)).body.interaction).toMatchObject({ status: "waiting", finalState: null });
    await api(agent, "PUT", "/agents/me/state", { state: "available" });
    await expect.poll(async () => (await api(agent, "GET", `/interactions/${call.interactionId}`)).body.interaction.status, { timeout: 10_000 }).toBe("offered");
    // The API answers from the engine; the event rows follow once routing's journal commits them.
    const offeredAsCallback = async () =>
      (await db.db.select().from(interactionEvents).where(eq(interactionEvents.interactionId, call.interactionId!))).find((e) => e.type === "interaction.offered")?.data.callback;
    await expect.poll(offeredAsCallback, { timeout: 10_000 }).toBe(true);
  }, 40_000);
});

describe("the tenant wall around phone menus and recordings", () => {
  it("a scope of one client line sees only that line's menu and recordings, even with no filter in the query", async () => {
    const galil = (await db.db.select().from(tenants).where(eq(tenants.slug, "galil-motors")))[0]!.id;
    await db.db.insert(voiceLines).values({ tenantId: galil, config: {} }).onConflictDoNothing();
    const at = new Date();
    await db.db.insert(callRecordings).values([
      { tenantId: skyTours, interactionId: crypto.randomUUID(), file: "voice/recordings/a.wav", startedAt: at },
      { tenantId: galil, interactionId: crypto.randomUUID(), file: "voice/recordings/b.wav", startedAt: at },
    ]);
    const seen = await withTenantScope(db.db, tenantsScope([galil]), async (tx) => ({
      lines: await tx.select().from(voiceLines),
      recordings: await tx.select().from(callRecordings),
    }));
    expect(seen.lines.map((l) => l.tenantId)).toEqual([galil]);
    expect(seen.recordings.map((r) => r.tenantId)).toEqual([galil]);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { requestCallback } from "../src/channels/callbacks";
import { attemptInteractionId } from "../src/voice/callback-attempts";
import { freeUdpPort, runSipp, scenario } from "./voice/sipp";
import { runTrunk } from "./voice/trunk";
import { settleCenter, startVoiceApp, type VoiceTestApp } from "./voice/voice-app";
import { webrtcPeer } from "./voice/webrtc-peer";

// Three lines: sky-tours reaches its provider over TCP with an account there (digest answered), galil-motors
// and magen-insurance require their trunks to authenticate the calls they bring (digest challenged).
let v: VoiceTestApp;
let trunkPort: number;
let wrongTrunkPort: number;

beforeAll(async () => {
  trunkPort = await freeUdpPort();
  wrongTrunkPort = await freeUdpPort();
  v = await startVoiceApp({
    VOICE_LINES: "+972-3-555-1234=sky-tours,+972-3-555-9876=galil-motors,+972-3-555-4321=magen-insurance",
    VOICE_TRUNKS: [
      `sky-tours=127.0.0.1:${trunkPort};transport=tcp;user=moked-line;password=trunk-secret`,
      // A line whose account at the provider is out of date.
      `bayit-mortgage=127.0.0.1:${wrongTrunkPort};transport=tcp;user=moked-line;password=last-years`,
      "galil-motors=127.0.0.1:5999;inbound_user=galil-pbx;inbound_password=galil%2Cpass",
      "magen-insurance=127.0.0.1:5998;inbound_user=magen-pbx;inbound_password=magen-pass;realm=magen.example",
    ].join(","),
  });
  const admin = await v.login("admin@moked.local");
  expect((await v.api(admin, "PUT", `/voice/lines/${v.skyTours}`, { regions: [{ code: "north", label: "צפון" }, { code: "center", label: "מרכז" }] })).status).toBe(200);
}, 150_000);

// A test that fails midway must not leave a call up and an agent holding it for the next one.
afterEach(async () => {
  if (v) await settleCenter(v.moked);
});

afterAll(async () => {
  await v?.close();
});

describe("SIP over TCP (sipp -t t1)", () => {
  it("a caller on a TCP trunk chooses language and region by keypad, is answered in the softphone, and the agent's hang-up reaches it as a BYE on the same connection", async () => {
    const admin = await v.login("admin@moked.local");
    const agentId = v.ids.get("agent4@moked.local")!;
    expect((await v.api(admin, "PUT", `/agents/${agentId}/profile`, { skills: [{ skill: "lang:he", proficiency: 5 }, { skill: "region:center", proficiency: 5 }], capacity: {} })).status).toBe(200);
    const agent = await v.login("agent4@moked.local");
    expect((await v.api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);

    const sipp = await runSipp({ scenarioFile: scenario("caller"), target: v.target(), service: "035551234", transport: "t1", vars: { wait: 0, plays: 1 } });
    type CallView = { callId: string; interactionId: string | null; state: string; language: string | null; region: string | null; rtp: { packetsIn: number; dtmfIn: number } };
    const calls = async () => (await v.api(admin, "GET", "/voice/calls")).body.items as CallView[];
    await expect.poll(async () => (await calls()).find((c) => c.interactionId !== null && c.state === "queued"), { timeout: 30_000, interval: 200 }).toBeTruthy();
    const call = (await calls()).find((c) => c.interactionId !== null)!;
    expect(call).toMatchObject({ language: "he", region: "center" });
    expect(call.rtp.dtmfIn).toBeGreaterThanOrEqual(2);
    // The dialog lives on the caller's TCP connection.
    expect(v.moked.voice!.list().find((c) => c.dialog.callId === call.callId)?.dialog.peer.transport).toBe("tcp");

    await expect.poll(async () => (await v.api(agent, "GET", `/interactions/${call.interactionId}`)).body.interaction.status, { timeout: 20_000 }).toBe("offered");
    expect((await v.api(agent, "POST", `/interactions/${call.interactionId}/accept`)).status).toBe(200);
    const phone = await webrtcPeer({
      streams: 1,
      direction: "sendrecv",
      signal: async (sdp) => {
        const res = await v.api(agent, "POST", `/voice/calls/${call.interactionId}/softphone`, { sdp });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.sdp as string;
      },
    });
    phone.startTone();
    // The caller's speech reaches the agent's browser.
    await expect.poll(() => phone.received[0]!, { timeout: 20_000 }).toBeGreaterThan(20);
    expect((await v.api(agent, "POST", `/interactions/${call.interactionId}/complete`)).status).toBe(200);
    const { code, output } = await sipp.done;
    expect(code, output).toBe(0);
    await phone.close();
    expect((await v.api(agent, "POST", `/interactions/${call.interactionId}/wrap-up`, { code: "info-given" })).status).toBe(200);
  }, 120_000);
});

describe("digest authentication of calls a trunk brings (401 challenge, 403 refusal)", () => {
  it("a caller with the line's credentials is challenged once and answered", async () => {
    const sipp = await runSipp({ scenarioFile: scenario("caller-auth"), target: v.target(), service: "035559876", auth: { user: "galil-pbx", password: "galil,pass" }, defaults: {} });
    const { code, output } = await sipp.done;
    expect(code, output).toBe(0);
  }, 60_000);

  it("a wrong password is refused with 403, over TCP as well, and never reaches the menus", async () => {
    for (const transport of ["u1", "t1"] as const) {
      const sipp = await runSipp({ scenarioFile: scenario("caller-auth-refused"), target: v.target(), service: "035559876", transport, auth: { user: "galil-pbx", password: "not-it" }, defaults: {} });
      const { code, output } = await sipp.done;
      expect(code, output).toBe(0);
    }
    expect(v.moked.voice!.list()).toEqual([]);
  }, 60_000);

  it("one line's credentials do not open another line's number (the tenant wall)", async () => {
    // magen-insurance's own credentials are good for its number, and refused on galil-motors'.
    const own = await runSipp({ scenarioFile: scenario("caller-auth"), target: v.target(), service: "035554321", auth: { user: "magen-pbx", password: "magen-pass" }, defaults: {} });
    expect((await own.done).code, (await own.done).output).toBe(0);
    const other = await runSipp({ scenarioFile: scenario("caller-auth-refused"), target: v.target(), service: "035559876", auth: { user: "magen-pbx", password: "magen-pass" }, defaults: {} });
    expect((await other.done).code, (await other.done).output).toBe(0);
  }, 60_000);
});

describe("outbound over a TCP trunk that authenticates us", () => {
  it("the provider's 401 is answered with the line's account; the customer answers, audio flows, the agent's hang-up is a BYE over TCP", async () => {
    const trunk = await runTrunk("auth", {}, trunkPort, "t1");
    const agent = await v.login("agent4@moked.local");
    expect((await v.api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);
    const { row } = await requestCallback(v.db.db, v.skyTours, { name: "לקוח", phone: "+972501110009", windowFrom: new Date(), windowTo: null, marketingConsent: false });
    const interactionId = attemptInteractionId(row.id, row.attempts + 1);
    await expect.poll(async () => (await v.api(agent, "GET", `/interactions/${interactionId}`)).body.interaction?.status, { timeout: 30_000, interval: 200 }).toBe("offered");
    expect((await v.api(agent, "POST", `/interactions/${interactionId}/accept`)).status).toBe(200);
    const phone = await webrtcPeer({ streams: 1, direction: "sendrecv", signal: async (sdp) => (await v.api(agent, "POST", `/voice/calls/${interactionId}/dial`, { sdp })).body.sdp as string });
    phone.startTone();
    const attempt = async () => (await v.api(agent, "GET", `/voice/calls/${interactionId}/outbound`)).body.attempt;
    await expect.poll(async () => (await attempt())?.status, { timeout: 20_000 }).toBe("answered");
    expect(await attempt()).toMatchObject({ sipStatus: 200 });
    await expect.poll(() => phone.received[0]!, { timeout: 15_000 }).toBeGreaterThan(50);
    expect((await v.api(agent, "POST", `/interactions/${interactionId}/complete`)).status).toBe(200);
    const { code, output } = await trunk.done;
    expect(code, output).toBe(0);
    await phone.close();
    expect((await v.api(agent, "POST", `/interactions/${interactionId}/wrap-up`, { code: "info-given" })).status).toBe(200);
  }, 120_000);

  it("with the wrong account the provider's 403 fails the attempt once, without a second try", async () => {
    const trunk = await runTrunk("auth", {}, wrongTrunkPort, "t1");
    const bayit = await v.tenantId("bayit-mortgage");
    const agent = await v.login("agent4@moked.local");
    expect((await v.api(agent, "PUT", "/agents/me/state", { state: "available" })).status).toBe(200);
    const { row } = await requestCallback(v.db.db, bayit, { name: "לקוח", phone: "+972501110010", windowFrom: new Date(), windowTo: null, marketingConsent: false });
    const interactionId = attemptInteractionId(row.id, row.attempts + 1);
    await expect.poll(async () => (await v.api(agent, "GET", `/interactions/${interactionId}`)).body.interaction?.status, { timeout: 30_000, interval: 200 }).toBe("offered");
    expect((await v.api(agent, "POST", `/interactions/${interactionId}/accept`)).status).toBe(200);
    const phone = await webrtcPeer({ streams: 1, direction: "sendrecv", waitConnected: false, signal: async (sdp) => (await v.api(agent, "POST", `/voice/calls/${interactionId}/dial`, { sdp })).body.sdp as string });
    const attempt = async () => (await v.api(agent, "GET", `/voice/calls/${interactionId}/outbound`)).body.attempt;
    await expect.poll(async () => (await attempt())?.status, { timeout: 20_000 }).toBe("failed");
    expect(await attempt()).toMatchObject({ sipStatus: 403 });
    // sipp saw our challenged INVITE, the answered one, and our ACK of its 403: its scenario is complete.
    const { code, output } = await trunk.done;
    expect(code, output).toBe(0);
    await phone.close();
  }, 120_000);
});

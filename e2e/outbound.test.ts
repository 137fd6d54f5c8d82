import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeUdpPort } from "../apps/server/test/voice/sipp";
import { runTrunk, smsSink, type SmsSink } from "../apps/server/test/voice/trunk";
import { apiClient, newPage, snapshot, tr } from "./harness";
import { useMokedSuite } from "./suite";

/** A microphone that plays a tone and no permission prompt; WebRTC allowed on loopback with plain IPs. */
const FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns"];

let trunkPort: number;
let sink: SmsSink;
let page: Page | undefined;
/** The SMS provider: a real HTTP server taking what the outbox sends. */
let sms: SmsSink["received"] = [];

beforeAll(async () => {
  sink = await smsSink();
  sms = sink.received;
  trunkPort = await freeUdpPort();
});

afterAll(async () => {
  await sink?.close();
});

// Started after the trunk's port and the SMS provider above, and stopped before them.
const suite = useMokedSuite(
  "outbound",
  async () => ({
    VOICE_SIP_PORT: String(await freeUdpPort()),
    VOICE_LINES: "+97235551234=sky-tours",
    VOICE_TRUNKS: `sky-tours=127.0.0.1:${trunkPort}`,
    MESSAGING_PROVIDER_URL: sink.url,
    OUTBOX_POLL_MS: "300",
  }),
  { browserArgs: FAKE_MEDIA },
);

async function deskOf(email: string): Promise<Page> {
  // The desk stays signed in for the next test.
  const p = suite.keep((await newPage(suite.browser, suite.moked.baseUrl)).page);
  await p.goto("/");
  await p.locator('input[name="email"]').fill(email);
  await p.locator('input[name="password"]').fill("moked-demo-2026");
  await p.locator('button[type="submit"]').click();
  await p.getByTestId("nav-desk").click();
  await p.getByTestId("desk-available").click();
  await expect.poll(() => p.getByTestId("desk-state").getAttribute("data-activity")).toBe("available");
  return p;
}

/** A customer asks to be called back (the public form); the desk is offered it and the agent accepts. */
async function acceptCallback(p: Page, phone: string): Promise<void> {
  const res = await fetch(`${suite.moked.baseUrl}/api/v1/public/callbacks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ line: "sky-tours", name: "דנה", phone, marketingConsent: false }) });
  expect(res.status).toBe(201);
  await p.getByTestId("offer-card").waitFor({ timeout: 20_000 });
  await p.getByTestId("offer-accept").click();
  await p.getByTestId("callback").waitFor();
}

describe("calling a customer back from the agent's browser", () => {
  it("the agent presses Call back, the customer's phone (sipp) rings and answers, audio flows both ways, and the agent hangs up", async () => {
    page = await deskOf("agent4@moked.local");
    const trunk = await runTrunk("answer", {}, trunkPort);
    await acceptCallback(page, "050-111-0001");
    const callback = page.getByTestId("callback");
    await page.getByTestId("callback-dial").click();
    await expect.poll(() => callback.getAttribute("data-status"), { timeout: 20_000 }).toBe("answered");
    await expect(page.getByTestId("callback-status").textContent()).resolves.toBe(tr("callback.status.answered"));
    // The customer's speech reaches the browser; the fake microphone's tone reaches the customer (sipp echoes it back to the gateway).
    await expect.poll(async () => Number(await callback.getAttribute("data-packets-received")), { timeout: 10_000 }).toBeGreaterThan(50);
    await expect.poll(async () => Number(await callback.getAttribute("data-packets-sent")), { timeout: 10_000 }).toBeGreaterThan(50);
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    type View = { interactionId: string; rtp: { looped: number; packetsIn: number }; agentRtp: { packetsIn: number; packetsOut: number } | null };
    const view = async () => ((await admin.call("GET", "/api/v1/voice/calls")).body.items as View[])[0];
    await expect.poll(async () => Math.min((await view())?.rtp.looped ?? 0, (await view())?.agentRtp?.packetsIn ?? 0), { timeout: 10_000 }).toBeGreaterThan(50);
    await snapshot(page, "outbound-answered");

    await page.getByTestId("callback-hangup").click();
    const { code, output } = await trunk.done;
    expect(code, output).toBe(0);
    await expect.poll(() => callback.getAttribute("data-status")).toBe("ended");
    const interactionId = (await page.getByTestId("work-item").getAttribute("data-interaction"))!;
    const events = (await admin.call("GET", `/api/v1/interactions/${interactionId}/events`)).body.items as Array<{ type: string }>;
    expect(events.map((e) => e.type).filter((t) => t.startsWith("outbound."))).toEqual(["outbound.attempted", "outbound.connected", "outbound.ended"]);
    await page.getByTestId("work-complete").click();
    await page.getByTestId("wrapup-code").fill("info-given");
    await page.getByTestId("wrapup-submit").click();
  }, 120_000);

  it("a busy customer: the agent sees Busy, the customer is sent one SMS in Hebrew, and the next attempt is due", async () => {
    page ??= await deskOf("agent4@moked.local");
    const trunk = await runTrunk("busy", {}, trunkPort);
    await acceptCallback(page, "050-111-0002");
    const callback = page.getByTestId("callback");
    await page.getByTestId("callback-dial").click();
    await expect.poll(() => callback.getAttribute("data-status"), { timeout: 20_000 }).toBe("busy");
    expect((await trunk.done).code).toBe(0);
    await expect(page.getByTestId("callback-followup").textContent()).resolves.toContain(tr("callback.smsSent"));
    await expect.poll(() => sms.length, { timeout: 15_000 }).toBe(1);
    expect(sms[0]).toMatchObject({ to: "+972501110002", text: expect.stringContaining("ניסינו לחזור אליך") });
    await snapshot(page, "outbound-busy");
  }, 120_000);
});

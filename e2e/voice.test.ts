import { beforeAll, describe, expect, it } from "vitest";
import { freeUdpPort, runSipp, scenario } from "../apps/server/test/voice/sipp";
import { channelRms } from "../apps/server/test/voice/wav";
import { apiClient, newPage, snapshot } from "./harness";
import { useMokedSuite } from "./suite";

/** A microphone that plays a tone and no permission prompt; WebRTC allowed on loopback with plain IPs. */
const FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns"];

let sipPort: number;
beforeAll(async () => {
  sipPort = await freeUdpPort();
});
const suite = useMokedSuite("voice", () => ({ VOICE_SIP_PORT: String(sipPort), VOICE_LINES: "+97235551234=sky-tours" }), { browserArgs: FAKE_MEDIA });

type CallView = { callId: string; interactionId: string | null; state: string; rtp: { packetsOut: number; looped: number }; agentRtp: { packetsIn: number; packetsOut: number } | null };

describe("a phone call answered in the agent's browser", () => {
  it("a sipp caller picks a language, waits, is answered on the desktop's softphone with audio both ways, hangs up, and the agent wraps up", async () => {
    const page = suite.track((await newPage(suite.browser, suite.moked.baseUrl)).page);
    await page.goto("/");
    await page.locator('input[name="email"]').fill("agent4@moked.local");
    await page.locator('input[name="password"]').fill("moked-demo-2026");
    await page.locator('button[type="submit"]').click();
    await page.getByTestId("nav-desk").click();
    await page.getByTestId("desk-available").click();
    await expect.poll(() => page.getByTestId("desk-state").getAttribute("data-activity")).toBe("available");

    // Three rounds of speech (about 21 s), then the caller hangs up.
    const sipp = await runSipp({ scenarioFile: scenario("caller"), target: `127.0.0.1:${sipPort}`, service: "035551234", vars: { plays: 3, wait: 2000 } });
    const offer = page.getByTestId("offer-card");
    await offer.waitFor({ timeout: 15_000 });
    await page.getByTestId("offer-accept").click();

    const phone = page.getByTestId("softphone");
    await expect.poll(() => phone.getAttribute("data-phase"), { timeout: 10_000 }).toBe("connected");
    // The caller's speech reaches the browser, and the fake microphone's tone reaches the gateway.
    await expect.poll(async () => Number(await phone.getAttribute("data-packets-received")), { timeout: 10_000 }).toBeGreaterThan(50);
    await expect.poll(async () => Number(await phone.getAttribute("data-packets-sent")), { timeout: 10_000 }).toBeGreaterThan(50);

    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const calls = async () => (await admin.call("GET", "/api/v1/voice/calls")).body.items as CallView[];
    const [first] = await calls();
    expect(first).toMatchObject({ state: "connected", agentRtp: { packetsIn: expect.any(Number) } });
    // What the agent says goes out to the caller's RTP address (sipp echoes it back, so it arrived).
    await expect
      .poll(async () => {
        const [now] = await calls();
        return now ? Math.min(now.agentRtp!.packetsIn, now.rtp.packetsOut - first!.rtp.packetsOut, now.rtp.looped - first!.rtp.looped) : 0;
      }, { timeout: 10_000 })
      .toBeGreaterThan(50);
    await snapshot(page, "voice-softphone");

    // The caller hangs up (BYE); the desktop moves to wrap-up, and the agent files it.
    const { code, output } = await sipp.done;
    expect(code, output).toBe(0);
    const item = page.getByTestId("work-item");
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 10_000 }).toBe("wrap_up");
    await page.getByTestId("wrapup-code").fill("info-given");
    await page.getByTestId("wrapup-submit").click();
    await expect
      .poll(async () => (await admin.call("GET", `/api/v1/interactions/${first!.interactionId}`)).body.interaction, { timeout: 10_000 })
      .toMatchObject({ channel: "voice", finalState: "answered", wrapUpCode: "info-given" });

    // The recording holds both sides: the caller's speech on the left, the agent's (fake) microphone on the right.
    const recordings = async () => (await admin.call("GET", `/api/v1/interactions/${first!.interactionId}/recordings`)).body.items as Array<{ url: string }>;
    await expect.poll(async () => (await recordings()).length, { timeout: 10_000 }).toBe(1);
    const login = await fetch(`${suite.moked.baseUrl}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "shift@moked.local", password: "moked-demo-2026" }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const audio = await fetch(`${suite.moked.baseUrl}${(await recordings())[0]!.url}`, { headers: { cookie } });
    expect(audio.status).toBe(200);
    const wav = channelRms(Buffer.from(await audio.arrayBuffer()));
    expect(wav.seconds).toBeGreaterThan(5);
    expect(wav.rms[0]).toBeGreaterThan(500);
    expect(wav.rms[1]).toBeGreaterThan(500);
  }, 60_000);
});

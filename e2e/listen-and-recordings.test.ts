import { beforeAll, describe, expect, it } from "vitest";
import { freeUdpPort, runSipp, scenario } from "../apps/server/test/voice/sipp";
import { apiClient, chooseOption, signIn, snapshot } from "./harness";
import { useMokedSuite } from "./suite";

/** Fake microphone, no permission prompt, WebRTC on loopback with plain IPs, and players that may start from a script. */
const FAKE_MEDIA = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
  "--autoplay-policy=no-user-gesture-required",
];

let sipPort: number;
beforeAll(async () => {
  sipPort = await freeUdpPort();
});
const suite = useMokedSuite("listen", () => ({ VOICE_SIP_PORT: String(sipPort), VOICE_LINES: "+97235551234=sky-tours" }), { browserArgs: FAKE_MEDIA });

/** The few members of the page's HTMLAudioElement the test uses (the e2e project has no DOM types). */
interface Player {
  volume: number;
  duration: number;
  currentTime: number;
  playbackRate: number;
  readyState: number;
  play(): Promise<void>;
  addEventListener(type: string, listener: (e: unknown) => void, options?: { once: boolean }): void;
}

type CallView = { interactionId: string | null; state: string; listeners: number };

describe("a supervisor listens in silence and plays the recording afterwards", () => {
  it("an agent answers a sipp call; a supervisor clicks Listen on the wallboard and hears both sides; an agent may not; the recording plays with seek and speed", async () => {
    const agent = suite.track(await signIn(suite.browser, suite.moked.baseUrl, "agent4@moked.local"));
    const supervisor = suite.track(await signIn(suite.browser, suite.moked.baseUrl, "shift@moked.local"));
    await agent.getByTestId("nav-desk").click();
    await agent.getByTestId("desk-available").click();
    await expect.poll(() => agent.getByTestId("desk-state").getAttribute("data-activity")).toBe("available");
    await supervisor.getByTestId("nav-wallboard").click();
    await supervisor.getByTestId("live-calls").waitFor();

    // Six rounds of speech (about 42 s), then the caller hangs up.
    const sipp = await runSipp({ scenarioFile: scenario("caller"), target: `127.0.0.1:${sipPort}`, service: "035551234", vars: { plays: 6, wait: 2000 }, timeoutSeconds: 100 });
    await agent.getByTestId("offer-card").waitFor({ timeout: 20_000 });
    await agent.getByTestId("offer-accept").click();
    const phone = agent.getByTestId("softphone");
    await expect.poll(() => phone.getAttribute("data-phase"), { timeout: 15_000 }).toBe("connected");

    // The wallboard lists the call as talking, with the agent and the line, and a Listen button.
    const row = supervisor.locator('[data-testid="live-call"][data-state="connected"]');
    await row.waitFor({ timeout: 15_000 });
    const interactionId = (await row.getAttribute("data-interaction"))!;
    await expect.poll(() => row.textContent()).toContain("שחקים תיירות");
    await row.getByTestId("listen-button").click();
    const listen = supervisor.getByTestId("listen-in");
    await expect.poll(() => listen.getAttribute("data-phase"), { timeout: 15_000 }).toBe("listening");
    // inbound-rtp packets (getStats) on the supervisor's two receive-only streams: the caller and the agent.
    await expect.poll(async () => Number(await listen.getAttribute("data-packets-received")), { timeout: 15_000 }).toBeGreaterThan(100);
    await supervisor.getByTestId("listen-volume").focus();
    await supervisor.keyboard.press("Home");
    const volumes = await supervisor.locator('[data-testid="listen-in"] audio').evaluateAll((els) => els.map((a) => (a as unknown as Player).volume));
    expect(volumes).toEqual([0, 0]);
    await snapshot(supervisor, "listen-wallboard");

    // The agent is not told and may not listen: no button anywhere, and the API refuses.
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const calls = async () => (await admin.call("GET", "/api/v1/voice/calls")).body.items as CallView[];
    expect((await calls()).find((c) => c.interactionId === interactionId)?.listeners).toBe(1);
    expect(await agent.getByTestId("listen-button").count()).toBe(0);
    expect(await agent.getByTestId("nav-wallboard").count()).toBe(0);
    expect(await agent.getByTestId("nav-recordings").count()).toBe(0);
    const refused = await agent.evaluate(async (id) => {
      const res = await fetch(`/api/v1/voice/calls/${id}/listen`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sdp: "v=0 offer that is never read" }) });
      return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
    }, interactionId);
    expect(refused).toEqual({ status: 403, code: "forbidden" });

    // Stop: the supervisor's leg closes on the gateway.
    await supervisor.getByTestId("listen-stop").click();
    await expect.poll(async () => (await calls()).find((c) => c.interactionId === interactionId)?.listeners ?? 0, { timeout: 15_000 }).toBe(0);

    const { code, output } = await sipp.done;
    expect(code, output).toBe(0);

    // The recording, found on the Recordings screen, plays and seeks (byte ranges) at the chosen speed.
    await expect.poll(async () => (await admin.call("GET", `/api/v1/interactions/${interactionId}/recordings`)).body.items?.length, { timeout: 20_000 }).toBe(1);
    await supervisor.getByTestId("nav-recordings").click();
    const recording = supervisor.locator(`[data-testid="recordings-row"][data-interaction="${interactionId}"]`);
    await recording.waitFor({ timeout: 15_000 });
    await recording.getByTestId("recording-speed").getByText("2×").click();
    const audio = recording.getByTestId("recording-audio");
    const played = await audio.evaluate(async (node) => {
      const el = node as unknown as Player;
      await el.play();
      await new Promise((r) => (el.readyState >= 1 ? r(null) : el.addEventListener("loadedmetadata", r, { once: true })));
      el.currentTime = el.duration / 2;
      await new Promise((r) => el.addEventListener("seeked", r, { once: true }));
      return { duration: el.duration, at: el.currentTime, rate: el.playbackRate };
    });
    expect(played.duration).toBeGreaterThan(20);
    expect(played.at).toBeGreaterThan(10);
    expect(played.rate).toBe(2);

    // Who listened to the call, and to which recording, is in the audit log.
    const audit = (await admin.call("GET", "/api/v1/audit?limit=50")).body.items as Array<{ action: string; entityId: string | null; details: { interactionId?: string } }>;
    expect(audit.some((e) => e.action === "recording.played" && e.details.interactionId === interactionId)).toBe(true);
    expect(audit.some((e) => e.action === "call.listened" && e.entityId === interactionId)).toBe(true);

    // The caller's history on the Customers screen carries the same recording.
    await supervisor.getByTestId("nav-customers").click();
    await chooseOption(supervisor, "customers-line", "שחקים תיירות");
    await supervisor.getByTestId("customers-search").fill("501234567");
    await supervisor.locator('[data-testid="customer-row"]', { hasText: "+972501234567" }).getByTestId("customer-history-open").click();
    const contact = supervisor.locator(`[data-testid="customer-history-contact"][data-interaction="${interactionId}"]`);
    await contact.getByTestId("recordings-open").click();
    await contact.getByTestId("recording-player").waitFor();
    await snapshot(supervisor, "customer-history-recording");
  }, 180_000);
});

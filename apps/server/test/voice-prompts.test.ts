import { readFileSync } from "node:fs";
import { createSocket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, queues, tenantsScope, voicePrompts, withTenantScope } from "@moked/db";
import { startTestApp, type TestApp } from "./harness";
import { freeUdpPort, runSipp, scenario } from "./voice/sipp";
import { frequencyOf, muLaw, noise, sine, wavFile, wavSamples } from "./voice/audio-files";

// A line's phone menu as its admins set it: keys checked per menu, languages, queues and prompts the line's
// own, prompts uploaded as WAV, MP3 or Ogg and kept as G.711 — and what the caller hears is the upload.
let t: TestApp;
let admin: string;
let galil: string;
let sky: string;

// Each upload is converted in a worker thread of its own: a second or two apiece on a busy 2-core machine.
const UPLOADS_TIMEOUT = 120_000;
const fixture = (name: string) => readFileSync(new URL(`./voice/${name}`, import.meta.url));

async function call(cookie: string, method: "GET" | "PUT" | "POST" | "DELETE", url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  return { status: res.statusCode, body: (res.body ? res.json() : null) as Record<string, any> };
}

async function upload(cookie: string, lineId: string, file: Buffer, name: string, type = "application/octet-stream") {
  const res = await t.app.inject({ method: "POST", url: `/api/v1/voice/lines/${lineId}/prompts?name=${encodeURIComponent(name)}`, headers: { cookie, "content-type": type }, payload: file });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

beforeAll(async () => {
  t = await startTestApp({ VOICE_SIP_PORT: "0", HOST: "127.0.0.1", VOICE_LINES: "+972-4-555-0000=galil-motors" });
  admin = await t.login("admin@moked.local");
  galil = t.tenantId("galil-motors");
  sky = t.tenantId("sky-tours");
}, 150_000);

afterAll(() => t?.close());

describe("prompt uploads", () => {
  it("takes WAV at 8 and 16 kHz, MP3 and Ogg, keeps each as 8 kHz G.711, lists them newest first and plays them back", async () => {
    const eight = await upload(admin, galil, wavFile(sine(440, 8000, 1.5), { rate: 8000 }), "greeting-he.wav", "audio/wav");
    expect(eight.status, JSON.stringify(eight.body)).toBe(201);
    expect(eight.body.prompt).toMatchObject({ name: "greeting-he.wav", format: "wav", durationMs: 1500, bytes: 12_000, tenantId: galil });

    // 16 kHz stereo with a 1 kHz tone and a 6 kHz whine a telephone cannot carry: the tone stays, the whine is filtered out.
    const tone = sine(1000, 16_000, 1);
    const whine = sine(6000, 16_000, 1, 8000);
    const stereo = new Int16Array(tone.length * 2);
    tone.forEach((s, i) => ((stereo[2 * i] = s), (stereo[2 * i + 1] = whine[i]!)));
    const sixteen = await upload(admin, galil, wavFile(stereo, { rate: 16_000, channels: 2 }), "menu.wav");
    expect(sixteen.status, JSON.stringify(sixteen.body)).toBe(201);
    expect(sixteen.body.prompt).toMatchObject({ durationMs: 1000, bytes: 8000 });
    const played = await t.app.inject({ method: "GET", url: sixteen.body.prompt.url, headers: { cookie: admin } });
    expect(played.statusCode).toBe(200);
    expect(played.headers["content-type"]).toBe("audio/wav");
    const heard = wavSamples(played.rawPayload);
    expect(heard.rate).toBe(8000);
    expect(frequencyOf(heard.samples.subarray(400, 7600), 8000)).toBeCloseTo(1000, -1);

    const mp3 = await upload(admin, galil, fixture("tone.mp3"), "music.mp3", "audio/mpeg");
    expect(mp3.status, JSON.stringify(mp3.body)).toBe(201);
    expect(mp3.body.prompt.format).toBe("mp3");
    expect(mp3.body.prompt.durationMs).toBeGreaterThan(950);
    const ogg = await upload(admin, galil, fixture("tone.ogg"), "hours.ogg", "audio/ogg");
    expect(ogg.status, JSON.stringify(ogg.body)).toBe(201);
    expect(ogg.body.prompt).toMatchObject({ format: "ogg", durationMs: 1000 });
    const oggHeard = wavSamples((await t.app.inject({ method: "GET", url: ogg.body.prompt.url, headers: { cookie: admin } })).rawPayload);
    expect(frequencyOf(oggHeard.samples.subarray(800, 7200), 8000)).toBeCloseTo(440, -1);

    const list = await call(admin, "GET", `/voice/lines/${galil}/prompts`);
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(["hours.ogg", "music.mp3", "menu.wav", "greeting-he.wav"]);
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, "voice_prompt.uploaded"));
    expect(audit.length).toBe(4);
  }, UPLOADS_TIMEOUT);

  it("refuses what is not audio it can play, with a code: text, 24-bit WAV, an empty or oversized file, garbage named .mp3", async () => {
    expect(await upload(admin, galil, Buffer.from("hello, I am not a sound"), "x.wav")).toMatchObject({ status: 415, body: { error: { code: "unsupported_audio_format" } } });
    const deep = wavFile(new Uint8Array(3000), { rate: 8000, bits: 8 });
    deep.writeUInt16LE(3, 32);
    deep.writeUInt16LE(24, 34);
    expect(await upload(admin, galil, deep, "deep.wav")).toMatchObject({ status: 415, body: { error: { code: "unsupported_audio_format" } } });
    expect(await upload(admin, galil, Buffer.alloc(0), "empty.wav")).toMatchObject({ status: 400 });
    const big = Buffer.concat([wavFile(new Int16Array(8), { rate: 8000 }), Buffer.alloc(11 * 1024 * 1024)]);
    expect((await upload(admin, galil, big, "big.wav")).status).toBe(413);
    const fakeMp3 = Buffer.concat([Buffer.from("ID3"), Buffer.alloc(2000, 7)]);
    expect(await upload(admin, galil, fakeMp3, "fake.mp3", "audio/mpeg")).toMatchObject({ status: 422, body: { error: { code: "unreadable_audio" } } });
  }, UPLOADS_TIMEOUT);

  it("lets only the center's admins and managers upload, and nobody outside a line list or hear its prompts", async () => {
    const viewer = await t.login("viewer.travel@moked.local");
    const agent = await t.login("agent4@moked.local");
    const wav = wavFile(sine(300, 8000, 0.5), { rate: 8000 });
    expect((await upload(await t.login("shift@moked.local"), galil, wav, "x.wav")).status).toBe(403);
    expect((await upload(agent, sky, wav, "x.wav")).status).toBe(403);
    expect((await call(viewer, "GET", `/voice/lines/${sky}/prompts`)).status).toBe(403);
    const [galilPrompt] = (await call(admin, "GET", `/voice/lines/${galil}/prompts`)).body.items;
    expect((await t.app.inject({ method: "GET", url: galilPrompt.url, headers: { cookie: agent } })).statusCode).toBe(403);

    // The database's wall: a scope of one line sees only that line's prompts, even with no filter in the query.
    const skyUpload = await upload(admin, sky, wav, "sky.wav");
    expect(skyUpload.status).toBe(201);
    const seen = await withTenantScope(t.db.db, tenantsScope([sky]), (tx) => tx.select({ tenantId: voicePrompts.tenantId }).from(voicePrompts));
    expect(new Set(seen.map((r) => r.tenantId))).toEqual(new Set([sky]));
  }, UPLOADS_TIMEOUT);
});

describe("a line's phone menu", () => {
  it("refuses duplicate keys, languages the line does not serve, another line's queue or prompt, each with its code", async () => {
    const put = (config: unknown) => call(admin, "PUT", `/voice/lines/${galil}`, config);
    const dup = await put({ languages: [{ language: "he", digit: "1" }, { language: "ar", digit: "1" }] });
    expect(dup).toMatchObject({ status: 400, body: { error: { code: "duplicate_digit" } } });
    expect(dup.body.error.details[0].path).toBe("body.languages.1.digit");
    // A region without its own key takes its place (2), which the first region claimed.
    expect(await put({ regions: [{ code: "north", label: "צפון", digit: "2" }, { code: "haifa", label: "חיפה" }] })).toMatchObject({ status: 400, body: { error: { code: "duplicate_digit" } } });
    expect(await put({ announcements: [{ digit: "3", label: "Hours", prompt: {} }, { digit: "3", label: "Address", prompt: {} }] })).toMatchObject({ status: 400, body: { error: { code: "duplicate_digit" } } });
    expect(await put({ languages: [{ language: "fr" }] })).toMatchObject({ status: 400, body: { error: { code: "unknown_language" } } });
    expect(await put({ languages: [{ language: "he" }, { language: "he" }] })).toMatchObject({ status: 400, body: { error: { code: "duplicate_language" } } });
    expect(await put({ callbackDigit: "99" })).toMatchObject({ status: 400, body: { error: { code: "validation_error" } } });
    const [skyQueue] = await t.db.db.select().from(queues).where(eq(queues.tenantId, sky));
    expect(await put({ queueId: skyQueue!.id })).toMatchObject({ status: 400, body: { error: { code: "unknown_queue" } } });
    const [skyPrompt] = (await call(admin, "GET", `/voice/lines/${sky}/prompts`)).body.items;
    expect(await put({ prompts: { greeting: { default: skyPrompt.id } } })).toMatchObject({ status: 400, body: { error: { code: "unknown_prompt" } } });
    // Nothing of it was saved.
    expect((await call(admin, "GET", `/voice/lines/${galil}`)).body.config.languages.map((l: { language: string }) => l.language)).toEqual(["he", "ar", "ru"]);
  });

  it("saves a full menu with prompts per step and language, audited, and keeps a prompt in use from deletion", async () => {
    const items = (await call(admin, "GET", `/voice/lines/${galil}/prompts`)).body.items as Array<{ id: string; name: string }>;
    const id = (name: string) => items.find((p) => p.name === name)!.id;
    const [galilQueue] = await t.db.db.select().from(queues).where(eq(queues.tenantId, galil));
    const config = {
      languages: [{ language: "he", digit: "1" }, { language: "ar", digit: "2" }, { language: "ru", digit: "3" }],
      regions: [{ code: "north", label: "צפון", digit: "4" }, { code: "center", label: "מרכז", digit: "5" }],
      announcements: [{ digit: "1", label: "שעות פתיחה", prompt: { default: id("hours.ogg") } }],
      callbackOption: true,
      callbackDigit: "8",
      announcePosition: true,
      announceWait: false,
      queueId: galilQueue!.id,
      prompts: { greeting: { default: id("greeting-he.wav"), he: id("greeting-he.wav") }, language_menu: { default: id("menu.wav") }, hold_music: { default: id("music.mp3") } },
    };
    const saved = await call(admin, "PUT", `/voice/lines/${galil}`, config);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.config).toMatchObject(config);
    expect((await call(admin, "GET", `/voice/lines/${galil}`)).body.config).toMatchObject(config);
    const [audit] = await t.db.db.select().from(auditLog).where(eq(auditLog.action, "voice_line.updated"));
    expect(audit).toMatchObject({ tenantId: galil, entityId: galil });

    expect(await call(admin, "DELETE", `/voice/prompts/${id("music.mp3")}`)).toMatchObject({ status: 409, body: { error: { code: "prompt_in_use" } } });
    const spare = await upload(admin, galil, wavFile(sine(500, 8000, 0.3), { rate: 8000 }), "spare.wav");
    expect((await call(admin, "DELETE", `/voice/prompts/${spare.body.prompt.id}`)).status).toBe(204);
    expect((await call(admin, "GET", `/voice/lines/${galil}/prompts`)).body.items.map((p: { name: string }) => p.name)).not.toContain("spare.wav");
  }, UPLOADS_TIMEOUT);
});

describe("what the caller hears", () => {
  it("plays the uploaded greeting, byte for byte as its G.711 μ-law, in the RTP that follows the INVITE (sipp)", async () => {
    // A greeting no built-in tone could be: 0.8 s of noise at 8 kHz; its μ-law by an encoder of the test's own.
    const greeting = noise(6400);
    const expected = Buffer.from(Array.from(greeting, muLaw));
    const uploaded = await upload(admin, galil, wavFile(greeting, { rate: 8000 }), "noise.wav");
    expect(uploaded.status).toBe(201);
    const put = await call(admin, "PUT", `/voice/lines/${galil}`, { recording: false, prompts: { greeting: { default: uploaded.body.prompt.id } } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    // The caller's audio port is ours: every RTP packet the gateway sends the caller arrives here.
    const rtpPort = await freeUdpPort();
    const socket = createSocket("udp4");
    const packets: Array<{ seq: number; payloadType: number; payload: Buffer }> = [];
    socket.on("message", (b) => packets.push({ seq: b.readUInt16BE(2), payloadType: b[1]! & 0x7f, payload: b.subarray(12 + 4 * (b[0]! & 0x0f)) }));
    await new Promise<void>((resolve) => socket.bind(rtpPort, "127.0.0.1", resolve));
    try {
      const sipp = await runSipp({ scenarioFile: scenario("listener"), target: `127.0.0.1:${t.voice!.port}`, service: "045550000", defaults: {}, vars: { wait: 2500, rtpport: rtpPort } });
      const { code, output } = await sipp.done;
      expect(code, output).toBe(0);
    } finally {
      socket.close();
    }
    const audio = Buffer.concat(packets.filter((p) => p.payloadType === 0).sort((a, b) => a.seq - b.seq).map((p) => p.payload));
    expect(audio.length).toBeGreaterThan(expected.length);
    // The greeting is the first thing heard (no recording notice on this line), whole and unchanged. The leg's
    // clock sends silence from the moment the call is answered until the line's prompts are read from the
    // database (a frame or a few on a loaded machine); nothing but μ-law silence (0xFF) may come before it.
    const at = audio.indexOf(expected);
    expect(at).toBeGreaterThanOrEqual(0);
    expect([...audio.subarray(0, at)].every((b) => b === 0xff), `${at} bytes before the greeting`).toBe(true);
  }, UPLOADS_TIMEOUT);
});

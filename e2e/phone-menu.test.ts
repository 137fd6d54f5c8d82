import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { wavFile, sine } from "../apps/server/test/voice/audio-files";
import { apiClient, chooseOption, signIn, tr } from "./harness";
import { useMokedSuite } from "./suite";

const suite = useMokedSuite("phone-menu");

async function openPhoneMenu(p: Page): Promise<void> {
  await p.getByTestId("nav-lines").click();
  await p.getByTestId("phone-menu-galil-motors").click();
  await p.getByTestId("language-key-0").waitFor();
}

describe("a line's phone menu in the admin screens", () => {
  it("an admin uploads a WAV greeting, hears it listed, sets the menus' keys (a duplicate key refused in Hebrew), saves, and finds it all kept after a reload", async () => {
    const page = suite.track(await signIn(suite.browser, suite.moked.baseUrl, "admin@moked.local"));
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    await openPhoneMenu(page);

    // Upload: the recording is listed with its length and a player of what callers will hear.
    await page.getByTestId("prompt-library").locator('input[type="file"]').setInputFiles({ name: "ברכה.wav", mimeType: "audio/wav", buffer: wavFile(sine(440, 16_000, 2), { rate: 16_000 }) });
    const row = page.locator('[data-testid="prompt-row"][data-name="ברכה.wav"]');
    await row.waitFor();
    expect(await row.textContent()).toContain("2.0");
    const src = await row.locator("audio").getAttribute("src");
    const played = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return { status: res.status, type: res.headers.get("content-type"), bytes: (await res.arrayBuffer()).byteLength };
    }, src);
    expect(played).toEqual({ status: 200, type: "audio/wav", bytes: 44 + 2 * 16_000 });

    // Two languages on one key: refused, said in the user's language beside the key.
    await chooseOption(page, "language-key-1", "1");
    await page.getByTestId("phone-menu-save").click();
    await expect.poll(() => page.getByTestId("phone-menu-error").textContent()).toBe(tr("errors.duplicate_digit"));
    await chooseOption(page, "language-key-1", "5");
    // A region menu, the greeting recorded, hold music built in, call-back on 8.
    await page.getByTestId("region-add").click();
    await page.getByTestId("region-label-0").fill("צפון");
    await page.getByTestId("region-code-0").fill("north");
    await chooseOption(page, "prompt-greeting", "ברכה.wav");
    await chooseOption(page, "phone-menu-callback-key", "8");
    await page.getByTestId("phone-menu-save").click();
    await page.getByTestId("phone-menu-saved").waitFor();

    // After a reload: the recording and the menu are as they were saved.
    await page.reload();
    await page.getByTestId("user-name").waitFor();
    await openPhoneMenu(page);
    await page.locator('[data-testid="prompt-row"][data-name="ברכה.wav"]').waitFor();
    expect(await page.getByTestId("language-key-1").inputValue()).toBe("5");
    expect(await page.getByTestId("region-label-0").inputValue()).toBe("צפון");
    expect(await page.getByTestId("prompt-greeting").inputValue()).toBe("ברכה.wav");
    expect(await page.getByTestId("phone-menu-callback-key").inputValue()).toBe("8");

    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const galil = ((await admin.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string }>).find((l) => l.slug === "galil-motors")!;
    const { config } = (await admin.call("GET", `/api/v1/voice/lines/${galil.id}`)).body;
    expect(config).toMatchObject({ languages: [{ language: "he", digit: "1" }, { language: "ar", digit: "5" }, { language: "ru", digit: "3" }], regions: [{ code: "north", label: "צפון" }], callbackDigit: "8" });
    const prompts = (await admin.call("GET", `/api/v1/voice/lines/${galil.id}/prompts`)).body.items as Array<{ id: string; name: string }>;
    expect(config.prompts.greeting.default).toBe(prompts.find((p) => p.name === "ברכה.wav")!.id);
  }, 180_000);
});

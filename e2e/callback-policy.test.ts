import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiClient, signIn, tr } from "./harness";
import { useMokedSuite } from "./suite";

const suite = useMokedSuite("callback-policy");

async function openPolicy(p: Page): Promise<void> {
  await p.getByTestId("nav-lines").click();
  await p.getByTestId("callback-policy-galil-motors").click();
  await p.getByTestId("callback-policy-maxAttempts").waitFor();
}

const range = (min: number, max: number) => tr("callbackPolicy.outOfRange").replace("{{min}}", String(min)).replace("{{max}}", String(max));

describe("a line's call-back policy in the admin screens", () => {
  it("an admin sets attempts, spacing, ringing and the missed-call SMS per language (Hebrew, RTL); the server's refusals are shown by their fields; it is kept after a reload", async () => {
    const page = suite.track(await signIn(suite.browser, suite.moked.baseUrl, "admin@moked.local"));
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    await openPolicy(page);
    // The defaults: three attempts, 30 minutes apart, 30 seconds of ringing, an SMS after a miss.
    expect(await page.getByTestId("callback-policy-maxAttempts").inputValue()).toBe("3");
    expect(await page.getByTestId("callback-policy-retryAfterMinutes").inputValue()).toBe("30");
    expect(await page.getByTestId("callback-policy-missedSms").isChecked()).toBe(true);

    // Out of the server's bounds: refused, each said beside its own field in Hebrew.
    await page.getByTestId("callback-policy-maxAttempts").fill("0");
    await page.getByTestId("callback-policy-ringSeconds").fill("200");
    await page.getByTestId("callback-policy-save").click();
    await expect.poll(() => page.getByTestId("callback-policy-error").textContent()).toBe(tr("errors.validation_error"));
    await page.getByText(range(1, 10)).waitFor();
    await page.getByText(range(5, 120)).waitFor();
    expect(await page.getByTestId("callback-policy-maxAttempts").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("callback-policy-ringSeconds").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("callback-policy-retryAfterMinutes").getAttribute("aria-invalid")).not.toBe("true");

    // Corrected, with the line's own SMS in Hebrew (right to left) and in Russian.
    await page.getByTestId("callback-policy-maxAttempts").fill("2");
    await page.getByTestId("callback-policy-ringSeconds").fill("25");
    await page.getByTestId("callback-policy-retryAfterMinutes").fill("45");
    const hebrew = "ניסינו להשיג אותך מ{line}. נחזור אליך שוב, או התקשר/י: {number}";
    await page.getByTestId("callback-policy-sms-he").fill(hebrew);
    const direction = (testId: string) => page.getByTestId(testId).evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { direction: string } }).getComputedStyle(el).direction);
    expect(await direction("callback-policy-sms-he")).toBe("rtl");
    expect(await direction("callback-policy-sms-ru")).toBe("ltr");
    await page.getByTestId("callback-policy-sms-ru").fill("Мы звонили вам из {line}.");
    await page.getByTestId("callback-policy-save").click();
    await page.getByTestId("callback-policy-saved").waitFor();
    expect(await page.getByTestId("callback-policy-error").count()).toBe(0);

    // After a reload the screen shows what was saved, and the server has it.
    await page.reload();
    await page.getByTestId("user-name").waitFor();
    await openPolicy(page);
    expect(await page.getByTestId("callback-policy-maxAttempts").inputValue()).toBe("2");
    expect(await page.getByTestId("callback-policy-ringSeconds").inputValue()).toBe("25");
    expect(await page.getByTestId("callback-policy-retryAfterMinutes").inputValue()).toBe("45");
    expect(await page.getByTestId("callback-policy-sms-he").inputValue()).toBe(hebrew);

    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const galil = ((await admin.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string }>).find((l) => l.slug === "galil-motors")!;
    const { config } = (await admin.call("GET", `/api/v1/voice/lines/${galil.id}`)).body;
    expect(config.callbacks).toEqual({ maxAttempts: 2, retryAfterMinutes: 45, ringSeconds: 25, missedSms: true, smsTemplates: { he: hebrew, ru: "Мы звонили вам из {line}." } });
  }, 180_000);
});

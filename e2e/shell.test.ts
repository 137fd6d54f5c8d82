import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newPage, tr } from "./harness";
import { useMokedSuite } from "./suite";

const PASSWORD = "moked-demo-2026";

const suite = useMokedSuite("shell");

async function open(locale?: string): Promise<Page> {
  const { page } = await newPage(suite.browser, suite.moked.baseUrl, locale);
  suite.track(page);
  await page.goto("/");
  return page;
}

async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

async function langDir(page: Page): Promise<(string | null)[]> {
  const html = page.locator("html");
  return [await html.getAttribute("lang"), await html.getAttribute("dir")];
}

async function chooseLanguage(page: Page, label: string): Promise<void> {
  await page.getByTestId("language-switch").click();
  await page.getByRole("option", { name: label }).click();
}

describe("the web app, as a user meets it", () => {
  it("opens in Hebrew, right to left, and signs the admin in to every section", async () => {
    const page = await open();
    await expect.poll(() => langDir(page)).toEqual(["he", "rtl"]);
    await expect.poll(() => page.locator("#login-title").textContent()).toBe(tr("login.title", "he"));

    await login(page, "admin@moked.local");
    await page.getByTestId("user-name").waitFor();
    for (const section of ["home", "users", "lines", "audit"]) await expect(page.getByTestId(`nav-${section}`).count()).resolves.toBe(1);

    // The home page lists every client line, each with its open/closed state.
    await page.getByTestId("line-card").first().waitFor();
    expect(await page.getByTestId("line-card").count()).toBe(6);
    await expect.poll(() => page.getByTestId("live-status").getAttribute("data-status")).toBe("connected");

    await page.getByTestId("nav-users").click();
    await page.getByTestId("users-table").waitFor();
    await expect.poll(() => page.getByTestId("users-table").textContent()).toContain("agent1@moked.local");
  });

  it("switches to English left to right and remembers the choice after a reload", async () => {
    const page = await open();
    await chooseLanguage(page, "English");
    await expect.poll(() => page.locator("html").getAttribute("dir")).toBe("ltr");
    await expect.poll(() => page.locator("#login-title").textContent()).toBe(tr("login.title", "en"));

    await page.reload();
    await expect.poll(() => langDir(page)).toEqual(["en", "ltr"]);

    await chooseLanguage(page, "العربية");
    await expect.poll(() => page.locator("html").getAttribute("dir")).toBe("rtl");
  });

  it("tells a wrong password in the user's language and lets no one in", async () => {
    const page = await open();
    await login(page, "admin@moked.local", "not-the-password");
    await expect.poll(() => page.getByTestId("login-error").textContent()).toBe(tr("errors.invalid_credentials", "he"));
    expect(await page.getByTestId("user-name").count()).toBe(0);

    await chooseLanguage(page, "English");
    await login(page, "admin@moked.local", "still-wrong");
    await expect.poll(() => page.getByTestId("login-error").textContent()).toBe(tr("errors.invalid_credentials", "en"));
  });

  it("shows an agent only what an agent may use, and logs out", async () => {
    const page = await open();
    await login(page, "agent1@moked.local");
    await page.getByTestId("user-name").waitFor();
    expect(await page.getByTestId("nav-users").count()).toBe(0);
    expect(await page.getByTestId("nav-audit").count()).toBe(0);

    // Reaching an admin page by its address gets nothing out of the API either.
    const status = await page.evaluate(async () => (await fetch("/api/v1/users")).status);
    expect(status).toBe(403);

    await page.getByTestId("logout").click();
    await page.locator('input[name="email"]').waitFor();
    const after = await page.evaluate(async () => (await fetch("/api/v1/auth/me")).status);
    expect(after).toBe(401);
  });

  it("shows a client viewer its own line only", async () => {
    const page = await open();
    await login(page, "viewer.travel@moked.local");
    await page.getByTestId("line-card").first().waitFor();
    expect(await page.getByTestId("line-card").count()).toBe(1);
  });
});

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "@moked/db/testing";

const root = resolve(import.meta.dirname, "..");
export const ARTIFACTS = join(root, ".test-artifacts");

/** Chromium flags for a closed network: no background calls home, no sandbox as root, no GPU. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export interface RunningMoked {
  baseUrl: string;
  output(): string;
  /** Sends a signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops the server (SIGKILL for a crash) and starts it again on the same data. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the server and removes its data. */
  dispose(): Promise<void>;
}

/**
 * The real thing, as a user runs it: `npm start`'s server process with the built web app, on a fresh
 * embedded database in a temporary folder, or on a fresh database of the server named by DATABASE_URL.
 */
export async function startMoked(env: Record<string, string> = {}): Promise<RunningMoked> {
  const build = spawnSync(process.execPath, [join(root, "scripts/start.mjs"), "--build-only"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);

  const dataDir = mkdtempSync(join(tmpdir(), "moked-e2e-"));
  let database: TestDatabase | undefined;
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase();
  }
  let child: ChildProcess;
  let out = "";
  let baseUrl = "";

  const launch = async () => {
    out = "";
    child = spawn(process.execPath, ["--import", "tsx", join(root, "apps/server/src/main.ts")], {
      cwd: root,
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        MOKED_DATA_DIR: dataDir,
        ...(database?.url ? { DATABASE_URL: database.url } : { DATABASE_URL: "" }),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const m = /Moked is running: (http:\/\/\S+)/.exec(out);
      if (m) {
        baseUrl = m[1]!.replace("localhost", "127.0.0.1");
        return;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Moked did not start:\n${out}`);
  };
  await launch();

  const stop = (signal: NodeJS.Signals = "SIGTERM") =>
    new Promise<number | null>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
      child.once("exit", (code) => done(code));
      child.kill(signal);
    });

  return {
    get baseUrl() {
      return baseUrl;
    },
    output: () => out,
    stop,
    restart: async (signal: NodeJS.Signals = "SIGTERM") => {
      await stop(signal);
      await launch();
    },
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
      await database?.dispose();
    },
  };
}

/** A logged-in API client for a real server: keeps the session cookie, speaks JSON. */
export async function apiClient(baseUrl: () => string, email: string, password = "moked-demo-2026") {
  let cookie = "";
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test client: the assertions check the shapes
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const login = async () => {
    const res = await fetch(`${baseUrl()}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
    cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  };
  await login();
  return { call, login };
}

/** `extraArgs`: more Chromium flags for one test file (fake media devices for the softphone, say). */
export async function openBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export async function newPage(browser: Browser, baseURL: string, locale = "he-IL"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { context, page };
}

/** A screenshot of the page under .test-artifacts/, for looking at what a failing test saw. */
export async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => undefined);
}

/** A string as the user sees it, from the app's own locale file (Hebrew unless told). */
export function tr(key: string, lang: "he" | "en" | "ar" | "ru" = "he"): string {
  const messages = JSON.parse(readFileSync(join(root, `apps/web/src/modules/i18n/locales/${lang}.json`), "utf8")) as Record<string, unknown>;
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
  if (typeof value !== "string") throw new Error(`no ${lang} string ${key}`);
  return value;
}

/** A new page logged in through the login form as `email` (Hebrew browser unless told), ready once the shell shows the user. */
export async function signIn(browser: Browser, baseURL: string, email: string, password = "moked-demo-2026", locale?: string): Promise<Page> {
  const { page } = await newPage(browser, baseURL, locale);
  await page.goto("/");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId("user-name").waitFor();
  return page;
}

/** Picks an option of a Mantine Select by its visible label. */
export async function chooseOption(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole("option", { name: label, exact: true }).click();
}

/** A TCP port free on loopback right now, for a listener the server under test opens (its SMTP port, say). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { openBrowser, type RunningMoked, snapshot, startMoked } from "./harness";

export interface MokedSuite {
  /** The server started for this file (available once its `beforeAll` has run). */
  readonly moked: RunningMoked;
  readonly browser: Browser;
  /** A page a test opened: pictured if the test fails, and closed after it. */
  track(page: Page): Page;
}

/**
 * The life of an end-to-end file: a fresh Moked (its own embedded database and demo data) and one Chromium for
 * the file; after each test, a picture of every page it opened when it failed (`.test-artifacts/<name>-…`),
 * and the pages closed so the next test starts signed out.
 */
export function useMokedSuite(name: string, env: Record<string, string> = {}): MokedSuite {
  let moked: RunningMoked | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];

  beforeAll(async () => {
    moked = await startMoked(env);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await moked?.dispose();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail") for (const [i, p] of pages.entries()) await snapshot(p, `${name}-${ctx.task.name}-${i}`);
    for (const p of pages.splice(0)) await p.context().close();
  });

  return {
    get moked() {
      if (!moked) throw new Error("Moked is not started yet: use it inside a test or a hook");
      return moked;
    },
    get browser() {
      if (!browser) throw new Error("the browser is not open yet: use it inside a test or a hook");
      return browser;
    },
    track(page) {
      pages.push(page);
      return page;
    },
  };
}

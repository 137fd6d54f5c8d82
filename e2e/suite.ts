import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { openBrowser, type RunningMoked, snapshot, startMoked } from "./harness";

type Env = Record<string, string>;

export interface MokedSuite {
  /** The server started for this file (available once its `beforeAll` has run). */
  readonly moked: RunningMoked;
  readonly browser: Browser;
  /** A page a test opened: pictured if the test fails, and closed after it. */
  track(page: Page): Page;
  /** A page kept for the file's later tests (a desk signed in once): pictured whenever a test fails, closed with the browser. */
  keep(page: Page): Page;
}

export interface SuiteOptions {
  /** More Chromium flags (fake media devices for the softphone, say); `false` for a file that needs no browser. */
  browserArgs?: string[] | false;
}

/**
 * The life of an end-to-end file: a fresh Moked (its own embedded database and demo data) and one Chromium for
 * the file; after each test, a picture of every page it opened when it failed (`.test-artifacts/<name>-…`),
 * and the pages closed so the next test starts signed out.
 *
 * `env` is the server's environment; a function when it names something started first (a port, a mail sink):
 * the file's own `beforeAll` registered before this call runs before the server starts, and its `afterAll`
 * after the server has stopped.
 */
export function useMokedSuite(name: string, env: Env | (() => Env | Promise<Env>) = {}, options: SuiteOptions = {}): MokedSuite {
  let moked: RunningMoked | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];
  const kept: Page[] = [];

  beforeAll(async () => {
    moked = await startMoked(typeof env === "function" ? await env() : env);
    if (options.browserArgs !== false) browser = await openBrowser(options.browserArgs);
  });
  afterAll(async () => {
    await browser?.close();
    await moked?.dispose();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail") for (const [i, p] of [...pages, ...kept].entries()) await snapshot(p, `${name}-${ctx.task.name}-${i}`);
    for (const p of pages.splice(0)) await p.context().close();
  });

  return {
    get moked() {
      if (!moked) throw new Error("Moked is not started yet: use it inside a test or a hook");
      return moked;
    },
    get browser() {
      if (!browser) throw new Error(options.browserArgs === false ? "this file asked for no browser" : "the browser is not open yet: use it inside a test or a hook");
      return browser;
    },
    track(page) {
      pages.push(page);
      return page;
    },
    keep(page) {
      kept.push(page);
      return page;
    },
  };
}

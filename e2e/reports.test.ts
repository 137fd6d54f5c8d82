import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiClient, newPage, openBrowser, type RunningMoked, snapshot, startMoked, tr } from "./harness";

let moked: RunningMoked;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  // Aggregate every 200 ms, so the dashboard reads stored aggregates as well as open contacts.
  moked = await startMoked({ REPORT_AGGREGATE_MS: "200" });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await moked?.dispose();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") for (const [i, p] of pages.entries()) await snapshot(p, `reports-${ctx.task.name}-${i}`);
  for (const p of pages.splice(0)) await p.context().close();
});

async function signIn(email: string): Promise<Page> {
  const { page } = await newPage(browser, moked.baseUrl);
  pages.push(page);
  await page.goto("/");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill("moked-demo-2026");
  await page.locator('button[type="submit"]').click();
  await page.getByTestId("user-name").waitFor();
  return page;
}

describe("the reports dashboard", () => {
  it("charts a line's day, opens a number onto its contacts, exports Excel, and shows a client only its own line", async () => {
    const admin = await apiClient(() => moked.baseUrl, "admin@moked.local");
    const agent = await apiClient(() => moked.baseUrl, "agent4@moked.local");
    const tenants = (await admin.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string; name: string }>;
    const sky = tenants.find((t) => t.slug === "sky-tours")!;
    const queue = ((await admin.call("GET", "/api/v1/queues")).body.items as Array<{ id: string; tenantId: string }>).find((q) => q.tenantId === sky.id)!;
    // Today on Sky Tours: one call answered and wrapped up, two callers who hung up.
    await agent.call("PUT", "/api/v1/agents/me/state", { state: "available" });
    const answered = (await admin.call("POST", "/api/v1/interactions", { tenantId: sky.id, queueId: queue.id, channel: "voice", topic: "fault" })).body.interaction.id as string;
    expect((await agent.call("POST", `/api/v1/interactions/${answered}/accept`)).status).toBeLessThan(300);
    expect((await agent.call("POST", `/api/v1/interactions/${answered}/wrap-up`, { code: "ok" })).status).toBeLessThan(300);
    await agent.call("PUT", "/api/v1/agents/me/state", { state: "not_ready", reason: "break" });
    for (let i = 0; i < 2; i++) {
      const id = (await admin.call("POST", "/api/v1/interactions", { tenantId: sky.id, queueId: queue.id, channel: "voice" })).body.interaction.id as string;
      expect((await admin.call("POST", `/api/v1/interactions/${id}/hangup`)).status).toBeLessThan(300);
    }

    const page = await signIn("manager@moked.local");
    await page.getByTestId("nav-reports").click();
    await page.getByTestId("reports-line").click();
    await page.getByRole("option", { name: sky.name, exact: true }).click();
    const headline = page.getByTestId("reports-headline");
    await expect.poll(() => page.getByTestId("reports-open-offered").textContent(), { timeout: 15_000 }).toBe("3");
    expect(await headline.textContent()).toContain(tr("reports.serviceLevel"));
    await page.getByTestId("reports-trend").waitFor();
    await page.getByTestId("reports-heatmap").waitFor();
    expect(await page.getByTestId("reports-agent").count()).toBe(1);

    // The abandoned number opens onto the two callers who hung up.
    await page.getByTestId("reports-open-abandoned").click();
    const drill = page.getByTestId("reports-drill-table");
    await drill.waitFor();
    await expect.poll(() => drill.getByTestId("reports-drill-row").count()).toBe(2);
    expect(await drill.textContent()).toContain(tr("reports.final.abandoned"));
    await snapshot(page, "reports-drill");
    await page.keyboard.press("Escape");

    // Broken down by agent, then downloaded as an Excel workbook.
    await page.getByTestId("reports-breakdown").getByText(tr("reports.by.agent"), { exact: true }).click();
    await expect.poll(() => page.getByTestId("reports-breakdown-row").count()).toBe(2); // the agent, and the unanswered
    const xlsx = await page.getByTestId("reports-export-xlsx").getAttribute("href");
    expect(xlsx).toContain("dimension=agent");
    const file = await page.request.get(xlsx!);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toContain("spreadsheetml");
    expect((await file.body()).subarray(0, 2).toString()).toBe("PK");
    await snapshot(page, "reports-dashboard");

    // The return on service of today's one handled call, and a weekly report scheduled and stopped.
    await expect.poll(() => page.getByTestId("reports-roi-handled").textContent()).toBe("1");
    await page.getByTestId("reports-schedule-recipients").fill("cfo@sky.example");
    await page.getByTestId("reports-schedule-add").click();
    const scheduled = page.getByTestId("reports-schedule-row");
    await expect.poll(() => scheduled.textContent()).toContain("cfo@sky.example");
    await scheduled.getByRole("button", { name: tr("reports.schedules.stop") }).click();
    await expect.poll(() => scheduled.count()).toBe(0);

    // A client viewer of another line sees its own (empty) line, with no line to choose.
    const bank = await signIn("viewer.banking@moked.local");
    await bank.getByTestId("nav-reports").click();
    await bank.getByTestId("reports-dashboard").waitFor();
    await expect.poll(() => bank.getByTestId("reports-open-offered").count()).toBe(0); // nothing offered: no number to open
    expect(await bank.getByTestId("reports-line").count()).toBe(0);
  });
});

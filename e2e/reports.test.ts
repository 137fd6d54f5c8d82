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
  }, 120_000);

  it("shows a line's hold time, outbound call-backs, satisfaction and its agents' occupancy and utilisation, to the center and to the client", async () => {
    const admin = await apiClient(() => moked.baseUrl, "admin@moked.local");
    const agent = await apiClient(() => moked.baseUrl, "agent10@moked.local");
    const tenants = (await admin.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string; name: string }>;
    const galil = tenants.find((t) => t.slug === "galil-motors")!;
    const queue = ((await admin.call("GET", "/api/v1/queues")).body.items as Array<{ id: string; tenantId: string }>).find((q) => q.tenantId === galil.id)!;
    const ok = (r: { status: number; body: unknown }) => expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    // Today on Galil Motors: a call put on hold and rated 5, and a call-back dialled but not reached.
    ok(await agent.call("PUT", "/api/v1/agents/me/state", { state: "available" }));
    const call = (await admin.call("POST", "/api/v1/interactions", { tenantId: galil.id, queueId: queue.id, channel: "voice", topic: "fault" })).body.interaction.id as string;
    ok(await agent.call("POST", `/api/v1/interactions/${call}/accept`));
    ok(await agent.call("POST", `/api/v1/interactions/${call}/hold`, { held: true }));
    ok(await agent.call("POST", `/api/v1/interactions/${call}/hold`, { held: false }));
    ok(await agent.call("POST", `/api/v1/interactions/${call}/wrap-up`, { code: "ok" }));
    ok(await admin.call("POST", `/api/v1/interactions/${call}/csat`, { score: 5, source: "sms" }));
    const callback = (await admin.call("POST", "/api/v1/interactions", { tenantId: galil.id, queueId: queue.id, channel: "callback" })).body.interaction.id as string;
    ok(await agent.call("POST", `/api/v1/interactions/${callback}/accept`));
    ok(await agent.call("POST", `/api/v1/interactions/${callback}/not-reached`));
    ok(await agent.call("POST", `/api/v1/interactions/${callback}/wrap-up`, { code: "no_answer" }));
    ok(await agent.call("PUT", "/api/v1/agents/me/state", { state: "not_ready", reason: "break" }));
    // The worker folds the agent's time up to a few seconds ago: wait until the line's share is there.
    const day = new Date();
    const from = new Date(day.getTime() - 86_400_000).toISOString();
    const to = new Date(day.getTime() + 86_400_000).toISOString();
    await expect
      .poll(async () => (await admin.call("GET", `/api/v1/reports/dashboard?tenantId=${galil.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).body.totals?.utilisation ?? null, { timeout: 60_000, interval: 500 })
      .not.toBeNull();

    const page = await signIn("manager@moked.local");
    await page.getByTestId("nav-reports").click();
    await page.getByTestId("reports-line").click();
    await page.getByRole("option", { name: galil.name, exact: true }).click();
    await expect.poll(() => page.getByTestId("reports-open-offered").textContent(), { timeout: 15_000 }).toBe("2");
    const percent = /\d+\s?%/;
    expect(await page.getByTestId("reports-card-csat").textContent()).toContain(tr("reports.csat"));
    expect(await page.getByTestId("reports-card-csat").textContent()).toMatch(/100\s?%\s·\s5/);
    expect(await page.getByTestId("reports-card-outbound").textContent()).toContain("0 / 1");
    expect(await page.getByTestId("reports-card-aht-parts").textContent()).toContain(tr("reports.ahtParts"));
    for (const id of ["occupancy", "utilisation"]) {
      const card = page.getByTestId(`reports-card-${id}`);
      expect(await card.textContent()).toContain(tr(`reports.${id}`));
      expect(await card.textContent()).toMatch(percent);
    }
    expect(await page.getByTestId("reports-agent-occupancy").textContent()).toMatch(percent);

    // Per agent: the hold column, outbound reached / dialled, satisfaction and occupancy on the agent's row.
    await page.getByTestId("reports-breakdown").getByText(tr("reports.by.agent"), { exact: true }).click();
    const table = page.getByTestId("reports-breakdown-table");
    expect(await table.textContent()).toContain(tr("reports.hold"));
    expect(await table.textContent()).toContain(tr("reports.occupancy"));
    const row = page.getByTestId("reports-breakdown-row").first();
    await expect.poll(() => row.getByTestId("reports-cell-occupancy").textContent()).toMatch(percent);
    expect(await row.getByTestId("reports-cell-utilisation").textContent()).toMatch(percent);
    expect(await row.getByTestId("reports-cell-hold").textContent()).toMatch(/\d+:\d\d/);
    expect(await row.getByTestId("reports-cell-csat").textContent()).toMatch(/100\s?%/);
    expect(await row.getByTestId("reports-cell-outboundAttempts").textContent()).toBe("1");
    expect(await row.textContent()).toContain("0 / 1"); // reached / dialled
    await snapshot(page, "reports-occupancy");

    // The client business sees its own line's share of the agent's time.
    const client = await signIn("viewer.auto@moked.local");
    await client.getByTestId("nav-reports").click();
    await expect.poll(() => client.getByTestId("reports-open-offered").textContent(), { timeout: 15_000 }).toBe("2");
    expect(await client.getByTestId("reports-card-occupancy").textContent()).toMatch(percent);
  }, 120_000);
});

import type { Page } from "playwright-core";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { DEFAULT_ROI_OCCUPANCY } from "@moked/contracts";
import { apiClient, signIn as signInAs, snapshot, tr } from "./harness";
import { useMokedSuite } from "./suite";

// Aggregate every 200 ms, so the dashboard reads stored aggregates as well as open contacts.
const suite = useMokedSuite("reports", { REPORT_AGGREGATE_MS: "200" });

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));
/** Seconds to the tenth, as the reports give them. */
const tenths = (seconds: number) => Math.round(seconds * 10) / 10;
/** As the page writes them in Hebrew: whole percents, and durations as m:ss. */
const asPercent = (share: number) => new Intl.NumberFormat("he", { style: "percent", maximumFractionDigits: 0 }).format(share);
const clock = (seconds: number) => {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};
/** Text as read, without the invisible direction marks and with spaces collapsed. */
const seen = (text: string | null) => (text ?? "").replace(/[\u200e\u200f\u061c]/g, "").replace(/\s+/g, " ").trim();

async function signIn(email: string): Promise<Page> {
  return suite.track(await signInAs(suite.browser, suite.moked.baseUrl, email));
}

describe("the reports dashboard", () => {
  it("charts a line's day, opens a number onto its contacts, exports Excel, and shows a client only its own line", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const agent = await apiClient(() => suite.moked.baseUrl, "agent4@moked.local");
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
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const agent = await apiClient(() => suite.moked.baseUrl, "agent10@moked.local");
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

  it("shows an agent's break by reason in the table and the exports, and prices the return on service at the measured occupancy, a manual one, or 0.85", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const agent = await apiClient(() => suite.moked.baseUrl, "agent16@moked.local");
    const tenants = (await admin.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string; name: string }>;
    const bayit = tenants.find((t) => t.slug === "bayit-mortgage")!;
    const kolbo = tenants.find((t) => t.slug === "kolbo-retail")!;
    const queue = ((await admin.call("GET", "/api/v1/queues")).body.items as Array<{ id: string; tenantId: string }>).find((q) => q.tenantId === bayit.id)!;
    const ok = (r: { status: number; body: unknown }) => expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    // The engine's clock of a state change: `since` of the agent's new state is its event's time.
    const stateAt = async (body: { state: string; reason?: string }) => {
      const r = await agent.call("PUT", "/api/v1/agents/me/state", body);
      ok(r);
      expect(r.body.agent.presence).toBe(body.state);
      return { agentId: r.body.agent.agentId as string, at: Date.parse(r.body.agent.since as string) };
    };

    // On Bayit Mortgage (a line no other test here touches): the agent gets ready, takes two calls with a
    // wait before each, goes on a break and logs off, so every figure of its day stops moving.
    const ready = await stateAt({ state: "available" });
    const calls: string[] = [];
    for (let i = 0; i < 2; i++) {
      await pause(1000);
      const id = (await admin.call("POST", "/api/v1/interactions", { tenantId: bayit.id, queueId: queue.id, channel: "voice" })).body.interaction.id as string;
      ok(await agent.call("POST", `/api/v1/interactions/${id}/accept`));
      await pause(1500);
      ok(await agent.call("POST", `/api/v1/interactions/${id}/wrap-up`, { code: "ok" }));
      calls.push(id);
    }
    await pause(1000);
    const onBreak = await stateAt({ state: "not_ready", reason: "break" });
    await pause(2500);
    const off = await stateAt({ state: "offline" });

    // What the test did, from the server's own event times: handling runs from answer to wrap-up; the rest of
    // the ready time was idle; the break ran until log-off.
    let handleMs = 0;
    for (const id of calls) {
      const events = (await admin.call("GET", `/api/v1/interactions/${id}/events`)).body.items as Array<{ type: string; at: string; agentId: string | null }>;
      const at = (type: string) => Date.parse(events.find((e) => e.type === type && e.agentId === ready.agentId)!.at);
      handleMs += at("interaction.wrapped_up") - at("interaction.answered");
    }
    const readyMs = onBreak.at - ready.at;
    const breakSeconds = tenths((off.at - onBreak.at) / 1000); // reports give seconds to the tenth
    const occupancy = Math.round((handleMs / readyMs) * 10_000) / 10_000; // handling ÷ (handling + idle), to 0.01 %
    expect(handleMs).toBeGreaterThan(0);
    expect(readyMs).toBeGreaterThan(handleMs);

    // The worker folds agents' time up to 5 s ago: wait until it has passed the log-off.
    const period = `tenantId=${bayit.id}&from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`;
    const agentRow = async () =>
      ((await admin.call("GET", `/api/v1/reports/summary?${period}&dimension=agent`)).body.items as Array<{ key: string; label: string | null; notReadySeconds: number; notReadyByReason: Record<string, number> }>).find(
        (i) => i.key === ready.agentId,
      );
    await expect.poll(async () => (await agentRow())?.notReadyByReason.break ?? null, { timeout: 60_000, interval: 500 }).toBe(breakSeconds);
    const folded = (await agentRow())!;
    expect(folded.notReadySeconds).toBe(breakSeconds);
    expect((await admin.call("GET", `/api/v1/reports/roi?${period}`)).body).toMatchObject({ occupancySource: "measured", occupancy, measuredOccupancy: occupancy });

    // In the browser, in Hebrew: the agent's row of the breakdown shows the break, and only the break.
    const page = await signIn("manager@moked.local");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    await page.getByTestId("nav-reports").click();
    await page.getByTestId("reports-line").click();
    await page.getByRole("option", { name: bayit.name, exact: true }).click();
    await expect.poll(() => page.getByTestId("reports-open-offered").textContent(), { timeout: 15_000 }).toBe("2");
    await page.getByTestId("reports-breakdown").getByText(tr("reports.by.agent"), { exact: true }).click();
    expect(await page.getByTestId("reports-breakdown-table").textContent()).toContain(tr("reports.notReady"));
    const row = page.getByTestId("reports-breakdown-row").filter({ hasText: folded.label! });
    await expect.poll(() => row.count()).toBe(1);
    const notReady = row.getByTestId("reports-cell-not-ready");
    await expect.poll(async () => seen(await notReady.getByTestId("reports-not-ready-break").textContent())).toBe(`${tr("desk.reasons.break")} ${clock(breakSeconds)}`);
    expect(await notReady.locator('[data-testid^="reports-not-ready-"]').count()).toBe(1);
    expect(seen(await notReady.textContent())).toContain(clock(breakSeconds)); // the total: nothing but the break
    expect(seen(await row.getByTestId("reports-cell-occupancy").textContent())).toBe(asPercent(occupancy));

    // The same figures in the exports, one column per reason.
    const csvHref = await page.getByTestId("reports-export-csv").getAttribute("href");
    expect(csvHref).toContain("dimension=agent");
    const csv = (await (await page.request.get(csvHref!)).text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((line) => line.split(","));
    const header = csv[0]!;
    const csvRow = csv.find((cells) => cells[0] === ready.agentId)!;
    expect(csvRow, csv.join("\n")).toBeDefined();
    const cellOf = (name: string) => {
      expect(header).toContain(name);
      return csvRow[header.indexOf(name)];
    };
    expect(Number(cellOf("not_ready_break_seconds"))).toBe(breakSeconds);
    expect(Number(cellOf("not_ready_seconds"))).toBe(breakSeconds);
    for (const other of ["lunch", "training", "meeting", "coaching", "missed_offer", "other"]) expect(Number(cellOf(`not_ready_${other}_seconds`))).toBe(0);
    expect(Number(cellOf("occupancy"))).toBe(occupancy);
    const xlsx = await page.request.get((await page.getByTestId("reports-export-xlsx").getAttribute("href"))!);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const headings = (sheet.getRow(1).values as unknown[]).map(String);
    const sheetRow = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(headings.indexOf("key")).value === ready.agentId)!;
    expect(sheetRow.getCell(headings.indexOf("not_ready_break_seconds")).value).toBe(breakSeconds);

    // The return on service says it used the measured occupancy; a manual occupancy overrides it; cleared, the
    // measured one is back; a line with no agent time folded uses 0.85.
    const used = page.getByTestId("reports-roi-occupancyUsed");
    await expect.poll(async () => seen(await used.textContent())).toBe(`${asPercent(occupancy)} · ${tr("reports.roi.source.measured")}`);
    await snapshot(page, "reports-not-ready-roi");
    const manual = occupancy > 0.5 ? 0.35 : 0.65; // away from the measured one, so the line must change
    const override = page.getByTestId("reports-roi-input-occupancy");
    await override.fill(String(manual));
    await page.getByTestId("reports-roi-save").click();
    await expect.poll(async () => seen(await used.textContent())).toBe(`${asPercent(manual)} · ${tr("reports.roi.source.manual")}`);
    await override.fill("");
    await page.getByTestId("reports-roi-save").click();
    await expect.poll(async () => seen(await used.textContent())).toBe(`${asPercent(occupancy)} · ${tr("reports.roi.source.measured")}`);
    await page.getByTestId("reports-line").click();
    await page.getByRole("option", { name: kolbo.name, exact: true }).click();
    await expect.poll(async () => seen(await page.getByTestId("reports-roi-occupancyUsed").textContent())).toBe(`${asPercent(DEFAULT_ROI_OCCUPANCY)} · ${tr("reports.roi.source.default")}`);
  }, 150_000);
});

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiClient, signIn as signInAs, tr } from "./harness";
import { useMokedSuite } from "./suite";

const suite = useMokedSuite("workforce");

async function signIn(email: string): Promise<Page> {
  const page = await signInAs(suite.browser, suite.moked.baseUrl, email);
  suite.track(page);
  return page;
}

describe("workforce: the shift manager's schedule reaches the agents", () => {
  it("a shift manager builds and publishes next week's schedule, and an agent sees their own shifts", async () => {
    const page = await signIn("shift@moked.local");
    await page.getByTestId("nav-workforce").click();
    await page.getByTestId("schedule-build").waitFor();
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");

    // The default: 4 agents 08:00–20:00 Sunday to Thursday, for next week.
    await page.getByTestId("build-schedule").click();
    // The HiGHS build takes up to its 20-second limit, and longer on a machine shared with other runs.
    await page.getByTestId("schedule-detail").waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId("schedule-status").textContent()).toBe(tr("workforce.status.draft"));
    expect(await page.getByTestId("stat-under").textContent()).toBe("0");
    expect(await page.getByTestId("coverage-chart").locator("svg[role=img]").count()).toBe(1);
    expect(await page.getByTestId("schedule-row").count()).toBeGreaterThan(2);
    const shiftBlocks = await page.getByTestId("schedule-shift").count();
    expect(shiftBlocks).toBeGreaterThan(5);

    await page.getByTestId("publish-schedule").click();
    await expect.poll(() => page.getByTestId("schedule-status").textContent()).toBe(tr("workforce.status.published"));
    await page.getByTestId("adherence").waitFor();
    expect(await page.getByTestId("publish-schedule").count()).toBe(0);

    // Which agent got shifts, and how many: from the API the page used.
    const shift = await apiClient(() => suite.moked.baseUrl, "shift@moked.local");
    const list = await shift.call("GET", "/api/v1/wfm/schedules");
    const published = (list.body.items as Array<{ id: string; status: string }>).find((s) => s.status === "published")!;
    const detail = await shift.call("GET", `/api/v1/wfm/schedules/${published.id}`);
    expect(detail.body.shifts).toHaveLength(shiftBlocks);
    const agents = (await shift.call("GET", "/api/v1/wfm/agents")).body.items as Array<{ userId: string; email: string }>;
    const first = (detail.body.shifts as Array<{ agentId: string }>)[0]!.agentId;
    const theirs = (detail.body.shifts as Array<{ agentId: string }>).filter((s) => s.agentId === first).length;
    const email = agents.find((a) => a.userId === first)!.email;

    const agent = await signIn(email);
    expect(await agent.getByTestId("nav-workforce").count()).toBe(0);
    await agent.getByTestId("nav-my-shifts").click();
    await agent.getByTestId("my-shifts").waitFor();
    await expect.poll(() => agent.getByTestId("my-shift").count()).toBe(theirs);
    expect(await agent.getByTestId("my-shift-time").first().textContent()).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
  }, 180_000);

  it("compares two staffing scenarios side by side on the routing engine, and keeps shift templates and contracts", async () => {
    const page = await signIn("shift@moked.local");
    await page.getByTestId("nav-workforce").click();
    await page.getByTestId("tab-what-if").click();
    await page.getByTestId("run-what-if").click();
    const totals = page.getByTestId("what-if-totals");
    await totals.waitFor({ timeout: 30_000 });
    // Same callers in both scenarios: the contacts row reads the same in A and B.
    const cells = await totals.locator("tbody tr").first().locator("td").allTextContents();
    expect(cells[1]).toBe(cells[2]);
    expect(await page.getByTestId("what-if").locator("svg[role=img]").count()).toBe(2);

    // Shift templates and agents' contracts are kept in the same section.
    await page.getByTestId("tab-templates").click();
    const rows = page.getByTestId("template-row");
    await rows.first().waitFor();
    const before = await rows.count();
    await page.getByTestId("template-name").fill("ערב רוסית");
    await page.getByTestId("add-template").click();
    await expect.poll(() => rows.count()).toBe(before + 1);
    await page.getByTestId("tab-agents").click();
    await expect.poll(() => page.getByTestId("agent-rules-row").count()).toBe(20);
  });

  it("simulates a day of the week's schedule on the routing engine: totals, charts and a table per interval", async () => {
    const page = await signIn("shift@moked.local");
    await page.getByTestId("nav-workforce").click();
    await page.getByTestId("tab-day-sim").click();
    // The newest schedule of next week (built in the first test) is picked; Sunday, 60 contacts an hour all day.
    await expect.poll(() => page.getByTestId("run-day-sim").isEnabled(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId("run-day-sim").click();
    const totals = page.getByTestId("day-sim-totals");
    await totals.waitFor({ timeout: 60_000 });
    const contacts = await totals.locator("tbody tr").nth(1).locator("td").nth(1).textContent();
    expect(Number(contacts!.replace(/\D/g, ""))).toBeGreaterThan(1000);
    expect(await page.getByTestId("day-sim").locator("svg[role=img]").count()).toBe(3);
    // 48 half-hour intervals, all with callers.
    expect(await page.getByTestId("day-sim-row").count()).toBe(48);

    // Split by language and set beside two more Russian speakers from 18:00 to 22:00 (the form's defaults).
    await page.getByTestId("day-sim-split").check();
    await page.getByTestId("day-sim-compare").check();
    await page.getByTestId("run-day-sim").click();
    const ru = page.getByTestId("day-sim-language-ru");
    await ru.waitFor({ timeout: 60_000 });
    const [base, whatIf] = (await ru.getByTestId("language-sl").allTextContents()).map((x) => Number(x.replace(/\D/g, "")));
    expect(whatIf).toBeGreaterThan(base!);
    expect(await page.getByTestId("day-sim-totals").locator("thead th").count()).toBe(3);
  }, 240_000);

  it("an agent sets their weekly availability and preferences; the shift manager sees them and can change them", async () => {
    const agent = await signIn("agent7@moked.local");
    await agent.getByTestId("nav-my-shifts").click();
    const card = agent.getByTestId("my-availability");
    await card.waitFor();
    await card.getByTestId("availability-add").click();
    await card.getByTestId("availability-from").fill("09:00");
    await card.getByTestId("availability-to").fill("17:30");
    await card.getByText(tr("days.5")).click();
    await agent.getByTestId("save-availability").click();
    await agent.getByTestId("availability-saved").waitFor();

    const page = await signIn("shift@moked.local");
    await page.getByTestId("nav-workforce").click();
    await page.getByTestId("tab-agents").click();
    const row = page.getByTestId("agent-rules-row").filter({ hasText: "עומר גבאי" });
    await expect.poll(() => row.getByTestId("agent-availability").textContent()).toContain("09:00–17:30");
    expect(await row.textContent()).toContain(tr("days.5"));
    // The shift manager adds a second window in the dialog.
    await row.getByTestId("edit-availability").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("availability-add").click();
    await dialog.getByTestId("availability-from").nth(1).fill("10:00");
    await dialog.getByTestId("availability-to").nth(1).fill("14:00");
    await dialog.getByTestId("save-agent-availability").click();
    await expect.poll(() => row.getByTestId("agent-availability").textContent()).toContain("10:00–14:00");
  }, 120_000);

  it("a per-skill schedule: the coverage chart shows required against scheduled for the skill picked", async () => {
    // Next week (the page's default), built per skill through the API: Hebrew and Russian 08:00–16:00, Sunday to Thursday.
    const today = new Date();
    const weekStart = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate() - today.getDay() + 7)).toISOString().slice(0, 10);
    const day = (n: number) => Array.from({ length: 336 }, (_, i) => (i < 5 * 48 && (i % 48) * 30 >= 480 && (i % 48) * 30 < 960 ? n : 0));
    const shift = await apiClient(() => suite.moked.baseUrl, "shift@moked.local");
    const built = await shift.call("POST", "/api/v1/wfm/schedules", { weekStart, requiredBySkill: { "lang:he": day(2), "lang:ru": day(1) }, timeLimitSeconds: 10 });
    expect(built.status).toBe(201);

    const page = await signIn("shift@moked.local");
    await page.getByTestId("nav-workforce").click();
    await page.getByTestId("schedule-detail").waitFor({ timeout: 60_000 });
    const picker = page.getByTestId("skill-select");
    await picker.waitFor();
    const chart = page.getByTestId("coverage-chart").locator("svg[role=img]");
    expect(await chart.getAttribute("aria-label")).toBe(tr("workforce.coverageChart"));
    await picker.getByText(tr("languages.ru"), { exact: true }).click();
    await expect.poll(() => chart.getAttribute("aria-label")).toBe(`${tr("workforce.coverageChart")} — ${tr("languages.ru")}`);
    // The plan's figures for Russian are shown beside the picker.
    await expect.poll(() => page.getByTestId("skill-figures").textContent()).toMatch(new RegExp(`^${tr("languages.ru")}`));
  }, 180_000);
});

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiClient, signIn as signInPage, snapshot, tr } from "./harness";
import { useMokedSuite } from "./suite";

const suite = useMokedSuite("desk");

/** A page signed in through the login form (the harness's), closed after the test, once its live connection is up. */
async function signIn(email: string): Promise<Page> {
  const page = await signInPage(suite.browser, suite.moked.baseUrl, email);
  suite.track(page);
  await expect.poll(() => page.getByTestId("live-status").getAttribute("data-status"), { timeout: 15_000 }).toBe("connected");
  return page;
}

async function skyTours(admin: Awaited<ReturnType<typeof apiClient>>): Promise<{ tenantId: string; queueId: string }> {
  const tenants = await admin.call("GET", "/api/v1/tenants");
  const tenant = (tenants.body.items as Array<{ id: string; slug: string }>).find((t) => t.slug === "sky-tours")!;
  const queues = await admin.call("GET", "/api/v1/queues");
  const queue = (queues.body.items as Array<{ id: string; tenantId: string }>).find((q) => q.tenantId === tenant.id)!;
  return { tenantId: tenant.id, queueId: queue.id };
}

describe("the agent desktop and the wallboard", () => {
  it("offers a contact to an available agent, who accepts it and files the wrap-up", async () => {
    const page = await signIn("agent4@moked.local");
    await page.getByTestId("nav-desk").click();
    await page.getByTestId("desk-state").waitFor();
    await page.getByTestId("desk-available").click();
    await expect.poll(() => page.getByTestId("desk-state").getAttribute("data-activity"), { timeout: 10_000 }).toBe("available");

    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const { tenantId, queueId } = await skyTours(admin);
    const created = await admin.call("POST", "/api/v1/interactions", { tenantId, queueId, channel: "voice", requiredSkills: [{ skill: "lang:he" }] });
    expect(created.status).toBe(201);
    const id = created.body.interaction.id as string;

    // The offer arrives live, with the line's name, a countdown and both actions.
    const offer = page.getByTestId("offer-card");
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.getAttribute("data-interaction")).toBe(id);
    expect(await offer.getAttribute("role")).toBe("alert");
    await expect.poll(() => page.getByTestId("offer-line").textContent(), { timeout: 10_000 }).not.toBe("");
    await page.getByTestId("offer-countdown").waitFor();
    await snapshot(page, "desk-offer");
    // The keyboard reaches both actions in order.
    const focused = () => page.locator(":focus").getAttribute("data-testid");
    await page.getByTestId("offer-accept").focus();
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("offer-reject");
    await page.getByTestId("offer-accept").click();

    const item = page.getByTestId("work-item");
    await item.waitFor();
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 10_000 }).toBe("connected");
    expect(await page.getByTestId("offer-card").count()).toBe(0);
    await snapshot(page, "desk-work");
    await page.getByTestId("wrapup-code").fill("booking-changed");
    // Code, notes, then the button that files them, in tab order.
    await page.getByTestId("wrapup-code").press("Escape");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("wrapup-notes");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("wrapup-submit");
    await page.keyboard.press("Enter");

    await expect.poll(async () => (await admin.call("GET", `/api/v1/interactions/${id}`)).body.interaction, { timeout: 15_000 }).toMatchObject({
      finalState: "answered",
      wrapUpCode: "booking-changed",
      agentId: expect.any(String),
    });
    await expect.poll(() => page.getByTestId("work-item").count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByTestId("desk-handled").textContent(), { timeout: 10_000 }).not.toBe("0");
  });

  it("shows the shift manager every queue and the agents' live states", async () => {
    const page = await signIn("shift@moked.local");
    await page.getByTestId("nav-wallboard").click();
    await page.getByTestId("wallboard-queues").waitFor();
    await expect.poll(() => page.getByTestId("queue-row").count(), { timeout: 10_000 }).toBeGreaterThan(0);

    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const users = await admin.call("GET", "/api/v1/users");
    const agent4 = (users.body.items as Array<{ id: string; email: string; name: string }>).find((u) => u.email === "agent4@moked.local")!;
    const row = page.locator(`[data-testid="agent-row"][data-agent="${agent4.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(agent4.name);
    await snapshot(page, "wallboard");

    // A state change reaches the board live, well before the 10-second refresh.
    const agent = await apiClient(() => suite.moked.baseUrl, "agent4@moked.local");
    const before = await row.getAttribute("data-activity");
    const next = before === "not_ready" ? "available" : "not_ready";
    await agent.call("PUT", "/api/v1/agents/me/state", next === "not_ready" ? { state: next, reason: "lunch" } : { state: next });
    await expect.poll(() => row.getAttribute("data-activity"), { timeout: 5_000 }).toBe(next);

    // The activity filter narrows the agents table.
    await page.getByTestId("wallboard-filter").getByText(tr("desk.activity.offline")).click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('[data-testid="agent-row"]:not([data-activity="offline"])').count()).toBe(0);
  });

  it("lets the agent decline an offer with Alt+R, which makes them not ready", async () => {
    const page = await signIn("agent4@moked.local");
    await page.getByTestId("nav-desk").click();
    await page.getByTestId("desk-available").click();
    await expect.poll(() => page.getByTestId("desk-state").getAttribute("data-activity"), { timeout: 10_000 }).toBe("available");

    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const { tenantId, queueId } = await skyTours(admin);
    const created = await admin.call("POST", "/api/v1/interactions", { tenantId, queueId, channel: "chat", requiredSkills: [{ skill: "lang:he" }] });
    expect(created.status).toBe(201);

    await page.getByTestId("offer-card").waitFor({ timeout: 15_000 });
    await page.keyboard.press("Alt+KeyR");
    await expect.poll(() => page.getByTestId("offer-card").count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByTestId("desk-state").getAttribute("data-activity"), { timeout: 10_000 }).toBe("not_ready");
  });

  it("lets a supervisor watch a contact wait, move it to an agent who takes it with the customer's history and the line's script, and see the counters change", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const { tenantId, queueId } = await skyTours(admin);
    // Contacts the earlier tests left waiting (a declined chat) are hung up: this test counts from zero.
    for (const c of (await admin.call("GET", `/api/v1/queues/${queueId}/waiting`)).body.items as Array<{ interactionId: string }>) {
      await admin.call("POST", `/api/v1/interactions/${c.interactionId}/hangup`);
    }
    const manager = await apiClient(() => suite.moked.baseUrl, "manager@moked.local");
    await manager.call("POST", `/api/v1/tenants/${tenantId}/knowledge`, { kind: "faq", title: "כבודה", body: "מזוודה אחת עד 23 ק״ג" });
    // An earlier contact of the same customer, wrapped up with a note.
    const earlier = await admin.call("POST", "/api/v1/interactions", { tenantId, queueId, channel: "email", customerRef: "054-5550101", requiredSkills: [{ skill: "lang:he" }] });
    await admin.call("POST", `/api/v1/interactions/${earlier.body.interaction.id}/hangup`);

    // The agent and the supervisor sign in side by side.
    const [agent, board] = await Promise.all([signIn("agent4@moked.local"), signIn("shift@moked.local")]);
    await agent.getByTestId("nav-desk").click();
    await agent.getByTestId("desk-not-ready").click();
    await expect.poll(() => agent.getByTestId("desk-state").getAttribute("data-activity"), { timeout: 10_000 }).toBe("not_ready");
    await board.getByTestId("nav-wallboard").click();
    const row = board.locator(`[data-testid="queue-row"][data-queue="${queueId}"]`);
    await row.waitFor();
    const answeredBefore = Number(await row.getAttribute("data-answered"));

    const created = await admin.call("POST", "/api/v1/interactions", { tenantId, queueId, channel: "voice", customerRef: "0545550101", requiredSkills: [{ skill: "lang:he" }] });
    const id = created.body.interaction.id as string;
    await expect.poll(() => row.getAttribute("data-waiting"), { timeout: 10_000 }).toBe("1");
    // The client business's totals above its queues count it too.
    const totals = board.locator(`[data-testid="line-totals"][data-line="${tenantId}"]`);
    await expect.poll(() => totals.getAttribute("data-waiting")).toBe("1");
    expect(await totals.textContent()).toContain(tr("wallboard.lineTotal").replace("{{n}}", "1"));
    await snapshot(board, "wallboard-waiting-he");

    // Drill down and move the waiting contact to agent4.
    await row.getByTestId("queue-open").click();
    const waiting = board.locator(`[data-testid="waiting-row"][data-interaction="${id}"]`);
    await waiting.waitFor({ timeout: 10_000 });
    await waiting.getByTestId("move-target").click();
    await board.getByRole("option", { name: /תמר פרץ/ }).click();
    await waiting.getByTestId("move-send").click();
    await board.keyboard.press("Escape");

    await agent.getByTestId("desk-available").click();
    await agent.locator(`[data-testid="offer-card"][data-interaction="${id}"]`).waitFor({ timeout: 15_000 });
    await agent.keyboard.press("Alt+KeyA");
    const item = agent.locator(`[data-testid="work-item"][data-interaction="${id}"]`);
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 10_000 }).toBe("connected");
    await expect.poll(() => item.getByTestId("customer-contact").count(), { timeout: 10_000 }).toBe(1);
    // The line's seeded greeting, with the agent's own name in it.
    await expect.poll(() => item.getByTestId("knowledge-greeting").textContent(), { timeout: 10_000 }).toContain("תמר פרץ");
    await expect.poll(() => row.getAttribute("data-waiting"), { timeout: 10_000 }).toBe("0");
    await expect.poll(async () => Number(await row.getAttribute("data-answered")), { timeout: 10_000 }).toBe(answeredBefore + 1);
    await snapshot(agent, "desk-connected-he");
    await snapshot(board, "wallboard-answered-he");

    await agent.keyboard.press("Alt+KeyW");
    await agent.keyboard.type("baggage-info");
    await item.getByTestId("wrapup-notes").fill("שאלה על משקל כבודה");
    for (const [page, name] of [
      [agent, "desk"],
      [board, "wallboard"],
    ] as const) {
      await page.getByTestId("language-switch").click();
      await page.getByRole("option", { name: "English" }).click();
      await expect.poll(() => page.locator("html").getAttribute("dir"), { timeout: 10_000 }).toBe("ltr");
      await snapshot(page, `${name}-en`);
    }
    await item.getByTestId("wrapup-submit").click();
    await expect.poll(async () => (await admin.call("GET", `/api/v1/interactions/${id}`)).body.interaction, { timeout: 15_000 }).toMatchObject({ finalState: "answered", wrapUpCode: "baggage-info" });
  });

  it("hands a contact to a colleague with a note, which the colleague reads on the offer and beside the contact", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const { tenantId, queueId } = await skyTours(admin);
    // Nobody else on the line takes it first.
    await (await apiClient(() => suite.moked.baseUrl, "agent4@moked.local")).call("PUT", "/api/v1/agents/me/state", { state: "offline" });
    const [sender, colleague] = await Promise.all([signIn("agent11@moked.local"), signIn("agent15@moked.local")]);
    await sender.getByTestId("nav-desk").click();
    await sender.getByTestId("desk-available").click();
    await expect.poll(() => sender.getByTestId("desk-state").getAttribute("data-activity"), { timeout: 10_000 }).toBe("available");

    const created = await admin.call("POST", "/api/v1/interactions", { tenantId, queueId, channel: "voice", customerRef: "0545550177", requiredSkills: [{ skill: "lang:he" }] });
    const id = created.body.interaction.id as string;
    await sender.locator(`[data-testid="offer-card"][data-interaction="${id}"]`).waitFor({ timeout: 15_000 });
    // Not transferred yet: no note on the offer.
    expect(await sender.getByTestId("transfer-note").count()).toBe(0);
    await sender.getByTestId("offer-accept").click();
    const item = sender.locator(`[data-testid="work-item"][data-interaction="${id}"]`);
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 10_000 }).toBe("connected");

    await colleague.getByTestId("nav-desk").click();
    await colleague.getByTestId("desk-available").click();
    await expect.poll(() => colleague.getByTestId("desk-state").getAttribute("data-activity"), { timeout: 10_000 }).toBe("available");

    const note = "רוצה לשנות את תאריך הטיסה, הזהות אומתה";
    await item.getByTestId("work-transfer-note").fill(note);
    await item.getByTestId("transfer-agent").click();
    await sender.getByRole("option", { name: /מאיה רוזן/ }).click();
    await item.getByTestId("transfer-agent-send").click();
    await expect.poll(() => sender.locator(`[data-testid="work-item"][data-interaction="${id}"]`).count(), { timeout: 15_000 }).toBe(0);

    const offer = colleague.locator(`[data-testid="offer-card"][data-interaction="${id}"]`);
    await offer.waitFor({ timeout: 15_000 });
    await expect.poll(() => offer.getByTestId("transfer-note-reason").textContent(), { timeout: 10_000 }).toBe(note);
    expect(await offer.getByTestId("transfer-note").textContent()).toContain("David Miller");
    await snapshot(colleague, "desk-transfer-note-offer");
    await offer.getByTestId("offer-accept").click();
    const taken = colleague.locator(`[data-testid="work-item"][data-interaction="${id}"]`);
    await expect.poll(() => taken.getAttribute("data-status"), { timeout: 10_000 }).toBe("connected");
    await expect.poll(() => taken.getByTestId("transfer-note-reason").textContent(), { timeout: 10_000 }).toBe(note);
    await taken.getByTestId("wrapup-code").fill("booking-changed");
    await taken.getByTestId("wrapup-code").press("Escape");
    await taken.getByTestId("wrapup-submit").click();
    await expect.poll(async () => (await admin.call("GET", `/api/v1/interactions/${id}`)).body.interaction, { timeout: 15_000 }).toMatchObject({ finalState: "answered", agentId: expect.any(String) });
    for (const a of ["agent11", "agent15"]) await (await apiClient(() => suite.moked.baseUrl, `${a}@moked.local`)).call("PUT", "/api/v1/agents/me/state", { state: "offline" });
  }, 120_000);
});

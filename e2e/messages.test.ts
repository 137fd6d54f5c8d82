import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiClient, newPage, snapshot, tr } from "./harness";
import { useMokedSuite } from "./suite";

const PASSWORD = "moked-demo-2026";

const suite = useMokedSuite("messages");

async function signIn(email: string): Promise<Page> {
  const { page } = await newPage(suite.browser, suite.moked.baseUrl);
  suite.track(page);
  await page.goto("/");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId("user-name").waitFor();
  await expect.poll(() => page.getByTestId("live-status").getAttribute("data-status")).toBe("connected");
  return page;
}

type Client = Awaited<ReturnType<typeof apiClient>>;

async function line(admin: Client, slug: string): Promise<{ id: string; name: string }> {
  const tenants = await admin.call("GET", "/api/v1/tenants");
  return (tenants.body.items as Array<{ id: string; slug: string; name: string }>).find((t) => t.slug === slug)!;
}

/** Picks an option of a Mantine Select by its visible label. */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole("option", { name: label, exact: true }).click();
}

describe("the message center", () => {
  it("shows a line's messages only to its own client, who acknowledges and closes them", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const bayit = await line(admin, "bayit-mortgage");
    const subject = `Urgent call-back ${Date.now()}`;
    const created = await admin.call("POST", "/api/v1/messages", { tenantId: bayit.id, subject, urgency: "urgent", body: "Please call the customer about the appraisal." });
    expect(created.status).toBe(201);
    const id = created.body.message.id as string;

    const page = await signIn("viewer.banking@moked.local");
    await page.getByTestId("nav-messages").click();
    await page.getByTestId("messages-table").waitFor();
    // A client has one line: no line filter.
    expect(await page.getByTestId("messages-line").count()).toBe(0);
    const row = page.locator(`[data-testid="message-row"][data-message="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-urgency")).toBe("urgent");
    expect(await row.textContent()).toContain(subject);
    await row.getByTestId("message-urgent").waitFor();
    await snapshot(page, "messages-list");

    await row.click();
    await expect.poll(() => page.getByTestId("message-body").textContent()).toContain("appraisal");
    await page.getByTestId("message-ack").click();
    await expect.poll(() => page.getByTestId("message-detail").getAttribute("data-status")).toBe("acknowledged");
    await page.getByTestId("message-handled").click();
    await expect.poll(() => page.getByTestId("message-detail").getAttribute("data-status")).toBe("handled");
    await snapshot(page, "messages-detail");
    await expect.poll(() => row.getAttribute("data-status")).toBe("handled");
    expect((await admin.call("GET", `/api/v1/messages/${id}`)).body.message.status).toBe("handled");

    const other = await signIn("viewer.travel@moked.local");
    await other.getByTestId("nav-messages").click();
    await other.getByTestId("messages-table").waitFor();
    await other.getByTestId("messages-empty").waitFor();
    expect(await other.getByTestId("message-row").count()).toBe(0);
  });

  it("lets an agent take a message through the line's form, with the server's checks per field", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const bayit = await line(admin, "bayit-mortgage");
    const settings = await admin.call("PUT", `/api/v1/tenants/${bayit.id}/message-settings`, {
      fields: [
        { key: "loanNumber", label: "Loan number", type: "text", required: true },
        { key: "topic", label: "Topic", type: "select", required: true, options: ["appraisal", "payment"] },
      ],
      categories: [],
      forwarding: [],
    });
    expect(settings.status).toBe(200);

    const page = await signIn("agent4@moked.local");
    await page.getByTestId("nav-messages").click();
    await page.getByTestId("messages-table").waitFor();
    await page.getByTestId("take-message").click();
    await choose(page, "take-message-line", bayit.name);
    await page.locator('[data-field="loanNumber"]').waitFor();

    // Sent without the line's required fields: the server's answer marks them.
    const subject = `Payment question ${Date.now()}`;
    await page.locator('input[name="subject"]').fill(subject);
    await page.getByTestId("take-message-submit").click();
    await expect.poll(() => page.locator('[data-field="loanNumber"]').getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator('[data-field="topic"]').getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("take-message-form").textContent()).toContain(tr("messages.required"));
    await snapshot(page, "messages-take-errors");

    await page.locator('[data-field="loanNumber"]').fill("77-1234");
    await page.locator('[data-field="topic"]').click();
    await page.getByRole("option", { name: "payment", exact: true }).click();
    await page.locator('input[name="customerPhone"]').fill("050-1234567");
    await page.getByTestId("take-message-submit").click();
    await expect.poll(() => page.getByTestId("take-message-form").count()).toBe(0);

    const list = await admin.call("GET", `/api/v1/messages?tenantId=${bayit.id}`);
    const taken = (list.body.items as Array<{ id: string; subject: string; fields: Record<string, unknown>; customerPhone: string }>).find((m) => m.subject === subject);
    expect(taken).toMatchObject({ fields: { loanNumber: "77-1234", topic: "payment" }, customerPhone: "050-1234567" });
    await page.locator(`[data-testid="message-row"][data-message="${taken!.id}"]`).waitFor();
    // Agents take messages; the client and the staff acknowledge them.
    await page.locator(`[data-testid="message-row"][data-message="${taken!.id}"]`).click();
    await page.getByTestId("message-detail").waitFor();
    expect(await page.getByTestId("message-ack").count()).toBe(0);
  });
});

describe("the center manager's message editor", () => {
  it("builds a car importer's form and an urgent-only night SMS rule, shows the server's reasons beside the input, keeps them after a reload, and the agent's form has the new fields", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const galil = await line(admin, "galil-motors");
    const page = await signIn("manager@moked.local");
    await page.getByTestId("nav-lines").click();
    await page.getByTestId("message-settings-galil-motors").click();
    const modal = page.getByTestId("message-settings");
    const preview = modal.getByTestId("msg-form-preview");

    // A required plate number, and a choice with its options; the preview is the agent's form as it grows.
    await modal.getByTestId("msg-field-add").click();
    const plate = modal.getByTestId("msg-field-row").last();
    await plate.getByTestId("msg-field-label").fill("plate number");
    await plate.getByTestId("msg-field-key").fill("plateNumber");
    await plate.getByTestId("msg-field-required").check();
    await preview.locator('[data-field="plateNumber"]').waitFor();
    await modal.getByTestId("msg-field-add").click();
    const tow = modal.getByTestId("msg-field-row").last();
    await tow.getByTestId("msg-field-label").fill("Tow needed");
    await tow.getByTestId("msg-field-key").fill("towNeeded");
    await tow.getByTestId("msg-field-type").click();
    await page.getByRole("option", { name: tr("messageSettings.types.select"), exact: true }).click();
    for (const option of ["tow truck", "on-site repair"]) {
      await tow.getByTestId("msg-field-options").fill(option);
      await tow.getByTestId("msg-field-options").press("Enter");
    }
    await preview.locator('[data-field="towNeeded"]').click();
    await page.getByRole("option", { name: "on-site repair", exact: true }).waitFor();
    await page.keyboard.press("Escape");
    await snapshot(page, "message-settings-form");

    // Urgent messages at night go by SMS: a destination that is no phone is refused beside its input.
    await modal.getByTestId("msg-tab-forwarding").click();
    await modal.getByTestId("msg-rule-add").click();
    const rule = modal.getByTestId("msg-rule-row").last();
    await rule.getByTestId("msg-rule-channel").getByText(tr("messageSettings.channels.sms"), { exact: true }).click();
    await rule.getByTestId("msg-rule-urgency").getByText(tr("messages.urgency.urgent"), { exact: true }).click();
    await rule.getByTestId("msg-rule-hours-on").check();
    await rule.getByTestId("msg-rule-from").fill("22:00");
    await rule.getByTestId("msg-rule-to-time").fill("06:00");
    await rule.getByTestId("msg-rule-overnight").waitFor();
    await rule.getByTestId("msg-rule-to").fill("not a phone");
    await modal.getByTestId("message-settings-save").click();
    await expect.poll(() => page.getByTestId("message-settings-error").textContent()).toBe(tr("errors.invalid_destination"));
    expect(await rule.textContent()).toContain(tr("messageSettings.problems.phone"));
    expect(await rule.getByTestId("msg-rule-to").getAttribute("aria-invalid")).toBe("true");
    await snapshot(page, "message-settings-rule-error");
    await rule.getByTestId("msg-rule-to").fill("050-7654321");
    await modal.getByTestId("message-settings-save").click();
    await modal.getByTestId("message-settings-save").waitFor({ state: "detached", timeout: 15_000 });

    const saved = (await admin.call("GET", `/api/v1/tenants/${galil.id}/message-settings`)).body.settings;
    expect(saved.fields.slice(-2)).toEqual([
      { key: "plateNumber", label: "plate number", type: "text", required: true },
      { key: "towNeeded", label: "Tow needed", type: "select", required: false, options: ["tow truck", "on-site repair"] },
    ]);
    expect(saved.forwarding.at(-1)).toMatchObject({ channel: "sms", to: "+972507654321", urgency: ["urgent"], hours: { from: "22:00", to: "06:00" } });

    // After a reload the editor shows what was kept.
    await page.reload();
    await page.getByTestId("user-name").waitFor();
    await page.getByTestId("nav-lines").click();
    await page.getByTestId("message-settings-galil-motors").click();
    await modal.locator('[data-testid="msg-field-row"][data-key="plateNumber"]').waitFor();
    expect(await modal.locator('[data-testid="msg-field-row"][data-key="towNeeded"]').getByTestId("msg-field-label").inputValue()).toBe("Tow needed");
    await modal.getByTestId("msg-tab-forwarding").click();
    const kept = modal.getByTestId("msg-rule-row").last();
    expect(await kept.getByTestId("msg-rule-to").inputValue()).toBe("+972507654321");
    expect(await kept.getByTestId("msg-rule-from").inputValue()).toBe("22:00");
    expect(await kept.getByTestId("msg-rule-to-time").inputValue()).toBe("06:00");
    await snapshot(page, "message-settings-rules");

    // The agent's form for the line now asks for the plate number and offers the choice.
    const agent = await signIn("agent10@moked.local"); // serves galil-motors
    await agent.getByTestId("nav-messages").click();
    await agent.getByTestId("take-message").click();
    await choose(agent, "take-message-line", galil.name);
    await agent.locator('[data-field="plateNumber"]').waitFor();
    await agent.locator('input[name="subject"]').fill("Car broke down on route 6");
    await agent.getByTestId("take-message-submit").click();
    await expect.poll(() => agent.locator('[data-field="plateNumber"]').getAttribute("aria-invalid")).toBe("true");
    await agent.locator('[data-field="plateNumber"]').fill("12-345-67");
    await agent.locator('[data-field="towNeeded"]').click();
    await agent.getByRole("option", { name: "tow truck", exact: true }).click();
    await agent.getByTestId("take-message-submit").click();
    await expect.poll(() => agent.getByTestId("take-message-form").count()).toBe(0);
    const taken = ((await admin.call("GET", `/api/v1/messages?tenantId=${galil.id}`)).body.items as Array<{ subject: string; fields: Record<string, unknown> }>).find((m) => m.subject === "Car broke down on route 6");
    expect(taken?.fields).toEqual({ plateNumber: "12-345-67", towNeeded: "tow truck" });
    // Two sign-ins, two saves and a reload: minutes on a busy two-core machine.
  }, 240_000);
});

describe("on call", () => {
  it("shows who is on call and lets an agent record that the person was reached by phone", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const kolbo = await line(admin, "kolbo-retail");
    const roster = await admin.call("PUT", `/api/v1/tenants/${kolbo.id}/on-call`, {
      members: [
        { id: "dana", name: "Dana Oncall", phone: "050-0000001", email: "dana@kolbo.example" },
        { id: "eli", name: "Eli Backup", phone: "050-0000002" },
      ],
      rotationStart: "2026-01-04",
      escalation: ["eli"],
      ackTimeoutSeconds: 600,
    });
    expect(roster.status).toBe(200);
    const created = await admin.call("POST", "/api/v1/messages", { tenantId: kolbo.id, subject: "Store alarm is ringing", urgency: "urgent", body: "" });
    expect(created.status).toBe(201);

    const page = await signIn("agent4@moked.local");
    await page.getByTestId("nav-messages").click();
    await choose(page, "messages-line", kolbo.name);
    const panel = page.getByTestId("oncall-now");
    await expect.poll(() => panel.textContent()).toMatch(/Dana Oncall|Eli Backup/);
    const row = page.getByTestId("dispatch-row").first();
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 30_000 }).toBe("notifying");
    await snapshot(page, "messages-oncall");
    await row.getByTestId("dispatch-ack").click();
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 20_000 }).toBe("acknowledged");
  });
});

describe("reports", () => {
  it("shows the center manager a line's answer-time compliance and queue figures", async () => {
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const sky = await line(admin, "sky-tours");
    const queues = await admin.call("GET", "/api/v1/queues");
    const queue = (queues.body.items as Array<{ id: string; tenantId: string; name: string }>).find((q) => q.tenantId === sky.id)!;
    const created = await admin.call("POST", "/api/v1/interactions", { tenantId: sky.id, queueId: queue.id, channel: "voice" });
    expect(created.status).toBe(201);
    const hangup = await admin.call("POST", `/api/v1/interactions/${created.body.interaction.id as string}/hangup`);
    expect(hangup.status).toBeLessThan(300);

    const page = await signIn("manager@moked.local");
    await page.getByTestId("nav-reports").click();
    await page.getByTestId("reports-compliance").waitFor();
    await choose(page, "reports-line", sky.name);
    await page.getByTestId("reports-share").waitFor();
    const table = page.getByTestId("reports-queues");
    await expect.poll(() => table.textContent(), { timeout: 15_000 }).toContain(queue.name);
    await page.getByTestId("reports-intervals").waitFor();
    expect(await page.getByTestId("reports-intervals-row").count()).toBeGreaterThan(0);
    const csv = await page.getByTestId("reports-csv").getAttribute("href");
    expect(csv).toContain(`tenantId=${sky.id}`);
    expect(csv).toContain("format=csv");
    const evidence = await page.request.get(csv!);
    expect(evidence.status()).toBe(200);
    expect(evidence.headers()["content-type"]).toContain("text/csv");
    await snapshot(page, "reports");
  });
});

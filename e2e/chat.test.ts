import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, newPage, snapshot } from "./harness";
import { useMokedSuite } from "./suite";

const suite = useMokedSuite("chat");
let site: Server;
let siteUrl = "";

// The client business's own web site, on another origin, with the one-line embed.
// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const sitePage = (mokedUrl: string) => `<!doctype html>
<html lang="he" dir="rtl"><head><meta charset="utf-8"><title>סקיי טורס</title></head>
<body><h1>סקיי טורס — חופשות</h1>
<script src="${mokedUrl}/api/v1/public/chat/widget.js" data-line="sky-tours" data-color="#6a1b9a" async></script>
</body></html>`;

beforeAll(async () => {
  site = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(sitePage(suite.moked.baseUrl)));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => site?.close(resolve));
});

describe("web chat", () => {
  it("a visitor chats in Hebrew from the client's site, an agent answers on the desktop, and the transcript is in the customer's timeline", async () => {
    // The agent is on the desk and available.
    const desk = suite.track((await newPage(suite.browser, suite.moked.baseUrl)).page);
    await desk.goto("/");
    await desk.locator('input[name="email"]').fill("agent4@moked.local");
    await desk.locator('input[name="password"]').fill("moked-demo-2026");
    await desk.locator('button[type="submit"]').click();
    await desk.getByTestId("nav-desk").click();
    await expect.poll(() => desk.getByTestId("live-status").getAttribute("data-status")).toBe("connected");
    await desk.getByTestId("desk-available").click();
    await expect.poll(() => desk.getByTestId("desk-state").getAttribute("data-activity")).toBe("available");

    // The line's look, set by its manager: a greeting and a logo (the tag's data-color wins over the line's colour).
    const admin = await apiClient(() => suite.moked.baseUrl, "admin@moked.local");
    const sky = ((await admin.call("GET", "/api/v1/tenants")).body.items as Array<{ id: string; slug: string }>).find((l) => l.slug === "sky-tours")!;
    await admin.call("PUT", `/api/v1/tenants/${sky.id}/chat-widget`, { color: "#2b8a3e", logoUrl: "/favicon.svg", greeting: { he: "שלום! במה נוכל לעזור?" } });

    // The visitor opens the widget on the business's site and fills in the pre-chat form, in Hebrew.
    // The line's settings are held back until the visitor has typed (a slow network): their arrival must not
    // wipe the form.
    const visitor = suite.track((await newPage(suite.browser, siteUrl)).page);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await visitor.route("**/api/v1/public/chat/lines/**", async (route) => {
      await held;
      await route.continue();
    });
    await visitor.goto(siteUrl);
    await visitor.getByTestId("chat-launcher").click();
    expect(await visitor.locator("[data-moked-chat] >> div[dir]").first().getAttribute("dir")).toBe("rtl");
    await visitor.getByTestId("chat-name").fill("מיכל לוי");
    await visitor.getByTestId("chat-phone").fill("054-3216549");
    await visitor.getByTestId("chat-email").fill("michal@example.com");
    await visitor.getByTestId("chat-topic").fill("שינוי הזמנה");
    release();
    await visitor.locator("[data-moked-chat] >> h2", { hasText: "שחקים תיירות" }).waitFor();
    expect(await visitor.getByTestId("chat-name").inputValue()).toBe("מיכל לוי");
    expect(await visitor.getByTestId("chat-topic").inputValue()).toBe("שינוי הזמנה");
    expect(await visitor.getByTestId("chat-greeting").textContent()).toBe("שלום! במה נוכל לעזור?");
    expect(await visitor.getByTestId("chat-logo").getAttribute("src")).toBe(`${suite.moked.baseUrl}/favicon.svg`);
    expect(await visitor.getByTestId("chat-frame").getAttribute("style")).toContain("#6a1b9a");
    await visitor.getByTestId("chat-start").click();
    await visitor.getByTestId("chat-status").waitFor();

    // The chat is offered to the agent, who takes it.
    await desk.getByTestId("offer-card").waitFor({ timeout: 15_000 });
    await desk.getByTestId("offer-accept").click();
    const pane = desk.getByTestId("chat-pane");
    await pane.waitFor();
    await expect.poll(() => visitor.getByTestId("chat-status").getAttribute("data-state"), { timeout: 10_000 }).toBe("connected");
    expect(await visitor.getByTestId("chat-status").textContent()).toContain("תמר");

    // The visitor writes, in Hebrew, and once with markup that must stay text on the agent's screen.
    await visitor.getByTestId("chat-input").fill("שלום, אפשר להזיז את הטיסה ליום שלישי?");
    await visitor.getByTestId("chat-input").press("Enter");
    const payload = `<img src=x onerror="window.__pwned=1">`;
    await visitor.getByTestId("chat-input").fill(payload);
    await visitor.getByTestId("chat-send").click();
    const fromVisitor = pane.locator('[data-testid="chat-line"][data-author="visitor"]');
    await expect.poll(() => fromVisitor.count(), { timeout: 10_000 }).toBe(2);
    expect(await fromVisitor.nth(0).textContent()).toContain("אפשר להזיז את הטיסה ליום שלישי?");
    expect(await fromVisitor.nth(1).textContent()).toContain(payload);
    expect(await pane.locator("img").count()).toBe(0);
    expect(await desk.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // The agent answers; the visitor sees it live.
    await pane.getByTestId("chat-reply").fill("שלום מיכל, העברתי ליום שלישי בשעה 10:00.");
    await pane.getByTestId("chat-send").click();
    const fromAgent = visitor.locator('[data-testid="chat-log"] [data-author="agent"]');
    await fromAgent.waitFor({ timeout: 10_000 });
    expect(await fromAgent.textContent()).toBe("שלום מיכל, העברתי ליום שלישי בשעה 10:00.");
    // The agent sends a picture from the desk; the visitor sees it in the widget.
    await pane.getByTestId("chat-attach-input").setInputFiles({ name: "map.png", mimeType: "image/png", buffer: PNG });
    await visitor.locator('[data-testid="chat-log"] [data-author="agent"] img[alt="map.png"]').waitFor({ timeout: 10_000 });
    await snapshot(visitor, "chat-visitor");
    await snapshot(desk, "chat-desk");

    // A reload of the visitor's page keeps the conversation.
    await visitor.reload();
    await visitor.getByTestId("chat-log").waitFor();
    await expect.poll(() => visitor.locator('[data-testid="chat-log"] .msg').count(), { timeout: 10_000 }).toBe(4);

    // The agent ends and files the wrap-up; the conversation is in the customer's timeline.
    await desk.getByTestId("work-complete").click();
    await desk.getByTestId("wrapup-code").fill("booking-changed");
    await desk.getByTestId("wrapup-submit").click();
    await expect.poll(() => visitor.getByTestId("chat-status").getAttribute("data-state"), { timeout: 10_000 }).toBe("ended");
    expect(await visitor.getByTestId("chat-status").textContent()).toBe("השיחה הסתיימה");

    const chats = await admin.call("GET", "/api/v1/interactions?limit=20");
    const chat = (chats.body.items as Array<{ id: string; channel: string; customerRef: string }>).find((i) => i.channel === "chat" && i.customerRef)!;
    const customer = await admin.call("GET", `/api/v1/customers/${chat.customerRef}`);
    expect(customer.body.customer).toMatchObject({ name: "מיכל לוי", phones: ["+972543216549"], emails: ["michal@example.com"] });
    const contact = (customer.body.contacts as Array<{ id: string; conversation: Array<{ author: string; text: string }> }>).find((c) => c.id === chat.id)!;
    expect(contact.conversation.map((l) => l.text)).toEqual(["שלום, אפשר להזיז את הטיסה ליום שלישי?", payload, "שלום מיכל, העברתי ליום שלישי בשעה 10:00.", "map.png"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, until, type TestApp } from "./harness";

/** A client business's own view: its messages and dispatch log as downloads, and nothing of anyone else's. */
describe("the client portal's downloads", () => {
  let t: TestApp;
  let admin: string;
  const call = (method: "GET" | "POST" | "PUT", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const rows = (text: string) => text.replace(/^\uFEFF/, "").trim().split("\r\n");

  beforeAll(async () => {
    t = await startTestApp({ OUTBOX_POLL_MS: "100" });
    admin = await t.login("admin@moked.local");
    const galil = t.tenantId("galil-motors");
    await call("PUT", `/api/v1/tenants/${galil}/message-settings`, admin, {
      fields: [
        { key: "plate", label: "מספר רישוי", type: "text", required: true },
        { key: "tow", label: "נדרש גרר", type: "boolean", required: false },
      ],
      categories: [],
      forwarding: [{ channel: "email", to: "service@galil.example" }],
    });
    await call("POST", "/api/v1/messages", admin, { tenantId: galil, subject: "תקלה בכביש 6", customerName: "=HYPERLINK(\"x\")", customerPhone: "+972501112233", fields: { plate: "12-345-67", tow: true }, urgency: "urgent" });
    await call("POST", "/api/v1/messages", admin, { tenantId: t.tenantId("sky-tours"), subject: "טיסה בוטלה" });
    const yesterday = new Date(Date.now() - 86_400_000);
    await call("PUT", `/api/v1/tenants/${galil}/on-call`, admin, {
      members: [{ id: "m1", name: "יוסי — שירותי דרך", email: "yossi@galil.example" }],
      rotationStart: yesterday.toISOString().slice(0, 10),
      handoverWeekday: yesterday.getUTCDay(),
      handoverTime: "00:00",
    });
    await call("POST", "/api/v1/messages", admin, { tenantId: galil, subject: "רכב תקוע במנהרה", fields: { plate: "98-765-43" }, urgency: "urgent" });
    await call("POST", "/api/v1/messages", admin, { tenantId: galil, subject: "@SUM(A1)", fields: { plate: "11-222-33" }, urgency: "urgent" });
  });
  afterAll(() => t.close());

  it("gives the client its messages as CSV, with its own form's fields as columns and where each was sent", async () => {
    const viewer = await t.login("viewer.auto@moked.local");
    const res = await call("GET", "/api/v1/messages/export", viewer);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="messages-/);
    const [head, ...lines] = rows(res.body);
    expect(head).toContain("מספר רישוי,נדרש גרר,deliveries");
    expect(lines).toHaveLength(3);
    expect(res.body).toContain("12-345-67");
    expect(res.body).toContain("email service@galil.example");
    // A name that a spreadsheet would run as a formula is defused.
    expect(res.body).toContain(`"'=HYPERLINK(""x"")"`);
    expect(res.body).not.toContain("טיסה בוטלה");
    // Asking for another business's line gives nothing of it.
    const other = await call("GET", `/api/v1/messages/export?tenantId=${t.tenantId("sky-tours")}`, viewer);
    expect(rows(other.body)).toHaveLength(1);
    expect((await call("GET", "/api/v1/messages/export?from=2026-02-01&to=2026-01-01", viewer)).json().error.code).toBe("invalid_period");
  });

  it("gives the client its dispatch log as CSV, one line per step, and none of another line's", async () => {
    const viewer = await t.login("viewer.auto@moked.local");
    // The dispatcher notifies the on-call person in the background; the log shows it once it has.
    const body = await until(async () => {
      const text = (await call("GET", "/api/v1/dispatches/export", viewer)).body;
      return text.includes("notified") && text;
    });
    const [head, ...lines] = rows(body);
    expect(head).toBe("dispatchId,line,messageId,subject,status,openedAt,acknowledgedAt,stepAt,action,member,by,note");
    expect(lines.some((l) => l.includes("רכב תקוע במנהרה") && l.includes("notified") && l.includes("יוסי — שירותי דרך"))).toBe(true);
    // A subject a spreadsheet would run as a formula is defused.
    expect(lines.some((l) => l.includes(",'@SUM(A1),"))).toBe(true);
    expect(lines.some((l) => l.includes(",@SUM(A1)"))).toBe(false);
    const travel = await t.login("viewer.travel@moked.local");
    expect(rows((await call("GET", "/api/v1/dispatches/export", travel)).body)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { queues } from "@moked/db";
import { startTestApp, type TestApp } from "./harness";
import { HISTORY, writeHistory } from "./report-history";

// Text a customer or a line's staff typed must come out of a download as text: a spreadsheet that opens
// the CSV never runs "=HYPERLINK(…)" (it gets a leading quote), and the workbook holds it as a string.
describe("report downloads defuse spreadsheet formulas", () => {
  let t: TestApp;
  let admin: string;
  let range = "";
  const FORMULA = '=HYPERLINK("http://evil.example","x")';
  const DEFUSED = `"'=HYPERLINK(""http://evil.example"",""x"")"`;

  beforeAll(async () => {
    t = await startTestApp({ REPORT_AGGREGATE_MS: "3600000" });
    admin = await t.login("admin@moked.local");
    const sky = t.tenantId("sky-tours");
    const queueId = (await t.db.db.select().from(queues).where(eq(queues.tenantId, sky)))[0]!.id;
    await t.db.db.update(queues).set({ name: FORMULA }).where(eq(queues.id, queueId));
    // c4 of the fixed history abandons past its limit: a breach, here on a topic a caller's form supplied.
    const c4 = HISTORY.find((c) => c.id === "c4")!;
    await writeHistory(t.db.db, { tenantId: sky, queueId, agents: { A: t.userId("agent1@moked.local"), B: t.userId("agent3@moked.local") }, history: [{ ...c4, topic: "+SUM(1,2)" }] });
    range = `tenantId=${sky}&from=${encodeURIComponent("2026-10-24T20:45:00Z")}&to=${encodeURIComponent("2026-10-25T00:00:00Z")}`;
  });
  afterAll(() => t.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ method: "GET", url, headers: { cookie: admin } });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  it("quotes a formula-looking queue name in the summary CSV, and keeps it a string in the workbook", async () => {
    const csv = (await get(`/api/v1/reports/summary?${range}&dimension=queue&format=csv`)).body;
    expect(csv).toContain(DEFUSED);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const xlsx = await get(`/api/v1/reports/summary?${range}&dimension=queue&format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const label = book.getWorksheet("report")!.getRow(2).getCell(2);
    expect(label.type).toBe(ExcelJS.ValueType.String);
    expect(label.value).toBe(FORMULA);
    expect(label.formula).toBeUndefined();
  });

  it("quotes a formula-looking topic in the compliance evidence CSV", async () => {
    const csv = (await get(`/api/v1/reports/compliance?${range}&format=csv`)).body;
    const breach = csv.split("\r\n").find((l) => l.endsWith(",unanswered"))!;
    expect(breach).toContain(`,"'+SUM(1,2)",180,400,unanswered`); // an unknown topic has 3 minutes
    expect(csv).not.toMatch(/(^|,)"?\+SUM/m);
  });
});

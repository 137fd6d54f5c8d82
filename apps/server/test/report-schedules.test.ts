import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { interactions, queues, reportSchedules } from "@moked/db";
import { ReportScheduler, nextRun, reportPeriod } from "../src/analytics/schedules";
import { startTestApp, type TestApp } from "./harness";
import { writeHistory } from "./report-history";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

const TZ = "Asia/Jerusalem";
const iso = (d: Date | number) => new Date(d).toISOString();

describe("when scheduled reports run and what they cover, in the line's time zone", () => {
  it("runs daily, on Sundays or on the 1st at the local hour, across the autumn clock change", () => {
    const saturdayNight = Date.parse("2026-10-24T20:00:00Z"); // 23:00 summer time
    expect(iso(nextRun("daily", 7, TZ, saturdayNight))).toBe("2026-10-25T05:00:00.000Z"); // 07:00 winter time
    expect(iso(nextRun("weekly", 7, TZ, Date.parse("2026-10-21T10:00:00Z")))).toBe("2026-10-25T05:00:00.000Z");
    expect(iso(nextRun("monthly", 7, TZ, saturdayNight))).toBe("2026-11-01T05:00:00.000Z");
    expect(iso(nextRun("daily", 7, TZ, Date.parse("2026-10-25T05:00:00Z")))).toBe("2026-10-26T05:00:00.000Z");
  });

  it("covers the whole local day, week or month before the run", () => {
    const day = reportPeriod("daily", Date.parse("2026-10-25T05:00:00Z"), TZ);
    expect([iso(day.from), iso(day.to)]).toEqual(["2026-10-23T21:00:00.000Z", "2026-10-24T21:00:00.000Z"]);
    const week = reportPeriod("weekly", Date.parse("2026-10-25T05:00:00Z"), TZ);
    expect([week.fromDate, week.toDate]).toEqual(["2026-10-18", "2026-10-25"]);
    const month = reportPeriod("monthly", Date.parse("2026-11-01T05:00:00Z"), TZ);
    // October has 31 days and 1 extra hour: from 00:00 summer time to 00:00 winter time.
    expect([iso(month.from), iso(month.to)]).toEqual(["2026-09-30T21:00:00.000Z", "2026-10-31T22:00:00.000Z"]);
  });
});

describe("scheduled e-mail reports and the return-on-service view", () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let sky: string;
  let ids: Map<string, string>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: "100", REPORT_AGGREGATE_MS: "3600000" });
    sky = t.tenantId("sky-tours");
    const queueId = (await t.db.db.select().from(queues).where(eq(queues.tenantId, sky)))[0]!.id;
    ids = await writeHistory(t.db.db, { tenantId: sky, queueId, agents: { A: t.userId("agent1@moked.local"), B: t.userId("agent3@moked.local") } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, cookie: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it("e-mails yesterday's figures with a CSV by day to the line's people, once per run, through the outbox", async () => {
    const viewer = await t.login("viewer.travel@moked.local");
    const created = await call("POST", "/api/v1/reports/schedules", viewer, { tenantId: sky, frequency: "daily", recipients: ["owner@sky.example", "ops@sky.example"], hour: 7 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().schedule.id as string;
    expect((await call("GET", `/api/v1/reports/schedules?tenantId=${sky}`, viewer)).json().items.map((s: { id: string }) => s.id)).toEqual([id]);

    // Due on the morning after the autumn night's Saturday.
    await t.db.db.update(reportSchedules).set({ nextRunAt: new Date("2026-10-25T05:00:00Z") }).where(eq(reportSchedules.id, id));
    const scheduler = new ReportScheduler({ db: t.db.db, log: t.app.log, publicUrl: "https://moked.example" });
    expect(await scheduler.pass(Date.parse("2026-10-25T05:01:00Z"))).toBe(1);
    expect(await scheduler.pass(Date.parse("2026-10-25T05:02:00Z"))).toBe(0);
    const [row] = await t.db.db.select().from(reportSchedules).where(eq(reportSchedules.id, id));
    expect(iso(row!.nextRunAt)).toBe("2026-10-26T05:00:00.000Z");

    const mails = await smtp.waitFor(2, 15_000);
    expect(mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text).sort()).toEqual(["ops@sky.example", "owner@sky.example"]);
    const mail = mails[0]!;
    expect(mail.subject).toContain("2026-10-24");
    // Saturday 24 October, local: c1, c2 and c3 arrived (the night's other calls came after midnight).
    expect(mail.text).toContain("Offered: 3");
    expect(mail.text).toContain("Abandoned: 1 (1 short)");
    expect(mail.text).toContain("Service level: 50%");
    expect(mail.text).toContain("https://moked.example/reports");
    const csv = mail.attachments[0]!;
    expect(csv.filename).toBe("report-2026-10-24.csv");
    const lines = csv.content.toString("utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith("2026-10-24,,3,2,1,1,1,0.5,")).toBe(true);
  });

  it("keeps each line's schedules to its own people", async () => {
    const bank = await t.login("viewer.banking@moked.local");
    expect((await call("GET", `/api/v1/reports/schedules?tenantId=${sky}`, bank)).statusCode).toBe(404);
    expect((await call("POST", "/api/v1/reports/schedules", bank, { tenantId: sky, frequency: "weekly", recipients: ["x@bank.example"] })).statusCode).toBe(404);
    const manager = await t.login("manager@moked.local");
    const mine = (await call("POST", "/api/v1/reports/schedules", manager, { tenantId: sky, frequency: "monthly", recipients: ["cfo@sky.example"] })).json().schedule.id as string;
    expect((await call("DELETE", `/api/v1/reports/schedules/${mine}`, bank)).statusCode).toBe(404);
    expect((await call("DELETE", `/api/v1/reports/schedules/${mine}`, manager)).statusCode).toBe(204);
    const agent = await t.login("agent4@moked.local");
    expect((await call("GET", `/api/v1/reports/schedules?tenantId=${sky}`, agent)).statusCode).toBe(403);
    const bad = await call("POST", "/api/v1/reports/schedules", manager, { tenantId: sky, frequency: "hourly", recipients: ["not-an-address"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_error");
  });

  it("sets the autumn night's staffing cost, time saved and deal revenue against the line's cost inputs", async () => {
    const manager = await t.login("manager@moked.local");
    const inputs = { costPerAgentHour: 100, occupancy: 0.8, costPerContact: 2, baselineHandleSeconds: 200, saleCodes: ["sale"], revenuePerSale: 500 };
    expect((await call("PUT", `/api/v1/reports/roi-settings/${sky}`, manager, inputs)).statusCode).toBe(200);
    expect((await call("PUT", `/api/v1/reports/roi-settings/${sky}`, await t.login("viewer.travel@moked.local"), inputs)).statusCode).toBe(403);
    await t.db.db.update(interactions).set({ wrapUpCode: "sale" }).where(eq(interactions.id, ids.get("c5")!));

    const period = `tenantId=${sky}&from=${encodeURIComponent("2026-10-24T20:45:00Z")}&to=${encodeURIComponent("2026-10-25T00:00:00Z")}`;
    const roi = await call("GET", `/api/v1/reports/roi?${period}`, await t.login("viewer.travel@moked.local"));
    expect(roi.statusCode, roi.body).toBe(200);
    expect(roi.json()).toMatchObject({
      inputs,
      handled: 4,
      handleHours: 0.18, // (330 + 60 + 140 + 100) s = 630 s = 0.175 h
      staffedHours: 0.22, // 0.175 ÷ 0.8 = 0.21875
      staffingCost: 21.88, // 0.21875 h × 100
      costPerContact: 7.47, // (21.875 + 4 × 2) ÷ 4
      handleTimeSavedHours: 0.05, // (200 − 157.5) s × 4 = 170 s
      handleTimeSavedValue: 5.9, // 170 s ÷ 0.8 × 100 per hour
      deals: 1, // c5 wrapped up as a sale
      revenue: 500,
      net: 478.13,
      returnOnStaffing: 22.86,
    });
    expect((await call("GET", `/api/v1/reports/roi?${period}`, await t.login("viewer.banking@moked.local"))).statusCode).toBe(404);
  });
});

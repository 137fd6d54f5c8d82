import type { FastifyBaseLogger } from "fastify";
import { and, eq, lte } from "drizzle-orm";
import { REPORT_FREQUENCIES, toCsv } from "@moked/contracts";
import { localTime, zonedInstant } from "@moked/routing";
import { outbox, reportSchedules, tenants, type Db } from "@moked/db";
import { Poller } from "../core/poller";
import { queueTargets } from "./aggregator";
import { fcrWindowOf } from "./period";
import { periodGroups } from "./store";
import { EXPORT_COLUMNS, summaryItems } from "./summary";

export const FREQUENCIES = REPORT_FREQUENCIES;
export type Frequency = (typeof FREQUENCIES)[number];

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The first local start of a report period after `after`: tomorrow, next Sunday or the 1st, at `hour`. */
export function nextRun(frequency: Frequency, hour: number, timeZone: string, after: number): Date {
  const today = localTime(after, timeZone);
  for (let i = 0; i <= 62; i++) {
    const date = addDays(today.date, i);
    const weekday = (today.weekday + i) % 7;
    const fits = frequency === "daily" || (frequency === "weekly" && weekday === 0) || (frequency === "monthly" && date.endsWith("-01"));
    if (!fits) continue;
    const at = zonedInstant(date, hour * 60, timeZone);
    if (at > after) return new Date(at);
  }
  throw new Error("no next run within two months");
}

/** The whole local days a report sent at `runAt` covers: the day, week (Sunday–Saturday) or month before it. */
export function reportPeriod(frequency: Frequency, runAt: number, timeZone: string): { from: Date; to: Date; fromDate: string; toDate: string } {
  const local = localTime(runAt, timeZone);
  let toDate = local.date;
  let fromDate: string;
  if (frequency === "daily") fromDate = addDays(toDate, -1);
  else if (frequency === "weekly") {
    toDate = addDays(local.date, -local.weekday);
    fromDate = addDays(toDate, -7);
  } else {
    toDate = `${local.date.slice(0, 7)}-01`;
    const [y, m] = toDate.split("-").map(Number) as [number, number];
    fromDate = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
  }
  return { from: new Date(zonedInstant(fromDate, 0, timeZone)), to: new Date(zonedInstant(toDate, 0, timeZone)), fromDate, toDate };
}

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);
const secs = (x: number | null) => (x === null ? "—" : `${Math.round(x)} s`);

/** The e-mail of one scheduled report: the period's headline figures in Hebrew and English, and a CSV by day. */
export async function renderScheduledReport(db: Db, schedule: typeof reportSchedules.$inferSelect, runAt: number, publicUrl: string): Promise<{ subject: string; text: string; csv: string; filename: string }> {
  const [line] = await db.select().from(tenants).where(eq(tenants.id, schedule.tenantId));
  const timeZone = line!.timeZone;
  const period = reportPeriod(schedule.frequency as Frequency, runAt, timeZone);
  const q = { tenantId: schedule.tenantId, timeZone, groupings: { total: [], days: ["day"] } } as const;
  const groups = await periodGroups(db, q, period.from, period.to, await queueTargets(db, schedule.tenantId), runAt);
  const fcrWindowDays = await fcrWindowOf(db, schedule.tenantId);
  const [total] = summaryItems(groups.total, "total", undefined, fcrWindowDays);
  const days = summaryItems(groups.days, "day", undefined, fcrWindowDays);
  const f = total ?? { offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, serviceLevel: null, averageSpeedOfAnswerSeconds: null, p90SpeedOfAnswerSeconds: null, averageHandleSeconds: null, compliance: null, obligated: 0, callbacksRequested: 0, messagesTaken: 0 };
  const last = addDays(period.toDate, -1);
  const span = period.fromDate === last ? period.fromDate : `${period.fromDate} – ${last}`;
  const text = [
    `${line!.name} — ${span}`,
    "",
    `פניות / Offered: ${f.offered}`,
    `נענו / Answered: ${f.answered}`,
    `ננטשו / Abandoned: ${f.abandoned} (${f.shortAbandoned} short)`,
    `רמת שירות / Service level: ${pct(f.serviceLevel)}`,
    `זמן מענה ממוצע / ASA: ${secs(f.averageSpeedOfAnswerSeconds)} · 90%: ${secs(f.p90SpeedOfAnswerSeconds)}`,
    `זמן טיפול ממוצע / AHT: ${secs(f.averageHandleSeconds)}`,
    `מענה בזמן החוקי / Answered within the legal time: ${pct(f.compliance)} of ${f.obligated}`,
    `בקשות חזרה / Call-backs requested: ${f.callbacksRequested} · הודעות / Messages: ${f.messagesTaken}`,
    "",
    `${publicUrl}/reports`,
  ].join("\n");
  const csv = toCsv([EXPORT_COLUMNS.map((c) => c.header), ...days.map((i) => EXPORT_COLUMNS.map((c) => c.value(i)))]);
  return { subject: `${line!.name}: דוח ${span} / report`, text, csv, filename: `report-${period.fromDate}.csv` };
}

/**
 * Sends scheduled reports through the outbox. A due schedule is claimed (`FOR UPDATE SKIP LOCKED`), its
 * e-mails are queued in the outbox and its next run is set, in one transaction: a report is queued once
 * per run, and the outbox delivers it at least once, through SMTP outages.
 */
export class ReportScheduler {
  private readonly poller: Poller;

  constructor(private readonly options: { db: Db; log: FastifyBaseLogger; publicUrl: string; pollMs?: number }) {
    this.poller = new Poller("scheduled reports", () => this.pass(), options.log, options.pollMs);
  }

  start(): void {
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** Sends every due report; returns how many schedules ran. */
  async pass(now = Date.now()): Promise<number> {
    let ran = 0;
    for (;;) {
      const done = await this.options.db.transaction(async (tx) => {
        const [due] = await tx
          .select()
          .from(reportSchedules)
          .where(and(eq(reportSchedules.active, true), lte(reportSchedules.nextRunAt, new Date(now))))
          .limit(1)
          .for("update", { skipLocked: true });
        if (!due) return false;
        const [line] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, due.tenantId));
        const runAt = due.nextRunAt.getTime();
        const mail = await renderScheduledReport(tx as unknown as Db, due, runAt, this.options.publicUrl);
        for (const to of due.recipients) {
          await tx.insert(outbox).values({
            tenantId: due.tenantId,
            channel: "email",
            destination: to,
            payload: { subject: mail.subject, text: mail.text, attachments: [{ filename: mail.filename, content: mail.csv, contentType: "text/csv; charset=utf-8" }] },
          });
        }
        // A server that was down sends the overdue report once, then carries on from now.
        await tx
          .update(reportSchedules)
          .set({ lastRunAt: new Date(runAt), nextRunAt: nextRun(due.frequency as Frequency, due.hour, line!.timeZone, Math.max(runAt, now)) })
          .where(eq(reportSchedules.id, due.id));
        return true;
      });
      if (!done) return ran;
      ran++;
    }
  }
}

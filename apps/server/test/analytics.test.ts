import { describe, expect, it } from "vitest";
import { complianceReport } from "../src/analytics/compliance";
import { foldContacts, type ReportEvent, type ReportInteraction } from "../src/analytics/contacts";
import { sliceGroups } from "../src/analytics/grouped";
import { QUEUE_GROUPINGS, queueMetrics, slicesOfContacts } from "../src/analytics/metrics";

/**
 * A small, fixed night on one line, worked out by hand. Israel leaves summer time on Sunday 25 October 2026
 * at 02:00 (back to 01:00), so 01:00–02:00 happens twice; one call crosses midnight and is transferred.
 */
const TZ = "Asia/Jerusalem";
const Q = "queue-main";
const at = (iso: string) => Date.parse(iso);
const S = 1000;

const interactions: ReportInteraction[] = [];
const events: ReportEvent[] = [];
function contact(id: string, channel: string, topic: string, arrivedIso: string, steps: Array<[string, number, Record<string, unknown>?]>) {
  const arrived = at(arrivedIso);
  interactions.push({ id, tenantId: "t", queueId: Q, channel, topic, arrivedAt: arrived });
  events.push({ interactionId: id, type: "interaction.arrived", at: arrived, data: { queueId: Q } });
  for (const [type, afterSeconds, data] of steps) events.push({ interactionId: id, type, at: arrived + afterSeconds * S, data: data ?? {} });
}

// 23:50 summer time: answered after 15 s, transferred, talk 300 s across midnight, 30 s wrap-up.
contact("c1", "voice", "fault", "2026-10-24T20:50:00Z", [["interaction.answered", 15], ["interaction.transferred", 60], ["interaction.completed", 315], ["interaction.wrapped_up", 345]]);
// 23:52: hangs up after 3 s (a short abandon).
contact("c2", "voice", "general", "2026-10-24T20:52:00Z", [["interaction.abandoned", 3, { short: true }]]);
// 23:58: answered after 200 s, past the 3-minute limit; 60 s talk, no wrap-up.
contact("c3", "voice", "general", "2026-10-24T20:58:00Z", [["interaction.answered", 200], ["interaction.completed", 260]]);
// 01:10 summer time (the first 01:10): a billing call abandoned after 400 s, past its 6 minutes.
contact("c4", "voice", "billing", "2026-10-24T22:10:00Z", [["interaction.abandoned", 400, { short: false }]]);
// 01:10 winter time (the second 01:10): answered after 10 s, talk 120 s, wrap-up 20 s.
contact("c5", "voice", "general", "2026-10-24T23:10:00Z", [["interaction.answered", 10], ["interaction.completed", 130], ["interaction.wrapped_up", 150]]);
// 01:20: a chat answered after 40 s, talk 100 s.
contact("c6", "chat", "general", "2026-10-24T23:20:00Z", [["interaction.answered", 40], ["interaction.completed", 140]]);
// 01:30: the caller chooses to leave a message after 60 s.
contact("c7", "voice", "general", "2026-10-24T23:30:00Z", [["interaction.customer_chose", 60, { choice: "leave_message" }], ["interaction.message_left", 60]]);

const facts = foldContacts(interactions, events);

describe("queue figures from a fixed night", () => {
  const rows = queueMetrics(sliceGroups(slicesOfContacts(facts, () => 20, at("2026-10-25T06:00:00Z")), { tenantId: "", timeZone: TZ, intervalMinutes: 15, groupings: QUEUE_GROUPINGS }));
  const row = (interval: string) => rows.find((r) => r.interval === interval)!;

  it("puts each contact in the local interval it arrived in, keeping the repeated hour apart", () => {
    expect(rows.map((r) => r.interval)).toEqual([
      "2026-10-24T23:45+03:00",
      "2026-10-25T01:00+03:00",
      "2026-10-25T01:00+02:00",
      "2026-10-25T01:15+02:00",
      "2026-10-25T01:30+02:00",
      "total",
    ]);
  });

  it("counts the interval before midnight by hand", () => {
    expect(row("2026-10-24T23:45+03:00")).toMatchObject({
      offered: 3,
      answered: 2,
      abandoned: 1,
      shortAbandoned: 1,
      answeredWithinTarget: 1,
      serviceLevel: 0.5, // 1 within 20 s ÷ (2 answered + 1 abandoned − 1 short)
      averageSpeedOfAnswerSeconds: 107.5, // (15 + 200) ÷ 2
      p90SpeedOfAnswerSeconds: 200,
      longestWaitSeconds: 200,
      averageTalkSeconds: 180, // (300 + 60) ÷ 2
      averageWrapUpSeconds: 30,
      averageHandleSeconds: 195, // (330 + 60) ÷ 2
      transfers: 1,
    });
  });

  it("counts both 01:00 intervals of the night the clocks went back", () => {
    expect(row("2026-10-25T01:00+03:00")).toMatchObject({ offered: 1, answered: 0, abandoned: 1, shortAbandoned: 0, serviceLevel: 0, longestWaitSeconds: 400 });
    expect(row("2026-10-25T01:00+02:00")).toMatchObject({ offered: 1, answered: 1, serviceLevel: 1, averageSpeedOfAnswerSeconds: 10, averageHandleSeconds: 140 });
    expect(row("2026-10-25T01:30+02:00")).toMatchObject({ offered: 1, answered: 0, abandoned: 0, serviceLevel: null, messagesTaken: 1 });
  });

  it("totals the night", () => {
    expect(row("total")).toMatchObject({
      offered: 7,
      answered: 4,
      abandoned: 2,
      shortAbandoned: 1,
      answeredWithinTarget: 2,
      serviceLevel: 0.4, // 2 ÷ (4 + 2 − 1)
      averageSpeedOfAnswerSeconds: 66.3, // (15 + 200 + 10 + 40) ÷ 4 = 66.25
      p90SpeedOfAnswerSeconds: 200,
      longestWaitSeconds: 400,
      averageTalkSeconds: 145, // (300 + 60 + 120 + 100) ÷ 4
      averageWrapUpSeconds: 25, // (30 + 20) ÷ 2
      averageHandleSeconds: 157.5, // (330 + 60 + 140 + 100) ÷ 4
      transfers: 1,
      messagesTaken: 1,
    });
  });
});

describe("the answer-time compliance report", () => {
  const report = complianceReport(facts, at("2026-10-25T06:00:00Z"));

  it("measures each voice call against its topic's limit from arrival", () => {
    expect(report).toMatchObject({
      voiceContacts: 6,
      obligated: 4, // c1, c3, c4, c5; c2 hung up and c7 chose a message before their limits
      answeredInTime: 2,
      share: 0.5,
      endedBeforeLimit: 2,
      sixMinuteTopics: { obligated: 2, answeredInTime: 1 },
      threeMinuteTopics: { obligated: 2, answeredInTime: 1 },
    });
  });

  it("lists the breaches with their waits, as evidence", () => {
    expect(report.breaches).toEqual([
      { interactionId: "c3", queueId: Q, arrivedAt: "2026-10-24T20:58:00.000Z", topic: "general", limitSeconds: 180, waitSeconds: 200, outcome: "answered_late" },
      { interactionId: "c4", queueId: Q, arrivedAt: "2026-10-24T22:10:00.000Z", topic: "billing", limitSeconds: 360, waitSeconds: 400, outcome: "unanswered" },
    ]);
  });

  it("counts a caller still waiting past the limit as a breach already", () => {
    const waiting = foldContacts([{ id: "w", tenantId: "t", queueId: Q, channel: "voice", topic: "general", arrivedAt: at("2026-10-25T06:00:00Z") }], [{ interactionId: "w", type: "interaction.arrived", at: at("2026-10-25T06:00:00Z"), data: {} }]);
    expect(complianceReport(waiting, at("2026-10-25T06:02:00Z")).obligated).toBe(0);
    expect(complianceReport(waiting, at("2026-10-25T06:04:00Z")).breaches).toMatchObject([{ interactionId: "w", outcome: "unanswered", waitSeconds: 240 }]);
  });
});

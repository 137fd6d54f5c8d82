import { MessageSettings } from "@moked/contracts";
import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../src/api/client";
import { bodyOf, draftOf, problemsOf } from "../src/modules/admin/message-settings/draft";
import en from "../src/modules/i18n/locales/en.json";

const view = {
  tenantId: "t1",
  settings: {
    fields: [{ key: "plate", label: "Plate number", type: "text" as const, required: true }],
    categories: ["tow"],
    forwarding: [{ channel: "sms" as const, to: "+972501234567", urgency: ["urgent" as const], when: "closed" as const, hours: { from: "22:00", to: "06:00" }, mode: "immediate" as const, digestMinutes: 60 }],
    webhookSigned: true,
  },
};

describe("the message settings editor's draft", () => {
  beforeAll(() => i18next.init({ lng: "en", resources: { en: { translation: en } } }));

  it("sends back what it read, without its row ids, and leaves the stored secret alone unless told", () => {
    const body = bodyOf(draftOf(view), null);
    expect(body).toEqual({ fields: view.settings.fields, categories: ["tow"], forwarding: view.settings.forwarding });
    expect(MessageSettings.safeParse(body).success).toBe(true);
    expect(bodyOf(draftOf(view), { set: "a-new-secret-of-16+" }).webhookSecret).toBe("a-new-secret-of-16+");
    expect(bodyOf(draftOf(view), { remove: true }).webhookSecret).toBeNull();
  });

  it("keeps options only on a choice, a digest only on e-mail, and weekdays only when some are chosen", () => {
    const draft = draftOf(view);
    draft.fields[0] = { ...draft.fields[0]!, type: "text", options: ["left over"] };
    draft.forwarding[0] = { ...draft.forwarding[0]!, mode: "digest", hours: { from: "08:00", to: "17:00", weekdays: [] } };
    const body = bodyOf(draft, null);
    expect(body.fields[0]).not.toHaveProperty("options");
    expect(body.forwarding[0]).toMatchObject({ mode: "immediate", hours: { from: "08:00", to: "17:00" } });
    expect(body.forwarding[0]!.hours).not.toHaveProperty("weekdays");
  });

  it("places the server's reasons beside their inputs, in the user's language", () => {
    const err = new ApiError(400, "invalid_destination", "Not an e-mail address: x", [
      { path: "body.forwarding.1.to", message: "Not an e-mail address: x" },
      { path: "body.fields.0.key", message: "Invalid string: must match pattern /^[a-zA-Z]/" },
      { path: "body.forwarding.0.hours.to", message: "The window must end at another time than it starts" },
    ]);
    expect(problemsOf(i18next.t, err)).toEqual({
      "forwarding.1.to": en.messageSettings.problems.email,
      "fields.0.key": en.messageSettings.problems.key,
      "forwarding.0.hours.to": en.messageSettings.problems.sameTime,
    });
  });
});

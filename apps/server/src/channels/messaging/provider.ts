import { createHmac, timingSafeEqual } from "node:crypto";

/** One outgoing SMS or WhatsApp message. */
export interface OutgoingMessage {
  to: string;
  text: string;
  medium: "sms" | "whatsapp";
}

/**
 * What the outbox needs from an SMS / WhatsApp provider: send one message, identified by a key that stays
 * the same across retries, so a provider that already took it (and whose answer was lost) drops the repeat.
 * A send that throws is retried by the outbox with backoff.
 */
export interface MessagingProvider {
  send(message: OutgoingMessage, idempotencyKey: string): Promise<void>;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the same scheme as Moked's outgoing webhooks. */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export type SignatureCheck = "ok" | "missing" | "invalid" | "expired";

/** Checks a signature header against the raw body; older than `toleranceSeconds` is refused (replays). */
export function verifySignature(secret: string, header: string | undefined, body: string, nowMs = Date.now(), toleranceSeconds = 300): SignatureCheck {
  if (!header) return "missing";
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1 || !/^[0-9a-f]{64}$/i.test(parts.v1)) return "invalid";
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(parts.v1, "hex"))) return "invalid";
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) return "expired";
  return "ok";
}

/**
 * A provider reached over signed HTTP: POST `{to, text, medium, id}` with `Idempotency-Key` and
 * `X-Moked-Signature`. Any answer but 2xx is an error (so the outbox retries), including a timeout.
 */
export class HttpMessagingProvider implements MessagingProvider {
  constructor(
    private readonly url: string,
    private readonly secret: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: OutgoingMessage, idempotencyKey: string): Promise<void> {
    const body = JSON.stringify({ ...message, id: idempotencyKey });
    const res = await fetch(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": idempotencyKey,
        ...(this.secret ? { "x-moked-signature": signBody(this.secret, Math.floor(Date.now() / 1000), body) } : {}),
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`messaging provider answered ${res.status}`);
  }
}

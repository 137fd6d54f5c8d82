import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "./errors";

/**
 * A fixed-window counter per key (an address, a chat session). In-process: with several nodes each node
 * counts its own share, which is still a ceiling; a Redis implementation can stand behind the same shape.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; until: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one request; returns 0 when allowed, else the seconds until the window reopens. */
  take(key: string): number {
    const now = this.clock();
    const hit = this.hits.get(key);
    if (!hit || hit.until <= now) {
      // Bounded memory: a flood of distinct keys clears the table rather than growing it without end.
      if (this.hits.size >= 50_000) this.hits.clear();
      this.hits.set(key, { count: 1, until: now + this.windowMs });
      return 0;
    }
    hit.count++;
    return hit.count <= this.max ? 0 : Math.max(1, Math.ceil((hit.until - now) / 1000));
  }
}

/** Throws 429 `rate_limited` (with Retry-After) when `key` is over its limit. */
export function enforceRateLimit(limiter: RateLimiter, key: string, reply?: FastifyReply): void {
  const wait = limiter.take(key);
  if (wait === 0) return;
  reply?.header("retry-after", String(wait));
  throw new AppError("rate_limited", 429, `Too many requests; try again in ${wait} s`, { retryAfterSeconds: wait });
}

/** A preHandler limiting a public route per client address. */
export function perAddress(limiter: RateLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => enforceRateLimit(limiter, request.ip, reply);
}

/**
 * Counts failed logins per account and per address in a sliding window. In-process now; with several nodes
 * it moves to Redis behind this same interface.
 */
export interface LoginThrottle {
  /** Milliseconds until another try is allowed, or 0. */
  retryAfter(keys: string[], now: number): number;
  recordFailure(keys: string[], now: number): void;
  reset(key: string): void;
}

export function createMemoryLoginThrottle(maxFailures: number, windowMs: number): LoginThrottle {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const list = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  return {
    retryAfter(keys, now) {
      let wait = 0;
      for (const key of keys) {
        const list = recent(key, now);
        if (list.length >= maxFailures) wait = Math.max(wait, list[list.length - maxFailures]! + windowMs - now);
      }
      return wait;
    },
    recordFailure(keys, now) {
      for (const key of keys) failures.set(key, [...recent(key, now), now]);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}

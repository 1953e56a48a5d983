/**
 * When to try an Open Dental call again. Open Dental publishes no rate limit (the free read tier is
 * throttled to about one request per 5 seconds), so a 429 or a 5xx is waited out with exponential
 * backoff and "equal jitter" (half the delay fixed, half random), so several offices retrying at once
 * spread out; a Retry-After from the server wins over the backoff when it is not absurdly long.
 */
export interface RetryPolicy {
  /** Tries in all, including the first (default 5). */
  maxAttempts: number;
  /** The first backoff (default 500 ms); it doubles per retry. */
  baseDelayMs: number;
  /** No backoff is longer (default 30 s). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the call fails and a later run tries again (default 2 min). */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** The wait before retry number `retry` (1 = the first retry); `random` draws from [0, 1). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After is whole seconds or an HTTP date (RFC 9110 §10.2.3); in milliseconds from now, or null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

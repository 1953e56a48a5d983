/**
 * How long a transient provider failure waits before the next try: exponential from one minute,
 * capped at an hour, at least what the provider asked for (Retry-After). After `maxTries` the entry
 * fails and is shown to staff with its last error.
 */
export const maxSendTries = 6;

export function retryDelaySeconds(tries: number, providerAskedSeconds?: number): number {
  const exponential = Math.min(3600, 60 * 2 ** Math.max(0, tries - 1));
  return Math.max(exponential, providerAskedSeconds ?? 0);
}

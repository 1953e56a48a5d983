/** Delivery states only move forward; retries back off; the sandbox's replies are fixed by seed. */
import { describe, expect, it } from 'vitest';
import { advanceDelivery } from '../../../src/domain/messaging/delivery-progress.js';
import { maxSendTries, retryDelaySeconds } from '../../../src/domain/messaging/retry-backoff.js';
import { sandboxReplyFor } from '../../../src/domain/messaging/sandbox-replies.js';

describe('advanceDelivery', () => {
  it.each([
    [null, 'queued', 'queued'],
    ['queued', 'sent', 'sent'],
    ['sent', 'delivered', 'delivered'],
    ['delivered', 'sent', 'delivered'],
    ['delivered', 'queued', 'delivered'],
    ['sent', 'failed', 'failed'],
    ['failed', 'delivered', 'failed'],
    ['delivered', 'bounced', 'bounced'],
  ] as const)('%s then %s → %s', (current, reported, expected) => {
    expect(advanceDelivery(current, reported)).toBe(expected);
  });
});

describe('retryDelaySeconds', () => {
  it('doubles from a minute to an hour, and honours a longer Retry-After', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((tries) => retryDelaySeconds(tries))).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    expect(retryDelaySeconds(1, 300)).toBe(300);
    expect(retryDelaySeconds(3, 10)).toBe(240);
    expect(maxSendTries).toBe(6);
  });
});

describe('sandboxReplyFor', () => {
  it('gives the same reply for the same seed and key, and mostly none', () => {
    const replies = Array.from({ length: 2000 }, (_, i) => sandboxReplyFor('recare-demo', `case-${i}-step-2`));
    expect(replies).toEqual(Array.from({ length: 2000 }, (_, i) => sandboxReplyFor('recare-demo', `case-${i}-step-2`)));
    const none = replies.filter((r) => r === null).length;
    expect(none).toBeGreaterThan(1400);
    expect(new Set(replies.filter((r) => r !== null))).toEqual(new Set(['Yes', 'Can you call me after 5?', 'Who is this?', 'STOP']));
    expect(replies).not.toEqual(Array.from({ length: 2000 }, (_, i) => sandboxReplyFor('another-seed', `case-${i}-step-2`)));
  });
});

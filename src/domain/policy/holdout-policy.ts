/**
 * The randomized holdout as data (organization.policy.holdout): per program key, the share of newly
 * due items held out from proactive outreach, so the report can measure what outreach adds against
 * patients who got none. Off by default (no program named); when a program is named its share is
 * 5–10%: enough held out to measure, few enough that almost everyone is still worked.
 */
import { z } from 'zod';

/** Program key → the share held out, a fraction (0.05 = 5%). A program not named holds out nobody. */
export type HoldoutPolicy = Readonly<Record<string, number>>;

export const defaultHoldoutPolicy: HoldoutPolicy = {};

export const holdoutShareBounds = { min: 0.05, max: 0.1 } as const;

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
export const holdoutShareMessage = `must be a share from ${holdoutShareBounds.min} to ${holdoutShareBounds.max} (${percent(holdoutShareBounds.min)}–${percent(holdoutShareBounds.max)}), or null to switch the holdout off`;

const programKeyMessage = 'must be a program key (lower-case letters, digits and underscores)';
const programKey = z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, programKeyMessage);
const share = z.number({ error: holdoutShareMessage }).min(holdoutShareBounds.min, { error: holdoutShareMessage }).max(holdoutShareBounds.max, { error: holdoutShareMessage });

export const holdoutPolicySchema = z.record(programKey, share, {
  error: (issue) => (issue.code === 'invalid_key' ? programKeyMessage : 'must be an object of program keys and shares, e.g. { "hygiene": 0.05 }'),
});

/** The share a program holds out, or null when its holdout is off. */
export function holdoutShareOf(policy: HoldoutPolicy, programKey: string): number | null {
  return Object.hasOwn(policy, programKey) ? (policy[programKey] as number) : null;
}

/** Each problem of a holdout policy as the policy's issues say them: where, what was given, what is allowed. */
export function holdoutIssuesOf(given: unknown, issues: readonly z.core.$ZodIssue[]): { path: string; value: unknown; message: string }[] {
  return issues.map((issue) => {
    const path = ['holdout', ...issue.path.map(String)].join('.');
    let value: unknown = given;
    for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    // A bad key is reported with the key itself (the record's key check carries no value).
    if (issue.code === 'invalid_key') value = issue.path.at(-1);
    return { path, value, message: `${path} is ${value === undefined ? 'missing' : JSON.stringify(value)}: ${issue.message}` };
  });
}

/**
 * A holdout change over the stored one: each program given replaces its share; null switches that
 * program's holdout off. A share change affects only items that become due afterwards: an item's
 * group is drawn once, when it is first recorded, and kept.
 */
export function mergeHoldout(stored: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ ...stored, ...given }).filter(([, s]) => s !== null));
}

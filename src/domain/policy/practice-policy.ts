/**
 * The practice's policy as one document (organization.policy): the contact policy's settings at the
 * top level, the engine's settings under `recall`. Parsed in one place, over the strict defaults, and
 * changed in one place, so every reader and the editor agree on what is valid.
 */
import { bundledRules, type CallingRules } from '../compliance/calling-rules.js';
import { defaultPolicy, validatePolicy, type ContactPolicy, type PolicyIssue } from '../compliance/contact-policy.js';
import { rangeMessage, recallSettingBounds, recallSettingsSchema, snoozeDaysRange, snoozeDaysSchema, type RecallSettings } from './recall-settings.js';

/** organization.policy as stored (JSON). */
export type StoredPolicy = Record<string, unknown>;

export interface PracticePolicy {
  contact: ContactPolicy;
  recall: RecallSettings;
}

export type PracticePolicyParse =
  | { ok: true; policy: PracticePolicy }
  | { ok: false; contactIssues: PolicyIssue[]; recallIssues: PolicyIssue[] };

function recallIssuesOf(recall: unknown, paths: readonly PropertyKey[][]): PolicyIssue[] {
  const issues = new Map<string, PolicyIssue>();
  for (const path of paths) {
    const key = path[0];
    if (typeof key === 'string' && key in recallSettingBounds) {
      const bounds = recallSettingBounds[key as keyof typeof recallSettingBounds];
      issues.set(key, { path: `policy.recall.${key}`, value: (recall as Record<string, unknown>)[key], message: rangeMessage(bounds) });
    } else {
      issues.set('', { path: 'policy.recall', value: recall, message: 'must be an object of settings' });
    }
  }
  return [...issues.values()];
}

export function parsePracticePolicy(stored: StoredPolicy, rules: CallingRules | null = bundledRules): PracticePolicyParse {
  const { recall, ...contactSettings } = stored;
  const contact = Object.keys(contactSettings).length === 0 ? { ok: true as const, policy: defaultPolicy } : validatePolicy({ ...defaultPolicy, ...contactSettings }, rules);
  const settings = recallSettingsSchema.safeParse(recall ?? {});
  if (contact.ok && settings.success) return { ok: true, policy: { contact: contact.policy, recall: settings.data } };
  return {
    ok: false,
    contactIssues: contact.ok ? [] : contact.issues,
    recallIssues: settings.success ? [] : recallIssuesOf(recall, settings.error.issues.map((i) => i.path)),
  };
}

export type PolicyChange =
  | { ok: true; next: StoredPolicy; changed: string[]; values: Record<string, unknown> }
  | { ok: false; issues: PolicyIssue[] };

/**
 * Applies `changes` (any contact-policy settings, and `snoozeDays`) to the stored policy. Nothing less
 * protective than the law passes (validatePolicy); every problem says what was given and what is allowed.
 */
export function changePracticePolicy(stored: StoredPolicy, changes: Record<string, unknown>, rules: CallingRules | null = bundledRules): PolicyChange {
  const { snoozeDays, ...policyChanges } = changes;
  const { recall: storedRecall, ...storedContact } = stored;
  const issues: PolicyIssue[] = [];
  if (snoozeDays !== undefined && !snoozeDaysSchema.safeParse(snoozeDays).success) {
    issues.push({ path: 'snoozeDays', value: snoozeDays, message: `snoozeDays is ${JSON.stringify(snoozeDays)}; allowed: a whole number of days from ${snoozeDaysRange.min} to ${snoozeDaysRange.max}` });
  }
  const validation = validatePolicy({ ...defaultPolicy, ...storedContact, ...policyChanges }, rules);
  if (!validation.ok) issues.push(...validation.issues.map((i) => ({ path: i.path, value: i.value, message: i.message })));
  if (issues.length > 0) return { ok: false, issues };
  const recall = { ...((storedRecall ?? {}) as Record<string, unknown>), ...(snoozeDays !== undefined ? { softDeclineSnoozeDays: snoozeDays } : {}) };
  const next: StoredPolicy = { ...storedContact, ...policyChanges, ...(Object.keys(recall).length > 0 ? { recall } : {}) };
  const changed = [...Object.keys(policyChanges), ...(snoozeDays !== undefined ? ['snoozeDays'] : [])].sort();
  return { ok: true, next, changed, values: Object.fromEntries(changed.map((k) => [k, k === 'snoozeDays' ? snoozeDays : policyChanges[k]])) };
}

/**
 * The practice's policy as one document (organization.policy): the contact policy's settings at the
 * top level, the engine's settings under `recall`. Parsed in one place, over the strict defaults, and
 * changed in one place, so every reader and the editor agree on what is valid.
 */
import { bundledRules, type CallingRules } from '../compliance/calling-rules.js';
import { defaultPolicy, validatePolicy, type ContactPolicy, type PolicyIssue } from '../compliance/contact-policy.js';
import { holdoutIssuesOf, holdoutPolicySchema, mergeHoldout, type HoldoutPolicy } from './holdout-policy.js';
import { defaultRankingPolicy, rankingIssuesOf, storedRankingPolicySchema, type RankingPolicy } from './ranking-policy.js';
import { mergeReporting, reportingIssuesOf, storedReportingPolicySchema, type ReportingPolicy } from './reporting-policy.js';
import { rangeMessage, recallSettingBounds, recallSettingsSchema, snoozeDaysRange, snoozeDaysSchema, type RecallSettings } from './recall-settings.js';

/** organization.policy as stored (JSON). */
export type StoredPolicy = Record<string, unknown>;

export interface PracticePolicy {
  contact: ContactPolicy;
  recall: RecallSettings;
  /** The worklist's order (organization.policy.ranking over the defaults). */
  ranking: RankingPolicy;
  /** The report's windows, costs and code sets (organization.policy.reporting over the defaults). */
  reporting: ReportingPolicy;
  /** The randomized holdout per program (organization.policy.holdout; off by default). */
  holdout: HoldoutPolicy;
}

export type PracticePolicyParse =
  | { ok: true; policy: PracticePolicy }
  | { ok: false; contactIssues: PolicyIssue[]; recallIssues: PolicyIssue[]; rankingIssues: PolicyIssue[]; reportingIssues: PolicyIssue[]; holdoutIssues: PolicyIssue[] };

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
  const { recall, ranking, reporting, holdout, ...contactSettings } = stored;
  const contact = Object.keys(contactSettings).length === 0 ? { ok: true as const, policy: defaultPolicy } : validatePolicy({ ...defaultPolicy, ...contactSettings }, rules);
  const settings = recallSettingsSchema.safeParse(recall ?? {});
  const order = storedRankingPolicySchema.safeParse(ranking ?? {});
  const report = storedReportingPolicySchema.safeParse(reporting ?? {});
  const heldOut = holdoutPolicySchema.safeParse(holdout ?? {});
  if (contact.ok && settings.success && order.success && report.success && heldOut.success) {
    return { ok: true, policy: { contact: contact.policy, recall: settings.data, ranking: order.data, reporting: report.data, holdout: heldOut.data } };
  }
  return {
    ok: false,
    contactIssues: contact.ok ? [] : contact.issues,
    recallIssues: settings.success ? [] : recallIssuesOf(recall, settings.error.issues.map((i) => i.path)),
    rankingIssues: order.success ? [] : rankingIssuesOf(ranking, order.error.issues),
    reportingIssues: report.success ? [] : reportingIssuesOf(reporting, report.error.issues),
    holdoutIssues: heldOut.success ? [] : holdoutIssuesOf(holdout, heldOut.error.issues),
  };
}

export type PolicyChange =
  | { ok: true; next: StoredPolicy; changed: string[]; values: Record<string, unknown> }
  | { ok: false; issues: PolicyIssue[] };

/**
 * Applies `changes` (any contact-policy settings, `snoozeDays`, `ranking`: any of the ranking
 * policy's fields, `reporting`: any of the report's settings, and `holdout`: program keys with their shares, null to switch one off) to the stored policy.
 * Nothing less protective than the law passes (validatePolicy); every problem says what was given and what is allowed.
 */
export function changePracticePolicy(stored: StoredPolicy, changes: Record<string, unknown>, rules: CallingRules | null = bundledRules): PolicyChange {
  const { snoozeDays, ranking, reporting, holdout, ...policyChanges } = changes;
  const { recall: storedRecall, ranking: storedRanking, reporting: storedReporting, holdout: storedHoldout, ...storedContact } = stored;
  const issues: PolicyIssue[] = [];
  let nextRanking = storedRanking;
  if (ranking !== undefined) {
    if (ranking === null || typeof ranking !== 'object' || Array.isArray(ranking)) {
      issues.push({ path: 'ranking', value: ranking, message: `ranking is ${JSON.stringify(ranking)}; allowed: an object with any of the ranking policy's fields` });
    } else {
      nextRanking = mergeRanking((storedRanking ?? {}) as Record<string, unknown>, ranking as Record<string, unknown>);
      const parsed = storedRankingPolicySchema.safeParse(nextRanking);
      if (!parsed.success) issues.push(...rankingIssuesOf(nextRanking, parsed.error.issues));
    }
  }
  let nextReporting = storedReporting;
  if (reporting !== undefined) {
    if (reporting === null || typeof reporting !== 'object' || Array.isArray(reporting)) {
      issues.push({ path: 'reporting', value: reporting, message: `reporting is ${JSON.stringify(reporting)}; allowed: an object with any of the report's settings` });
    } else {
      nextReporting = mergeReporting((storedReporting ?? {}) as Record<string, unknown>, reporting as Record<string, unknown>);
      const parsed = storedReportingPolicySchema.safeParse(nextReporting);
      if (!parsed.success) issues.push(...reportingIssuesOf(nextReporting, parsed.error.issues));
    }
  }
  let nextHoldout = storedHoldout;
  if (holdout !== undefined) {
    if (holdout === null || typeof holdout !== 'object' || Array.isArray(holdout)) {
      issues.push({ path: 'holdout', value: holdout, message: `holdout is ${JSON.stringify(holdout)}; allowed: an object of program keys and shares, e.g. { "hygiene": 0.05 }` });
    } else {
      nextHoldout = mergeHoldout((storedHoldout ?? {}) as Record<string, unknown>, holdout as Record<string, unknown>);
      // Checked as given (a null switches a program off and is not stored), so the message quotes what was sent.
      const given = Object.fromEntries(Object.entries(holdout).filter(([, s]) => s !== null));
      const parsed = holdoutPolicySchema.safeParse(given);
      if (!parsed.success) issues.push(...holdoutIssuesOf(given, parsed.error.issues));
    }
  }
  if (snoozeDays !== undefined && !snoozeDaysSchema.safeParse(snoozeDays).success) {
    issues.push({ path: 'snoozeDays', value: snoozeDays, message: `snoozeDays is ${JSON.stringify(snoozeDays)}; allowed: a whole number of days from ${snoozeDaysRange.min} to ${snoozeDaysRange.max}` });
  }
  const validation = validatePolicy({ ...defaultPolicy, ...storedContact, ...policyChanges }, rules);
  if (!validation.ok) issues.push(...validation.issues.map((i) => ({ path: i.path, value: i.value, message: i.message })));
  if (issues.length > 0) return { ok: false, issues };
  const recall = { ...((storedRecall ?? {}) as Record<string, unknown>), ...(snoozeDays !== undefined ? { softDeclineSnoozeDays: snoozeDays } : {}) };
  const next: StoredPolicy = {
    ...storedContact, ...policyChanges, ...(Object.keys(recall).length > 0 ? { recall } : {}), ...(nextRanking !== undefined ? { ranking: nextRanking } : {}),
    ...(nextReporting !== undefined ? { reporting: nextReporting } : {}),
    ...(nextHoldout !== undefined ? { holdout: nextHoldout } : {}),
  };
  const changed = [
    ...Object.keys(policyChanges), ...(snoozeDays !== undefined ? ['snoozeDays'] : []), ...(ranking !== undefined ? ['ranking'] : []),
    ...(reporting !== undefined ? ['reporting'] : []), ...(holdout !== undefined ? ['holdout'] : []),
  ].sort();
  const valueOf = (k: string) => (k === 'snoozeDays' ? snoozeDays : k === 'ranking' ? ranking : k === 'reporting' ? reporting : k === 'holdout' ? holdout : policyChanges[k]);
  return { ok: true, next, changed, values: Object.fromEntries(changed.map((k) => [k, valueOf(k)])) };
}

/**
 * A ranking change over the stored ranking: each field given replaces the stored one, except the
 * active windows, which merge per program over the stored (or default) windows; a window of null
 * removes it (that program's items never go stale).
 */
function mergeRanking(stored: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...stored, ...given };
  const windows = given.activeWindows;
  if (windows !== null && typeof windows === 'object' && !Array.isArray(windows)) {
    const base = (stored.activeWindows ?? defaultRankingPolicy.activeWindows) as Record<string, unknown>;
    merged.activeWindows = Object.fromEntries(Object.entries({ ...base, ...(windows as Record<string, unknown>) }).filter(([, w]) => w !== null));
  }
  return merged;
}

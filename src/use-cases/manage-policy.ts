/**
 * The practice's contact policy through the API: read it (the stored organization.policy over the
 * strict defaults) and change it. Every change is validated by the practice policy's one schema
 * (domain/policy), so nothing less protective than the law is ever stored; each problem says what
 * was given and what is allowed. The engine's snooze length (organization.policy.recall.softDeclineSnoozeDays)
 * is edited alongside, and so is the randomized holdout (organization.policy.holdout). A saved change is appended to the audit log ('policy.update').
 */
import { bundledRules, defaultPolicy, legalCeilings, type ContactPolicy } from '../domain/compliance/index.js';
import { defaultOutcomePolicy } from '../domain/outcomes/apply-outcome.js';
import {
  activeWindowBounds, changePracticePolicy, defaultRankingPolicy, defaultReportingPolicy, holdoutShareBounds, reportingBounds, type HoldoutPolicy, type ReportingPolicy,
  rankingBandLabels, rankingBands, rankingDayBounds, snoozeDaysRange, type RankingBand, type RankingPolicy, type StoredPolicy,
} from '../domain/policy/index.js';
import { AppError } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { loadPracticePolicy, practicePolicyOf, readStoredPolicy, saveStoredPolicy } from '../db/queries/organization-policy.js';
import { recheckEveryone } from '../db/queries/plan-writes.js';
import { loadPrograms } from '../db/queries/recall-programs.js';
import type { Deps } from './deps.js';

export interface PolicyView {
  policy: ContactPolicy;
  /** Days a soft decline ("Not ready — call later") snoozes a case. */
  snoozeDays: number;
  defaults: ContactPolicy & { snoozeDays: number };
  limits: { maxAutomatedTouchesPerLocalDay: number; maxAutomatedTouchesPerRolling7Days: number; snoozeDays: { min: number; max: number } };
  /** Holiday calendars a review may name. */
  holidayCalendars: string[];
  /** The worklist's order in effect (the stored ranking policy over the defaults). */
  ranking: RankingPolicy;
  rankingDefaults: RankingPolicy;
  /** Every band with its plain words, in the defaults' order (the effective order is `ranking.order`). */
  rankingBands: { key: RankingBand; label: string; description: string }[];
  /** The programs an active window may name, with their names. */
  programs: { key: string; name: string; enabled: boolean }[];
  rankingLimits: { days: { min: number; max: number }; activeWindow: { days: { min: number; max: number }; months: { min: number; max: number } } };
  /** The report's settings in effect (organization.policy.reporting over the defaults), the defaults and the bounds. */
  reporting: ReportingPolicy;
  reportingDefaults: ReportingPolicy;
  reportingLimits: typeof reportingBounds;
  /** The randomized holdout in effect: program key → share held out (empty: off everywhere). */
  holdout: HoldoutPolicy;
  holdoutLimits: { share: { min: number; max: number } };
}

export async function readPolicy(deps: Pick<Deps, 'store'>): Promise<PolicyView> {
  const [{ contact, recall, ranking, reporting, holdout }, programs] = await Promise.all([loadPracticePolicy(deps.store.db), loadPrograms(deps.store.db)]);
  return {
    policy: contact,
    snoozeDays: recall.softDeclineSnoozeDays ?? defaultOutcomePolicy.softDeclineSnoozeDays,
    defaults: { ...defaultPolicy, snoozeDays: defaultOutcomePolicy.softDeclineSnoozeDays },
    limits: { maxAutomatedTouchesPerLocalDay: legalCeilings.perLocalDay, maxAutomatedTouchesPerRolling7Days: legalCeilings.perRolling7Days, snoozeDays: { ...snoozeDaysRange } },
    holidayCalendars: Object.keys(bundledRules?.holidayCalendars ?? {}).sort(),
    ranking,
    rankingDefaults: defaultRankingPolicy,
    rankingBands: rankingBands.map((key) => ({ key, ...rankingBandLabels[key] })),
    programs: programs.map(({ program }) => ({ key: program.key, name: program.name, enabled: program.enabled })),
    rankingLimits: { days: { ...rankingDayBounds }, activeWindow: { days: { ...activeWindowBounds.days }, months: { ...activeWindowBounds.months } } },
    reporting,
    reportingDefaults: defaultReportingPolicy,
    reportingLimits: reportingBounds,
    holdout,
    holdoutLimits: { share: { ...holdoutShareBounds } },
  };
}

export interface UpdatePolicyRequest {
  /**
   * Settings to change (any ContactPolicy fields, `snoozeDays`, `ranking` and `reporting`: any of their fields, and `holdout`: program keys with a
   * share from 0.05 to 0.10, null to switch one off); the rest stay as stored.
   */
  changes: unknown;
  actorUserId: number | null;
}

export type UpdatedPolicy = PolicyView & { changed: string[] };

export async function updatePolicy(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: UpdatePolicyRequest): Promise<UpdatedPolicy> {
  const changes = request.changes;
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) {
    throw new AppError('invalid_input', `Send the settings to change as a JSON object (given ${Array.isArray(changes) ? 'a list' : JSON.stringify(changes)}).`, [{ path: '(body)', value: changes, message: 'must be an object of settings' }]);
  }
  const change = changePracticePolicy(await readStoredPolicy(deps.store.db), changes as Record<string, unknown>, bundledRules);
  if (!change.ok) {
    throw new AppError('invalid_input', `The policy was not saved: ${change.issues.map((i) => i.message).join('; ')}`, change.issues);
  }
  const { changed, values } = change;
  if (changed.includes('ranking')) await checkRankingPrograms(deps, change.next);
  if (changed.includes('holdout')) await checkHoldoutPrograms(deps, changes as Record<string, unknown>);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await saveStoredPolicy(tx.db, change.next, now);
    // The ranking decides which program works a case (stale work is worked as reactivation) and when to
    // look at a patient again: the next scheduled plan (or `recare plan`) looks at everyone.
    if (changed.includes('ranking')) await recheckEveryone(tx.db, now);
    await appendAuditEvent(tx.db, {
      actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'policy.update', entityType: 'organization', entityId: 'policy',
      patientId: null, remoteAddress: null, details: { changed, values },
    });
  });
  deps.log.info({ changed }, 'contact policy updated');
  return { ...(await readPolicy(deps)), changed };
}

/** Every program the ranking names must exist: a typo would silently switch a band or the reactivation switch off. */
async function checkRankingPrograms(deps: Pick<Deps, 'store'>, next: StoredPolicy): Promise<void> {
  const known = new Set((await loadPrograms(deps.store.db)).map((p) => p.program.key));
  const ranking = practicePolicyOf(next).ranking;
  const named: { path: string; key: string }[] = [
    ...(['timeBoundPrograms', 'missedPrograms', 'treatmentPrograms', 'recallPrograms'] as const).flatMap((field) => ranking[field].map((key, i) => ({ path: `ranking.${field}.${i}`, key }))),
    ...Object.keys(ranking.activeWindows).map((key) => ({ path: `ranking.activeWindows.${key}`, key })),
    { path: 'ranking.reactivationProgram', key: ranking.reactivationProgram },
  ];
  const unknown = named.filter((n) => !known.has(n.key));
  if (unknown.length === 0) return;
  const allowed = [...known].sort().join(', ');
  const issues = unknown.map((n) => ({ path: n.path, value: n.key, message: `${n.path} is "${n.key}", which is not a program; known programs: ${allowed}` }));
  throw new AppError('invalid_input', `The policy was not saved: ${issues.map((i) => i.message).join('; ')}`, issues);
}

/** Every program the holdout names must exist: a typo would hold out nobody while the report waits for a holdout group. */
async function checkHoldoutPrograms(deps: Pick<Deps, 'store'>, changes: Record<string, unknown>): Promise<void> {
  const known = new Set((await loadPrograms(deps.store.db)).map((p) => p.program.key));
  const unknown = Object.entries(changes.holdout as Record<string, unknown>).filter(([key, share]) => share !== null && !known.has(key)).map(([key]) => key);
  if (unknown.length === 0) return;
  const allowed = [...known].sort().join(', ');
  const issues = unknown.map((key) => ({ path: `holdout.${key}`, value: key, message: `holdout.${key} names "${key}", which is not a program; known programs: ${allowed}` }));
  throw new AppError('invalid_input', `The policy was not saved: ${issues.map((i) => i.message).join('; ')}`, issues);
}

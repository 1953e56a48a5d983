/**
 * The practice's contact policy through the API: read it (the stored organization.policy over the
 * strict defaults) and change it. Every change is validated by the practice policy's one schema
 * (domain/policy), so nothing less protective than the law is ever stored; each problem says what
 * was given and what is allowed. The engine's snooze length (organization.policy.recall.softDeclineSnoozeDays)
 * is edited alongside. A saved change is appended to the audit log ('policy.update').
 */
import { bundledRules, defaultPolicy, legalCeilings, type ContactPolicy } from '../domain/compliance/index.js';
import { defaultOutcomePolicy } from '../domain/outcomes/apply-outcome.js';
import {
  activeWindowBounds, changePracticePolicy, defaultRankingPolicy, rankingBandLabels, rankingBands, rankingDayBounds, snoozeDaysRange, type RankingBand, type RankingPolicy,
} from '../domain/policy/index.js';
import { AppError } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { loadPracticePolicy, readStoredPolicy, saveStoredPolicy } from '../db/queries/organization-policy.js';
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
}

export async function readPolicy(deps: Pick<Deps, 'store'>): Promise<PolicyView> {
  const [{ contact, recall, ranking }, programs] = await Promise.all([loadPracticePolicy(deps.store.db), loadPrograms(deps.store.db)]);
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
  };
}

export interface UpdatePolicyRequest {
  /** Settings to change (any ContactPolicy fields, `snoozeDays`, and `ranking`: any of its fields); the rest stay as stored. */
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
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await saveStoredPolicy(tx.db, change.next, now);
    await appendAuditEvent(tx.db, {
      actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'policy.update', entityType: 'organization', entityId: 'policy',
      patientId: null, remoteAddress: null, details: { changed, values },
    });
  });
  deps.log.info({ changed }, 'contact policy updated');
  return { ...(await readPolicy(deps)), changed };
}

/**
 * The practice's contact policy through the API: read it (the stored organization.policy over the
 * strict defaults) and change it. Every change is validated by validatePolicy, so nothing less
 * protective than the law is ever stored; each problem says what was given and what is allowed.
 * The engine's snooze length (organization.policy.recall.softDeclineSnoozeDays) is edited alongside.
 * A saved change is appended to the audit log ('policy.update').
 */
import { bundledRules, defaultPolicy, legalCeilings, validatePolicy, type ContactPolicy } from '../domain/compliance/index.js';
import { defaultOutcomePolicy } from '../domain/outcomes/apply-outcome.js';
import { AppError, type ErrorIssue } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { readContactPolicy } from './check-contact.js';
import type { Deps } from './deps.js';

/** The snooze length's allowed range (engine-settings.ts and apply-outcome.ts enforce the same). */
export const snoozeDaysRange = { min: 30, max: 60 } as const;

export interface PolicyView {
  policy: ContactPolicy;
  /** Days a soft decline ("Not ready — call later") snoozes a case. */
  snoozeDays: number;
  defaults: ContactPolicy & { snoozeDays: number };
  limits: { maxAutomatedTouchesPerLocalDay: number; maxAutomatedTouchesPerRolling7Days: number; snoozeDays: { min: number; max: number } };
  /** Holiday calendars a review may name. */
  holidayCalendars: string[];
}

async function storedPolicy(deps: Pick<Deps, 'store'>): Promise<Record<string, unknown>> {
  const row = await deps.store.db.selectFrom('organization').select('policy').executeTakeFirst();
  return row?.policy ?? {};
}

export async function readPolicy(deps: Pick<Deps, 'store'>): Promise<PolicyView> {
  const stored = await storedPolicy(deps);
  const recall = (stored.recall ?? {}) as Record<string, unknown>;
  const snooze = typeof recall.softDeclineSnoozeDays === 'number' ? recall.softDeclineSnoozeDays : defaultOutcomePolicy.softDeclineSnoozeDays;
  return {
    policy: await readContactPolicy(deps),
    snoozeDays: snooze,
    defaults: { ...defaultPolicy, snoozeDays: defaultOutcomePolicy.softDeclineSnoozeDays },
    limits: { maxAutomatedTouchesPerLocalDay: legalCeilings.perLocalDay, maxAutomatedTouchesPerRolling7Days: legalCeilings.perRolling7Days, snoozeDays: snoozeDaysRange },
    holidayCalendars: Object.keys(bundledRules?.holidayCalendars ?? {}).sort(),
  };
}

export interface UpdatePolicyRequest {
  /** Settings to change (any ContactPolicy fields, and `snoozeDays`); the rest stay as stored. */
  changes: unknown;
  actorUserId: number | null;
}

export type UpdatedPolicy = PolicyView & { changed: string[] };

export async function updatePolicy(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: UpdatePolicyRequest): Promise<UpdatedPolicy> {
  const changes = request.changes;
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) {
    throw new AppError('invalid_input', `Send the settings to change as a JSON object (given ${Array.isArray(changes) ? 'a list' : JSON.stringify(changes)}).`, [{ path: '(body)', value: changes, message: 'must be an object of settings' }]);
  }
  const { snoozeDays, ...policyChanges } = changes as Record<string, unknown>;
  const stored = await storedPolicy(deps);
  const { recall: storedRecall, ...storedContact } = stored;
  const issues: ErrorIssue[] = [];
  if (snoozeDays !== undefined && (typeof snoozeDays !== 'number' || !Number.isInteger(snoozeDays) || snoozeDays < snoozeDaysRange.min || snoozeDays > snoozeDaysRange.max)) {
    issues.push({ path: 'snoozeDays', value: snoozeDays, message: `snoozeDays is ${JSON.stringify(snoozeDays)}; allowed: a whole number of days from ${snoozeDaysRange.min} to ${snoozeDaysRange.max}` });
  }
  const merged = { ...defaultPolicy, ...storedContact, ...policyChanges };
  const validation = validatePolicy(merged, bundledRules);
  if (!validation.ok) issues.push(...validation.issues.map((i) => ({ path: i.path, value: i.value, message: i.message })));
  if (issues.length > 0 || !validation.ok) {
    throw new AppError('invalid_input', `The policy was not saved: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
  const recall = { ...((storedRecall ?? {}) as Record<string, unknown>), ...(snoozeDays !== undefined ? { softDeclineSnoozeDays: snoozeDays } : {}) };
  const next: Record<string, unknown> = { ...storedContact, ...policyChanges, ...(Object.keys(recall).length > 0 ? { recall } : {}) };
  const changed = [...Object.keys(policyChanges), ...(snoozeDays !== undefined ? ['snoozeDays'] : [])].sort();
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    const updated = await tx.db.updateTable('organization').set({ policy: JSON.stringify(next), updated_at: now }).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await tx.db.insertInto('organization').values({ name: 'Practice', policy: JSON.stringify(next) }).execute();
    await appendAuditEvent(tx.db, {
      actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'policy.update', entityType: 'organization', entityId: 'policy',
      patientId: null, remoteAddress: null, details: { changed, values: Object.fromEntries(changed.map((k) => [k, k === 'snoozeDays' ? snoozeDays : policyChanges[k]])) },
    });
  });
  deps.log.info({ changed }, 'contact policy updated');
  return { ...(await readPolicy(deps)), changed };
}

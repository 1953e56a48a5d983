/**
 * Weekly review, re-queue: the case opens again for outreach now (closed reasons reopen, open
 * escalations are answered "re-queued in weekly review", the unanswered-attempt count starts over).
 * Appended to the audit log as 'review.requeue' with the note.
 */
import { AppError } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { moveCase } from '../db/queries/cases.js';
import { openCaseOfPatientOtherThan, reopenCaseItems, resolveOpenEscalationsOfCase } from '../db/queries/review-cases.js';
import type { Deps } from './deps.js';
import { cleanReason, reviewableCase, type ReviewAction } from './review-action.js';

export interface RequeueResult { caseId: number; state: 'open'; nextActionAt: string }

export async function requeueCase(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: ReviewAction): Promise<RequeueResult> {
  const note = cleanReason(request.reason, false);
  const found = await reviewableCase(deps, request);
  const now = deps.clock.now();
  if (found.state === 'closed') {
    const other = await openCaseOfPatientOtherThan(deps.store.db, found.patientId, found.id);
    if (other !== undefined) throw new AppError('conflict', `Patient ${found.patientExternalId} already has an open case (#${other}); work that one instead of re-queuing case #${found.id}.`);
  }
  await deps.store.transaction(async (tx) => {
    if (found.state === 'closed' && found.closedReason) await reopenCaseItems(tx.db, found.id, found.closedReason, now);
    else await resolveOpenEscalationsOfCase(tx.db, found.id, request.actorUserId, `re-queued in weekly review${note ? `: ${note}` : ''}`, now);
    const moved = await moveCase(tx.db, found.id, found.updatedAt, {
      state: 'open', ownerUserId: null, ownerQueue: null, nextStep: 'call: re-queued in weekly review', nextChannel: 'voice', nextActionAt: now,
      priority: found.priority, cadenceStep: 0, unansweredAttempts: 0, firstAttemptAt: found.firstAttemptAt, closedReason: null, closedAt: null, snoozedUntil: null,
    }, now);
    if (!moved) throw new AppError('conflict', `Case #${found.id} changed while it was being re-queued; reload and try again.`);
    await appendAuditEvent(tx.db, {
      actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'review.requeue', entityType: 'case', entityId: String(found.id),
      patientId: found.patientId, remoteAddress: null, at: now, details: { from: found.state, closedReason: found.closedReason, note },
    });
  });
  deps.log.info({ caseId: found.id }, 'case re-queued in weekly review');
  return { caseId: found.id, state: 'open', nextActionAt: now.toISOString() };
}

/**
 * Weekly review, close: an escalated case closes (its escalations answered with the given reason); a
 * closed case stays closed and leaves the review list as confirmed. Appended to the audit log as
 * 'review.close' with the reason.
 */
import { AppError } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { closeCaseItems, moveCase } from '../db/queries/cases.js';
import { resolveOpenEscalationsOfCase } from '../db/queries/review-cases.js';
import type { Deps } from './deps.js';
import { cleanReason, reviewableCase, type ReviewAction } from './review-action.js';

export interface CloseReviewedResult { caseId: number; state: 'closed'; closedReason: string }

export async function closeReviewedCase(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: ReviewAction): Promise<CloseReviewedResult> {
  const reason = cleanReason(request.reason, true) as string;
  const found = await reviewableCase(deps, request);
  const now = deps.clock.now();
  // Closed escalated cases take the queue's close reason, which the planner never reopens.
  const closedReason = found.state === 'closed' ? found.closedReason ?? 'closed' : 'resolved_by_queue';
  await deps.store.transaction(async (tx) => {
    if (found.state !== 'closed') {
      await resolveOpenEscalationsOfCase(tx.db, found.id, request.actorUserId, `closed in weekly review: ${reason}`, now);
      const moved = await moveCase(tx.db, found.id, found.updatedAt, {
        state: 'closed', ownerUserId: null, ownerQueue: null, nextStep: null, nextChannel: null, nextActionAt: null, priority: found.priority, cadenceStep: found.cadenceStep,
        unansweredAttempts: found.unansweredAttempts, firstAttemptAt: found.firstAttemptAt, closedReason: 'resolved_by_queue', closedAt: now, snoozedUntil: null,
      }, now);
      if (!moved) throw new AppError('conflict', `Case #${found.id} changed while it was being closed; reload and try again.`);
      await closeCaseItems(tx.db, found.id, closedReason, now);
    }
    await appendAuditEvent(tx.db, {
      actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'review.close', entityType: 'case', entityId: String(found.id),
      patientId: found.patientId, remoteAddress: null, at: now, details: { from: found.state, closedReason, reason },
    });
  });
  deps.log.info({ caseId: found.id }, 'case closed in weekly review');
  return { caseId: found.id, state: 'closed', closedReason };
}

/**
 * Undo an outcome in the seconds after recording it ("wrong button"). Attempts are append-only, so
 * the undo compensates instead of erasing: it appends a 'voided' event to the attempt (from then on
 * the attempt counts nowhere: cadence, unanswered attempts, frequency caps, responsiveness, review,
 * export), puts the case back exactly as it was before the outcome (the state stored with the
 * attempt), reopens the reasons the outcome closed, removes the escalation it opened and restores a
 * number it marked wrong — all in one transaction, with an audit event. It is refused when the
 * window or the person does not fit (domain/outcomes/undo-window.ts), for "Opted out", and when the
 * case changed after the outcome (an optimistic check on its updated_at and fields).
 */
import { inScope, type LocationScope } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { checkUndo, outcomeLabel, outcomeKeys, type OutcomeKey } from '../domain/outcomes/index.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import {
  changedFields, findAttemptToUndo, laterAttemptsOfCase, lockCaseWorkFields, removeUnansweredEscalation, reopenClosedItems, restoreCaseWorkFields,
  restoreContactPointValidity, wrongNumberReason,
} from '../db/queries/outcome-undo.js';
import { appendVoidEvent, voidedAt } from '../db/queries/voided-attempts.js';
import type { Deps } from './deps.js';

export interface UndoOutcomeRequest {
  attemptId: number;
  /** The signed-in user; only the person who recorded the outcome may undo it. */
  actorUserId: number;
  /** The caller's offices; an attempt of a patient outside them is "not found". */
  scope?: LocationScope;
  remoteAddress?: string | null;
}

export interface UndoOutcomeResult {
  attemptId: number;
  caseId: number;
  /** The source system's patient id, so the app can reopen the case. */
  patientId: string;
  outcome: { key: string; label: string };
  undoneAt: string;
  /** The case as it is again. */
  case: { state: string; nextStep: string | null; nextActionAt: string | null };
  reopenedReasons: number;
  escalationRemoved: boolean;
  contactPointRestored: boolean;
}

export async function undoOutcome(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: UndoOutcomeRequest): Promise<UndoOutcomeResult> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const attempt = await findAttemptToUndo(db, request.attemptId);
  if (!attempt || (request.scope && !inScope(request.scope, attempt.patientLocationId))) {
    throw new AppError('not_found', `No attempt #${request.attemptId} is visible to you.`);
  }
  const label = attempt.outcome && (outcomeKeys as readonly string[]).includes(attempt.outcome) ? outcomeLabel(attempt.outcome as OutcomeKey) : attempt.outcome ?? 'no outcome';
  const verdict = checkUndo({
    attemptId: attempt.id, outcome: attempt.outcome, recordedBy: attempt.actorUserId, recordedAt: attempt.occurredAt,
    voidedAt: await voidedAt(db, attempt.id), hasUndoRecord: attempt.undo !== null && attempt.caseId !== null,
  }, request.actorUserId, now);
  if (!verdict.ok) {
    throw new AppError('conflict', verdict.message, [{ path: 'attemptId', value: attempt.id, message: `${label}: ${verdict.reason.replaceAll('_', ' ')}` }]);
  }
  const record = attempt.undo!;

  const done = await deps.store.transaction(async (tx) => {
    const current = await lockCaseWorkFields(tx.db, record.caseId);
    if (!current) throw new AppError('not_found', `Attempt #${attempt.id} names case #${record.caseId}, which no longer exists.`);
    const changes = changedFields(current, record.after);
    if (current.updatedAt.getTime() !== record.after.updatedAt.getTime()) changes.push('updated_at');
    if (current.claimedBy !== null && current.claimedBy !== request.actorUserId) changes.push(`claimed by user ${current.claimedBy}`);
    const later = await laterAttemptsOfCase(tx.db, record.caseId, attempt.id);
    if (later > 0) changes.push(`${later} later outcome${later === 1 ? '' : 's'}`);
    if (changes.length > 0) {
      throw new AppError('conflict',
        `Case #${record.caseId} changed after "${label}" was recorded (${changes.join(', ')}), so undoing it could overwrite someone else's work; ` +
        'undo works only while the case is as the outcome left it. Open the case and record the right outcome instead.',
        [{ path: 'case', value: record.caseId, message: `changed since attempt #${attempt.id}: ${changes.join(', ')}` }]);
    }
    if (!(await appendVoidEvent(tx.db, { attemptId: attempt.id, actorUserId: request.actorUserId, detail: `outcome "${label}" undone`, at: now }))) {
      throw new AppError('conflict', `"${label}" (attempt #${attempt.id}) was already undone; there is nothing left to undo.`);
    }
    let escalationRemoved = false;
    if (record.escalationId !== null) {
      escalationRemoved = await removeUnansweredEscalation(tx.db, record.escalationId);
      if (!escalationRemoved) {
        throw new AppError('conflict', `The escalation "${label}" opened (#${record.escalationId}) was already answered by its queue; open the case and record the right outcome instead.`);
      }
    }
    const reopenedReasons = record.closedItemsReason !== null && record.after.closedAt !== null
      ? await reopenClosedItems(tx.db, record.closedItemIds, record.closedItemsReason, record.after.closedAt, now)
      : 0;
    if (record.invalidatedContactPoint) await restoreContactPointValidity(tx.db, record.invalidatedContactPoint, wrongNumberReason(attempt.id));
    await restoreCaseWorkFields(tx.db, record.caseId, record.before, now);
    await appendAuditEvent(tx.db, {
      actorUserId: request.actorUserId, actorKind: 'user', action: 'case.outcome_undo', entityType: 'attempt', entityId: String(attempt.id), patientId: attempt.patientId,
      remoteAddress: request.remoteAddress ?? null,
      details: { caseId: record.caseId, outcome: attempt.outcome, restoredState: record.before.state, escalationId: record.escalationId, reopenedReasons },
    });
    return { escalationRemoved, reopenedReasons };
  });
  deps.log.info({ attemptId: attempt.id, caseId: record.caseId, patientId: attempt.patientId, outcome: attempt.outcome, state: record.before.state }, 'outcome undone');
  return {
    attemptId: attempt.id, caseId: record.caseId, patientId: attempt.patientExternalId, outcome: { key: attempt.outcome ?? '', label },
    undoneAt: now.toISOString(),
    case: { state: record.before.state, nextStep: record.before.nextStep, nextActionAt: record.before.nextActionAt?.toISOString() ?? null },
    reopenedReasons: done.reopenedReasons, escalationRemoved: done.escalationRemoved, contactPointRestored: record.invalidatedContactPoint !== null,
  };
}

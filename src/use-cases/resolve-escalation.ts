/**
 * A queue answers an escalation (the clinical question is answered, the insurance is reviewed, an
 * interpreter is booked): the escalation is resolved once, and the case goes back to the front desk
 * to call the patient now — or closes, when the answer ends it.
 */
import { inScope, type LocationScope } from '../domain/access/index.js';
import type { Queue } from '../domain/cases/index.js';
import { AppError } from '../domain/errors.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { closeCaseItems, findCaseById, findEscalation, moveCase, openEscalationsOfCase, resolveEscalationRow } from '../db/queries/cases.js';
import type { Deps } from './deps.js';

export interface ResolveEscalationRequest {
  escalationId: number;
  resolution: string;
  /** Close the case instead of handing it back to the front desk. */
  closeCase?: boolean;
  actorUserId: number | null;
  scope?: LocationScope;
  /** Queues the caller may answer (the clinical queue needs queue.clinical). */
  allowedQueues?: readonly Queue[];
}

export interface ResolveEscalationResult { escalationId: number; caseId: number; caseState: string }

export async function resolveEscalation(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: ResolveEscalationRequest): Promise<ResolveEscalationResult> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const resolution = request.resolution.trim();
  if (resolution.length === 0 || resolution.length > 500) {
    throw new AppError('invalid_input', `The resolution must say what was decided in 1 to 500 characters (given ${resolution.length}).`, [{ path: 'resolution', message: '1 to 500 characters' }]);
  }
  const escalation = await findEscalation(db, request.escalationId);
  if (!escalation || (request.scope && !inScope(request.scope, escalation.patientLocationId))) throw new AppError('not_found', `No escalation #${request.escalationId} is visible to you.`);
  if (request.allowedQueues && !request.allowedQueues.includes(escalation.queue)) {
    throw new AppError('forbidden', `Escalation #${escalation.id} is in the ${escalation.queue} queue, which your role does not answer.`);
  }
  const theCase = await findCaseById(db, escalation.caseId);
  if (!theCase) throw new AppError('not_found', `Escalation #${escalation.id} names case #${escalation.caseId}, which does not exist.`);
  const caseState = await deps.store.transaction(async (tx) => {
    if (!(await resolveEscalationRow(tx.db, escalation.id, request.actorUserId, resolution, now))) {
      throw new AppError('conflict', `Escalation #${escalation.id} was already resolved at ${escalation.resolvedAt?.toISOString() ?? 'an earlier moment'}.`);
    }
    let state = theCase.state;
    // The case leaves the queue when its last open escalation is answered.
    if (theCase.state !== 'closed' && (await openEscalationsOfCase(tx.db, theCase.id)) === 0) {
      state = request.closeCase ? 'closed' : 'open';
      const moved = await moveCase(tx.db, theCase.id, theCase.updatedAt, {
        state, ownerUserId: null, ownerQueue: null, nextStep: request.closeCase ? null : `call back: ${escalation.queue} answered`,
        nextChannel: request.closeCase ? null : 'voice', nextActionAt: request.closeCase ? null : now, priority: theCase.priority, cadenceStep: theCase.cadenceStep,
        unansweredAttempts: theCase.unansweredAttempts, firstAttemptAt: theCase.firstAttemptAt, closedReason: request.closeCase ? 'resolved_by_queue' : null,
        closedAt: request.closeCase ? now : null, snoozedUntil: null,
      }, now);
      if (!moved) throw new AppError('conflict', `Case #${theCase.id} changed while the escalation was being resolved; reload and try again.`);
      if (request.closeCase) await closeCaseItems(tx.db, theCase.id, 'resolved_by_queue', now);
    }
    await appendAuditEvent(tx.db, { actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'escalation.resolve', entityType: 'escalation', entityId: String(escalation.id), patientId: escalation.patientId, remoteAddress: null, details: { caseId: theCase.id, queue: escalation.queue, closeCase: request.closeCase === true } });
    return state;
  });
  deps.log.info({ escalationId: escalation.id, caseId: theCase.id, state: caseState }, 'escalation resolved');
  return { escalationId: escalation.id, caseId: theCase.id, caseState };
}

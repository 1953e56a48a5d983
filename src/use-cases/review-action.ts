/**
 * What both weekly-review actions (re-queue, close) check first: the case is visible to the reviewer
 * and is one the review lists (closed as unreachable or declined, or escalated), and the reason given
 * is short enough (and present, when required).
 */
import { inScope, type LocationScope } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { findCaseById } from '../db/queries/cases.js';
import { reviewCloseReasons } from '../db/queries/review-cases.js';
import type { Deps } from './deps.js';

export interface ReviewAction {
  caseId: number;
  actorUserId: number | null;
  scope?: LocationScope;
  /** Why (required to close; optional note to re-queue). */
  reason?: string;
}

export async function reviewableCase(deps: Pick<Deps, 'store'>, request: ReviewAction) {
  const found = await findCaseById(deps.store.db, request.caseId);
  if (!found || (request.scope && !inScope(request.scope, found.patientLocationId))) throw new AppError('not_found', `No case #${request.caseId} is visible to you.`);
  const closedForReview = found.state === 'closed' && (reviewCloseReasons as readonly string[]).includes(found.closedReason ?? '');
  if (!closedForReview && found.state !== 'escalated') {
    throw new AppError('conflict', `Case #${request.caseId} is ${found.state === 'closed' ? `closed (${found.closedReason ?? 'closed'})` : found.state}; the weekly review re-queues or closes only cases closed as unreachable or declined, or escalated ones.`);
  }
  return found;
}

export function cleanReason(reason: string | undefined, required: boolean): string | null {
  const text = reason?.trim() ?? '';
  if (text.length > 500 || (required && text.length === 0)) {
    throw new AppError('invalid_input', `The reason must say why in 1 to 500 characters (given ${text.length}).`, [{ path: 'reason', value: reason, message: '1 to 500 characters' }]);
  }
  return text.length > 0 ? text : null;
}

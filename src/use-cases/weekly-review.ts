/**
 * The weekly review: the cases of the last 7 days (before `at`, default now) that closed as
 * unreachable or declined, and the cases escalated now, in the reviewer's offices — each with the
 * patient, the reasons, the last outcome and when. Two actions:
 *   - re-queue: the case opens again for outreach now (closed reasons reopen, open escalations are
 *     answered "re-queued in weekly review", the unanswered-attempt count starts over);
 *   - close: an escalated case closes (its escalations answered with the given reason); a closed
 *     case stays closed and leaves the review list as confirmed.
 * Both are appended to the audit log ('review.requeue', 'review.close') with the reason.
 */
import { inScope, type LocationScope } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { outcomeKeys, outcomeLabel, type OutcomeKey } from '../domain/outcomes/index.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { closeCaseItems, findCaseById, moveCase } from '../db/queries/cases.js';
import {
  lastAttemptsOf, latestEscalationsOf, listReviewCases, openCaseOfPatientOtherThan, reasonsOfCases, reopenCaseItems, resolveOpenEscalationsOfCase, reviewCloseReasons,
} from '../db/queries/review-cases.js';
import type { Deps } from './deps.js';

const weekMs = 7 * 24 * 3_600_000;

export type ReviewKind = 'unreachable' | 'declined' | 'escalated';

export interface ReviewRow {
  caseId: number;
  kind: ReviewKind;
  patientId: string;
  patientName: string;
  location: string | null;
  reasons: { program: string; programName: string; dueDate: string }[];
  /** The open escalation of an escalated case. */
  escalation: { queue: string; reason: string; at: string } | null;
  lastOutcome: { key: string | null; label: string | null; at: string } | null;
  /** When the case closed, or when it was escalated. */
  when: string;
}

export interface WeeklyReview {
  at: string;
  from: string;
  counts: { unreachable: number; declined: number; escalated: number };
  rows: ReviewRow[];
}

const labelOf = (key: string | null): string | null =>
  key === null ? null : outcomeKeys.includes(key as OutcomeKey) ? outcomeLabel(key as OutcomeKey) : key;

export async function readWeeklyReview(deps: Pick<Deps, 'store' | 'clock'>, request: { scope: LocationScope; at?: Date; limit?: number }): Promise<WeeklyReview> {
  const { db } = deps.store;
  const at = request.at ?? deps.clock.now();
  const from = new Date(at.getTime() - weekMs);
  const cases = await listReviewCases(db, { from, to: at, scope: request.scope, limit: request.limit ?? 500 });
  const ids = cases.map((c) => c.caseId);
  const [reasons, attempts, escalations] = await Promise.all([reasonsOfCases(db, ids), lastAttemptsOf(db, ids), latestEscalationsOf(db, ids)]);
  const rows = cases.map((c): ReviewRow => {
    const kind: ReviewKind = c.state === 'escalated' ? 'escalated' : (c.closedReason as 'unreachable' | 'declined');
    const last = attempts.get(c.caseId);
    const escalation = escalations.get(c.caseId);
    return {
      caseId: c.caseId, kind, patientId: c.patientExternalId, patientName: c.patientName, location: c.location, reasons: reasons.get(c.caseId) ?? [],
      escalation: escalation ? { queue: escalation.queue, reason: escalation.reason, at: escalation.at.toISOString() } : null,
      lastOutcome: last ? { key: last.outcome, label: labelOf(last.outcome), at: last.at.toISOString() } : null,
      when: (c.closedAt ?? escalation?.at ?? c.updatedAt).toISOString(),
    };
  });
  const counts = { unreachable: 0, declined: 0, escalated: 0 };
  for (const r of rows) counts[r.kind] += 1;
  return { at: at.toISOString(), from: from.toISOString(), counts, rows };
}

export interface ReviewAction {
  caseId: number;
  actorUserId: number | null;
  scope?: LocationScope;
  /** Why (required to close; optional note to re-queue). */
  reason?: string;
}

async function reviewableCase(deps: Pick<Deps, 'store'>, request: ReviewAction) {
  const found = await findCaseById(deps.store.db, request.caseId);
  if (!found || (request.scope && !inScope(request.scope, found.patientLocationId))) throw new AppError('not_found', `No case #${request.caseId} is visible to you.`);
  const closedForReview = found.state === 'closed' && (reviewCloseReasons as readonly string[]).includes(found.closedReason ?? '');
  if (!closedForReview && found.state !== 'escalated') {
    throw new AppError('conflict', `Case #${request.caseId} is ${found.state === 'closed' ? `closed (${found.closedReason ?? 'closed'})` : found.state}; the weekly review re-queues or closes only cases closed as unreachable or declined, or escalated ones.`);
  }
  return found;
}

function cleanReason(reason: string | undefined, required: boolean): string | null {
  const text = reason?.trim() ?? '';
  if (text.length > 500 || (required && text.length === 0)) {
    throw new AppError('invalid_input', `The reason must say why in 1 to 500 characters (given ${text.length}).`, [{ path: 'reason', value: reason, message: '1 to 500 characters' }]);
  }
  return text.length > 0 ? text : null;
}

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

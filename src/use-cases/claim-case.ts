/**
 * Claiming a case before calling: one conditional update, so two people can never both hold it. The
 * second claimer is told who holds it, since when, and when the claim lapses (claims lapse after the
 * practice's claim time, 30 minutes by default, so a case is never stuck with someone who left).
 * Recording an outcome releases the claim.
 */
import { inScope, type LocationScope } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { findCaseById, tryClaimCase, userNames } from '../db/queries/cases.js';
import { loadPracticePolicy } from '../db/queries/organization-policy.js';
import type { Deps } from './deps.js';

export interface ClaimRequest {
  caseId: number;
  userId: number;
  /** The caller's location scope; a case outside it is "not found". */
  scope?: LocationScope;
}

export interface ClaimResult {
  caseId: number;
  patientId: string;
  claimedBy: number;
  claimedAt: string;
  lapsesAt: string;
}

export async function claimCase(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: ClaimRequest): Promise<ClaimResult> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const found = await findCaseById(db, request.caseId);
  if (!found || (request.scope && !inScope(request.scope, found.patientLocationId))) {
    throw new AppError('not_found', `No case #${request.caseId} is visible to you.`);
  }
  if (found.state === 'closed') throw new AppError('conflict', `Case #${request.caseId} is closed (${found.closedReason ?? 'closed'}); there is nothing to claim.`);
  const { claimMinutes } = (await loadPracticePolicy(db)).recall;
  const lapseMs = claimMinutes * 60_000;
  if (await tryClaimCase(db, request.caseId, request.userId, now, new Date(now.getTime() - lapseMs))) {
    deps.log.info({ caseId: request.caseId, userId: request.userId }, 'case claimed');
    return { caseId: request.caseId, patientId: found.patientExternalId, claimedBy: request.userId, claimedAt: now.toISOString(), lapsesAt: new Date(now.getTime() + lapseMs).toISOString() };
  }
  // Lost the race or someone holds it: say who, since when, and until when.
  const holder = await findCaseById(db, request.caseId);
  if (!holder || holder.state === 'closed') throw new AppError('conflict', `Case #${request.caseId} was closed a moment ago; there is nothing to claim.`);
  const by = holder.claimedBy;
  const since = holder.claimedAt;
  const name = by === null ? undefined : (await userNames(db, [by])).get(by);
  const minutes = since ? Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000)) : 0;
  throw new AppError(
    'conflict',
    `Case #${request.caseId} is already claimed by ${name ?? 'another user'} (user ${by ?? '?'}) since ${since?.toISOString() ?? 'a moment ago'} (${minutes} min ago); ` +
      `do not call this patient now. The claim lapses at ${since ? new Date(since.getTime() + lapseMs).toISOString() : 'soon'} unless they record an outcome first.`,
  );
}

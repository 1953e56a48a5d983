/**
 * The weekly review: the cases of the last 7 days (before `at`, default now) that closed as
 * unreachable or declined, and the cases escalated now, in the reviewer's offices — each with the
 * patient, the reasons, the last outcome and when. requeue-case.ts and close-reviewed-case.ts act on them.
 */
import type { LocationScope } from '../domain/access/index.js';
import { outcomeKeys, outcomeLabel, type OutcomeKey } from '../domain/outcomes/index.js';
import { lastAttemptsOf, latestEscalationsOf, listReviewCases, reasonsOfCases } from '../db/queries/review-cases.js';
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

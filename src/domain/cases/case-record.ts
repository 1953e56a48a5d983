/**
 * A case's fields, declared once: `CaseFields` is the cases row in camelCase plus the anchors of the
 * due items attached to it (due_items.anchor where case_id = id and status = 'open'). Every other
 * shape of a case (the planner's write, an outcome's move, the worklist's row) picks from it.
 */
import type { AttemptChannel } from '../compliance/types.js';
import type { CaseState, Queue } from './case-state.js';

/** Why a case closed (cases.closed_reason): the planner's two, the outcomes' four, and a queue resolving it. */
export const closeReasons = [
  'covered_by_appointment', 'no_open_reasons', 'declined', 'wrong_number', 'unreachable', 'opted_out', 'resolved_by_queue',
] as const;
export type CloseReason = (typeof closeReasons)[number];

export interface CaseFields {
  id: number;
  patientId: number;
  locationId: number | null;
  state: CaseState;
  ownerUserId: number | null;
  ownerQueue: Queue | null;
  /** Who is working it now, and since when (a claim lapses after the engine's claim minutes). */
  claimedBy: number | null;
  claimedAt: Date | null;
  /** Short words for the worklist ("call", "callback", "final call", "clinical queue"). */
  nextStep: string | null;
  nextChannel: AttemptChannel | null;
  nextActionAt: Date | null;
  priority: number;
  priorityWhy: string | null;
  /** Touches of the current cadence already made. */
  cadenceStep: number;
  unansweredAttempts: number;
  firstAttemptAt: Date | null;
  closedReason: CloseReason | null;
  openedAt: Date;
  closedAt: Date | null;
  updatedAt: Date;
  reasonAnchors: string[];
  programKeys: string[];
  leadProgramKey: string | null;
  /** The earliest due date of its open reasons ('YYYY-MM-DD'). */
  dueOn: string | null;
  /** The lead reason's outreach window. */
  outreachStartsAt: Date | null;
  outreachEndsAt: Date | null;
  snoozedUntil: Date | null;
}

/** A case as the planner and the outcome rules see it; `id` is null until the store inserts it. */
export type CaseRecord = Pick<CaseFields,
  'patientId' | 'state' | 'ownerUserId' | 'ownerQueue' | 'nextStep' | 'nextActionAt' | 'cadenceStep' | 'closedReason' | 'openedAt' | 'closedAt' | 'reasonAnchors'
> & { id: number | null };

/** Is the case worked now? Never when closed or waiting for a booked visit, nor without reasons. */
export function isActionable(c: CaseRecord, now: Date): boolean {
  if (c.state === 'closed' || c.state === 'scheduled') return false;
  if (c.reasonAnchors.length === 0) return false;
  return c.nextActionAt !== null && c.nextActionAt <= now;
}

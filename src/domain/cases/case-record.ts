/**
 * A case as the planner and the outcome rules see it: the cases row in camelCase plus the anchors of
 * the due items attached to it (due_items.anchor where case_id = id and status = 'open').
 */
import type { CaseState, Queue } from './case-state.js';

export type CloseReason =
  | 'covered_by_appointment' | 'no_open_reasons' | 'declined' | 'wrong_number' | 'unreachable' | 'opted_out';

export interface CaseRecord {
  /** null until the store inserts it. */
  id: number | null;
  patientId: number;
  state: CaseState;
  ownerUserId: number | null;
  ownerQueue: Queue | null;
  /** Short words for the worklist ("call", "callback", "final call", "clinical queue"). */
  nextStep: string | null;
  nextActionAt: Date | null;
  /** Touches of the current cadence already made. */
  cadenceStep: number;
  closedReason: CloseReason | null;
  openedAt: Date;
  closedAt: Date | null;
  reasonAnchors: string[];
}

/** Is the case worked now? Never when closed or waiting for a booked visit, nor without reasons. */
export function isActionable(c: CaseRecord, now: Date): boolean {
  if (c.state === 'closed' || c.state === 'scheduled') return false;
  if (c.reasonAnchors.length === 0) return false;
  return c.nextActionAt !== null && c.nextActionAt <= now;
}

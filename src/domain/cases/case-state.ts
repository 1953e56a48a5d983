/**
 * The states of a case and the moves between them. One table, so the outcome rules, the planner
 * and the API all agree on what may follow what; an illegal move is reported, not silently made.
 */
export const caseStates = ['open', 'in_progress', 'waiting', 'scheduled', 'escalated', 'snoozed', 'closed'] as const;
export type CaseState = (typeof caseStates)[number];

export const queues = ['clinical', 'insurance', 'language', 'manager'] as const;
export type Queue = (typeof queues)[number];

/**
 * open: has reasons, nothing in flight. in_progress: claimed, someone is on it. waiting: the next
 * touch or a callback is set for later. scheduled: staff booked it; the import has not yet shown the
 * appointment. escalated: in a queue. snoozed: the patient asked for time. closed: done.
 */
export const allowedTransitions: Readonly<Record<CaseState, readonly CaseState[]>> = {
  open: ['in_progress', 'waiting', 'scheduled', 'escalated', 'snoozed', 'closed'],
  in_progress: ['open', 'waiting', 'scheduled', 'escalated', 'snoozed', 'closed'],
  waiting: ['open', 'in_progress', 'waiting', 'scheduled', 'escalated', 'snoozed', 'closed'],
  // A booking that has not happened yet can still fall through (no-show, cancellation).
  scheduled: ['open', 'in_progress', 'closed'],
  escalated: ['open', 'in_progress', 'waiting', 'scheduled', 'escalated', 'snoozed', 'closed'],
  snoozed: ['open', 'in_progress', 'waiting', 'scheduled', 'escalated', 'closed'],
  // Reopened by a no-show or a new reason; nothing else leaves closed.
  closed: ['open'],
};

export function canTransition(from: CaseState, to: CaseState): boolean {
  return allowedTransitions[from].includes(to);
}

export type TransitionResult = { ok: true; state: CaseState } | { ok: false; message: string };

export function transition(from: CaseState, to: CaseState): TransitionResult {
  if (canTransition(from, to)) return { ok: true, state: to };
  return { ok: false, message: `a case cannot move from "${from}" to "${to}"; from "${from}" it may move to: ${allowedTransitions[from].join(', ') || 'nothing'}` };
}

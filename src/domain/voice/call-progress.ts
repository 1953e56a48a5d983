/**
 * A call's progress, as the provider's status callbacks report it for the patient's leg. Callbacks
 * can arrive late, twice or out of order (shared/docs/provider-webhooks.md §4), so the state only
 * moves forward: queued < ringing < in-progress < a final state, and the first final state wins (a
 * late "ringing" after "completed", or a "no-answer" after "completed", changes nothing). What the
 * callbacks carry besides the status (when it was answered, how long it lasted) is kept whatever the
 * order, as long as it fills a gap.
 */

/** 'creating': our row exists, the provider has not (yet) answered the create. */
export const callStates = ['creating', 'queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type CallState = (typeof callStates)[number];

export const finalCallStates: readonly CallState[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

const rank: Record<CallState, number> = {
  creating: 0, queued: 1, ringing: 2, 'in-progress': 3, completed: 4, busy: 4, 'no-answer': 4, failed: 4, canceled: 4,
};

export function isFinalCallState(state: CallState): boolean {
  return rank[state] === 4;
}

/**
 * The provider's CallStatus in our words; null for a value we do not track. `initiated` (sent with the
 * "initiated" event though not in the REST enum) means the leg is being dialled: queued.
 */
export function callStateOfStatus(status: string): CallState | null {
  const s = status.trim().toLowerCase();
  if (s === 'initiated') return 'queued';
  if (s === 'answered') return 'in-progress';
  return (callStates as readonly string[]).includes(s) && s !== 'creating' ? (s as CallState) : null;
}

export interface CallProgress {
  state: CallState;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
}

export interface CallReport {
  state: CallState;
  /** When the provider says it happened (its Timestamp); else when we heard of it. */
  at: Date;
  /** CallDuration, on the final report. */
  durationSeconds: number | null;
}

/** The progress after one report: never backwards, the first final state kept, its facts filled in once. */
export function advanceCall(current: CallProgress, report: CallReport): CallProgress {
  const forward = !isFinalCallState(current.state) && rank[report.state] > rank[current.state];
  const state = forward ? report.state : current.state;
  // A dialled leg that completed was answered (one nobody picked up ends as no-answer, busy or failed).
  const answered = report.state === 'in-progress' || report.state === 'completed';
  // Only the final state that won says how the call ended (a repeat of it may fill a gap); another final report is ignored.
  const endsIt = isFinalCallState(report.state) && report.state === state;
  return {
    state,
    answeredAt: earliest(current.answeredAt, answered ? answeredAtOf(report) : null),
    endedAt: current.endedAt ?? (endsIt ? report.at : null),
    durationSeconds: current.durationSeconds ?? (endsIt ? report.durationSeconds : null),
  };
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null || b === null) return a ?? b;
  return a.getTime() <= b.getTime() ? a : b;
}

/** A "completed" report that arrives before "answered" still tells when the answer was: its end less its duration. */
function answeredAtOf(report: CallReport): Date {
  if (report.state === 'completed' && report.durationSeconds !== null) return new Date(report.at.getTime() - report.durationSeconds * 1000);
  return report.at;
}

/**
 * The outcome the panel opens with, from what the call already told us; the person still confirms it.
 * Nobody answered (rang out, busy, failed or hung up before an answer): "No answer". An answered call
 * suggests nothing: only the person knows what was said.
 */
export function suggestedOutcomeOf(progress: Pick<CallProgress, 'state' | 'answeredAt'>): 'No answer' | null {
  if (progress.answeredAt !== null) return null;
  return progress.state === 'no-answer' || progress.state === 'busy' || progress.state === 'failed' || progress.state === 'canceled' ? 'No answer' : null;
}

/**
 * Unanswered attempts in a row: the count that closes a case as unreachable. Any attempt that
 * reached the patient (a callback request, a "not ready") starts the count again.
 */
import { unansweredOutcomes, type OutcomeKey } from './outcome-vocabulary.js';

/** `outcomes` oldest first (attempts.outcome); null outcomes (message states only) are skipped. */
export function countUnansweredAttempts(outcomes: readonly (string | null)[]): number {
  let count = 0;
  for (const outcome of outcomes) {
    if (outcome === null) continue;
    count = unansweredOutcomes.includes(outcome as OutcomeKey) ? count + 1 : 0;
  }
  return count;
}

/**
 * Where the case's current cadence run began, for counting its unanswered attempts: its first touch,
 * or null before any (a case at step 0 has made no touch in this run; a new lead program clears it).
 */
export function cadenceRunStart(c: { cadenceStep: number; firstAttemptAt: Date | null }): Date | null {
  return c.cadenceStep === 0 ? null : c.firstAttemptAt;
}

/**
 * Who may undo an outcome, and until when. Attempts are append-only, so an undo is a compensating
 * step, not an erasure; it is allowed only in the few seconds in which it can only mean "wrong
 * button": for the person who recorded the outcome, within 10 seconds of recording it. "Opted out"
 * is never undone: the patient said it, and the gate honors it at once on every channel.
 */
import { outcomeLabel, outcomeKeys, type OutcomeKey } from './outcome-vocabulary.js';

export const undoWindowSeconds = 10;

export interface UndoCandidate {
  attemptId: number;
  outcome: string | null;
  recordedBy: number | null;
  recordedAt: Date;
  /** When an undo was already appended for it. */
  voidedAt: Date | null;
  /** Whether the attempt carries what its outcome changed (outcomes recorded by staff in Recare do). */
  hasUndoRecord: boolean;
}

export type UndoRefusalReason = 'opted_out' | 'not_undoable' | 'already_undone' | 'not_yours' | 'expired';

export type UndoVerdict = { ok: true } | { ok: false; reason: UndoRefusalReason; message: string };

/** The instant until which an outcome recorded at `recordedAt` may be undone (null: never). */
export function undoDeadline(outcome: string | null, recordedAt: Date): Date | null {
  if (outcome === 'opted_out') return null;
  return new Date(recordedAt.getTime() + undoWindowSeconds * 1000);
}

export function checkUndo(candidate: UndoCandidate, actorUserId: number, now: Date): UndoVerdict {
  const id = `attempt #${candidate.attemptId}`;
  const label = candidate.outcome && (outcomeKeys as readonly string[]).includes(candidate.outcome) ? `"${outcomeLabel(candidate.outcome as OutcomeKey)}"` : 'this attempt';
  const allowed = `an outcome you recorded can be undone within ${undoWindowSeconds} seconds, except "Opted out"`;
  if (candidate.outcome === 'opted_out') {
    return {
      ok: false, reason: 'opted_out',
      message: `"Opted out" (${id}) cannot be undone: the patient asked not to be contacted, and Recare honored it at once on every channel. ` +
        `If it was recorded on the wrong patient, the patient's consent must be recorded again by a manager; allowed: ${allowed}.`,
    };
  }
  if (candidate.voidedAt !== null) {
    return { ok: false, reason: 'already_undone', message: `${label} (${id}) was already undone at ${candidate.voidedAt.toISOString()}; there is nothing left to undo.` };
  }
  if (!candidate.hasUndoRecord) {
    return {
      ok: false, reason: 'not_undoable',
      message: `${label} (${id}) was not recorded as an outcome in Recare (an imported or automated touch, or one recorded before undo existed), so it cannot be undone; allowed: ${allowed}.`,
    };
  }
  if (candidate.recordedBy !== actorUserId) {
    return {
      ok: false, reason: 'not_yours',
      message: `${label} (${id}) was recorded by ${candidate.recordedBy === null ? 'the command line' : `another user (user ${candidate.recordedBy})`}, not by you (user ${actorUserId}); ` +
        `only the person who recorded an outcome may undo it. To correct it, open the case and record the right outcome.`,
    };
  }
  const elapsedMs = now.getTime() - candidate.recordedAt.getTime();
  if (elapsedMs > undoWindowSeconds * 1000) {
    return {
      ok: false, reason: 'expired',
      message: `The undo window for ${label} (${id}) has passed: it was recorded at ${candidate.recordedAt.toISOString()}, ${Math.floor(elapsedMs / 1000)} seconds ago; ` +
        `allowed: ${allowed}. To correct it, open the case and record the right outcome.`,
    };
  }
  return { ok: true };
}

import { describe, expect, it } from 'vitest';
import { checkUndo, undoDeadline, type UndoCandidate } from '../../../src/domain/outcomes/index.js';

const recordedAt = new Date('2026-11-24T15:00:00.000Z');
const candidate = (over: Partial<UndoCandidate> = {}): UndoCandidate => ({ attemptId: 7, outcome: 'left_message', recordedBy: 3, recordedAt, voidedAt: null, hasUndoRecord: true, ...over });
const at = (ms: number) => new Date(recordedAt.getTime() + ms);

describe('the undo window', () => {
  it.each([
    ['the recorder at once', candidate(), 3, 0, true],
    ['the recorder at exactly 10 s', candidate(), 3, 10_000, true],
    ['the recorder after 10 s', candidate(), 3, 10_001, 'expired'],
    ['someone else', candidate(), 4, 1000, 'not_yours'],
    ['an outcome recorded from the command line', candidate({ recordedBy: null }), 3, 1000, 'not_yours'],
    ['"Opted out"', candidate({ outcome: 'opted_out' }), 3, 0, 'opted_out'],
    ['an attempt already undone', candidate({ voidedAt: at(2000) }), 3, 3000, 'already_undone'],
    ['an imported touch', candidate({ hasUndoRecord: false, outcome: 'no_answer' }), 3, 0, 'not_undoable'],
  ] as const)('%s', (_name, c, actor, elapsed, expected) => {
    const verdict = checkUndo(c, actor, at(elapsed));
    expect(verdict.ok ? true : verdict.reason).toBe(expected);
    if (!verdict.ok) expect(verdict.message).toMatch(/attempt #7/);
  });

  it('says what is allowed when refusing "Opted out", and gives it no deadline', () => {
    const verdict = checkUndo(candidate({ outcome: 'opted_out' }), 3, recordedAt);
    expect(verdict).toMatchObject({ ok: false, message: expect.stringContaining('allowed: an outcome you recorded can be undone within 10 seconds, except "Opted out"') });
    expect(undoDeadline('opted_out', recordedAt)).toBeNull();
    expect(undoDeadline('no_answer', recordedAt)).toEqual(at(10_000));
  });
});

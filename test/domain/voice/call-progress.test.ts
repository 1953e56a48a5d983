import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceCall, callStateOfStatus, suggestedOutcomeOf, type CallProgress, type CallReport, type CallState } from '../../../src/domain/voice/index.js';

const start: CallProgress = { state: 'queued', answeredAt: null, endedAt: null, durationSeconds: null };
const t0 = Date.parse('2026-11-24T15:00:00Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);
const report = (state: CallState, seconds: number, durationSeconds: number | null = null): CallReport => ({ state, at: at(seconds), durationSeconds });
const replay = (reports: CallReport[], from: CallProgress = start) => reports.reduce(advanceCall, from);

describe('a call\'s progress from its status callbacks', () => {
  it('moves through ringing and answered to completed, with when it was answered, when it ended and how long it lasted', () => {
    expect(replay([report('ringing', 2), report('in-progress', 9), report('completed', 51, 42)])).toEqual({
      state: 'completed', answeredAt: at(9), endedAt: at(51), durationSeconds: 42,
    });
  });

  it('ends the same when the callbacks arrive backwards: completed first, then answered, then ringing', () => {
    expect(replay([report('completed', 51, 42), report('in-progress', 9), report('ringing', 2)])).toEqual({
      state: 'completed', answeredAt: at(9), endedAt: at(51), durationSeconds: 42,
    });
  });

  it('keeps the first final state: a late no-answer after completed changes nothing, nor a busy after no-answer', () => {
    expect(replay([report('in-progress', 9), report('completed', 51, 42), report('no-answer', 60)]).state).toBe('completed');
    const rangOut = replay([report('ringing', 2), report('no-answer', 32, 0), report('busy', 33)]);
    expect(rangOut).toEqual({ state: 'no-answer', answeredAt: null, endedAt: at(32), durationSeconds: 0 });
  });

  it('never moves backwards: ringing after answered leaves it answered', () => {
    expect(replay([report('in-progress', 9), report('ringing', 2)]).state).toBe('in-progress');
  });

  it('applies a repeated callback once: the duration and end time stay the first ones', () => {
    expect(replay([report('completed', 51, 42), report('completed', 70, 61)])).toEqual({ state: 'completed', answeredAt: at(9), endedAt: at(51), durationSeconds: 42 });
  });

  it('reads Twilio\'s CallStatus values, initiated and answered included; unknown values are not tracked', () => {
    expect(['initiated', 'queued', 'ringing', 'answered', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled', 'creating', 'ringing-twice'].map(callStateOfStatus)).toEqual([
      'queued', 'queued', 'ringing', 'in-progress', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled', null, null,
    ]);
  });

  it('whatever the order of a call\'s callbacks, the final state is its one final status and the answer time is the earliest reported', () => {
    const endings: [CallState, number | null][] = [['completed', 40], ['no-answer', 0], ['busy', 0], ['failed', null], ['canceled', null]];
    fc.assert(fc.property(
      fc.constantFrom(...endings), fc.boolean(), fc.boolean(), fc.infiniteStream(fc.nat()),
      ([ending, duration], rang, answeredFirst, order) => {
        const answered = ending === 'completed';
        const reports = [
          ...(rang ? [report('ringing', 2)] : []),
          ...(answered && answeredFirst ? [report('in-progress', 9)] : []),
          report(ending, 50, duration),
        ];
        const shuffled = reports.map((r) => ({ r, k: order.next().value as number })).sort((a, b) => a.k - b.k).map((x) => x.r);
        const end = replay(shuffled);
        expect(end.state).toBe(ending);
        expect(end.endedAt).toEqual(at(50));
        expect(end.durationSeconds).toBe(duration);
        expect(end.answeredAt).toEqual(answered ? (answeredFirst ? at(9) : at(50 - (duration ?? 0))) : null);
      },
    ));
  });
});

describe('the outcome the panel opens with', () => {
  it('is "No answer" when nobody answered (rang out, busy, failed, hung up while ringing), and nothing once someone answered', () => {
    expect(suggestedOutcomeOf({ state: 'no-answer', answeredAt: null })).toBe('No answer');
    expect(suggestedOutcomeOf({ state: 'busy', answeredAt: null })).toBe('No answer');
    expect(suggestedOutcomeOf({ state: 'canceled', answeredAt: null })).toBe('No answer');
    expect(suggestedOutcomeOf({ state: 'completed', answeredAt: at(9) })).toBeNull();
    expect(suggestedOutcomeOf({ state: 'ringing', answeredAt: null })).toBeNull();
  });
});

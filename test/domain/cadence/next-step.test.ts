import { describe, expect, it } from 'vitest';
import { businessCalendarFor, nextStep, type NextStepInput } from '../../../src/domain/cadence/index.js';
import { defaultProgram } from '../../../src/domain/recall/index.js';

const calendar = businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' });
// Monday 2026-03-16 10:00 EDT.
const monday10 = new Date('2026-03-16T14:00:00Z');
const base = (over: Partial<NextStepInput>): NextStepInput => ({
  cadence: defaultProgram('hygiene').cadence, stepsDone: 0, lastAttemptAt: null, outreachStartsAt: new Date('2026-03-01T05:00:00Z'),
  consentedChannels: ['voice', 'sms', 'email'], now: monday10, calendar, ...over,
});

describe('hygiene cadence: call → call at another time within 2 business days → text/email → final call → unreachable', () => {
  it('the first call goes out now when the window is open', () => {
    expect(nextStep(base({}))).toMatchObject({ kind: 'attempt', stepIndex: 0, channel: 'voice', at: monday10, final: false, label: 'call' });
  });

  it('after a missed morning call, the second call is 2 business days later in the afternoon', () => {
    expect(nextStep(base({ stepsDone: 1, lastAttemptAt: monday10 }))).toMatchObject({
      kind: 'attempt', stepIndex: 1, channel: 'voice', at: new Date('2026-03-18T17:30:00Z'), timeOfDay: 'afternoon', label: 'call at a different time of day',
    });
  });

  it('the third touch is a text when consented, an email when only email is, skipped when neither', () => {
    const last = new Date('2026-03-18T17:30:00Z');
    expect(nextStep(base({ stepsDone: 2, lastAttemptAt: last, now: last }))).toMatchObject({ channel: 'sms', stepIndex: 2 });
    expect(nextStep(base({ stepsDone: 2, lastAttemptAt: last, now: last, consentedChannels: ['voice', 'email'] }))).toMatchObject({ channel: 'email' });
    expect(nextStep(base({ stepsDone: 2, lastAttemptAt: last, now: last, consentedChannels: ['voice'] }))).toMatchObject({ channel: 'voice', stepIndex: 3, final: true, label: 'final call' });
  });

  it('after the final call the cadence closes as unreachable', () => {
    expect(nextStep(base({ stepsDone: 4, lastAttemptAt: monday10 }))).toEqual({ kind: 'exhausted', then: 'close_unreachable', reason: 'all 4 touches made without reaching the patient' });
  });

  it('a retry never lands on a holiday: 2 business days after Thursday 2026-07-02 is Tuesday 07-07', () => {
    const thursday = new Date('2026-07-02T14:00:00Z');
    const step = nextStep(base({ stepsDone: 1, lastAttemptAt: thursday, now: thursday }));
    expect(step).toMatchObject({ at: new Date('2026-07-07T17:30:00Z') });
  });

  it('a retry across spring-forward keeps the local wall time (13:30 EST → 13:30 EDT)', () => {
    const friday = new Date('2026-03-06T15:00:00Z'); // 10:00 EST
    expect(nextStep(base({ stepsDone: 1, lastAttemptAt: friday, now: friday }))).toMatchObject({ at: new Date('2026-03-10T17:30:00Z') });
  });

  it('the first touch waits for the outreach window and for opening hours', () => {
    expect(nextStep(base({ outreachStartsAt: new Date('2026-03-21T04:00:00Z') }))).toMatchObject({ at: new Date('2026-03-23T12:00:00Z') }); // Saturday → Monday 08:00
  });
});

describe('other programs', () => {
  it('confirmation: a text first, then a call 4 hours later within the window; none after it closes', () => {
    const cadence = defaultProgram('confirmation').cadence;
    const sent = new Date('2026-03-16T13:00:00Z');
    expect(nextStep(base({ cadence, outreachStartsAt: sent, now: sent }))).toMatchObject({ channel: 'sms', at: sent });
    expect(nextStep(base({ cadence, stepsDone: 1, lastAttemptAt: sent, now: sent, outreachStartsAt: sent, outreachEndsAt: new Date('2026-03-17T13:00:00Z') })))
      .toMatchObject({ channel: 'voice', at: new Date('2026-03-16T17:00:00Z'), final: true });
    expect(nextStep(base({ cadence, stepsDone: 1, lastAttemptAt: sent, now: sent, outreachStartsAt: sent, outreachEndsAt: new Date('2026-03-16T15:00:00Z') })))
      .toEqual({ kind: 'exhausted', then: 'close_unreachable', reason: 'the outreach window has closed' });
  });

  it('post-op: one call, then escalate to the clinical team', () => {
    const cadence = defaultProgram('post_op').cadence;
    expect(nextStep(base({ cadence }))).toMatchObject({ channel: 'voice', final: true });
    expect(nextStep(base({ cadence, stepsDone: 1, lastAttemptAt: monday10 }))).toMatchObject({ kind: 'exhausted', then: 'escalate_clinical' });
  });

  it('unscheduled treatment: touches on days 7, 14 and 30 after presentation', () => {
    const cadence = defaultProgram('unscheduled_treatment').cadence;
    const day7 = new Date('2026-03-16T14:00:00Z');
    const second = nextStep(base({ cadence, stepsDone: 1, lastAttemptAt: day7, now: day7 }));
    expect(second).toMatchObject({ at: new Date('2026-03-23T17:30:00Z') });
    const third = nextStep(base({ cadence, stepsDone: 2, lastAttemptAt: new Date('2026-03-23T17:30:00Z'), now: day7 }));
    expect(third).toMatchObject({ at: new Date('2026-04-08T20:00:00Z'), final: true });
  });

  it('reactivation: at most 3 touches over 6 weeks', () => {
    const cadence = defaultProgram('reactivation').cadence;
    const first = monday10;
    const second = nextStep(base({ cadence, stepsDone: 1, lastAttemptAt: first, firstAttemptAt: first }));
    // Day 20 is a Sunday: the text waits for Monday's opening.
    expect(second).toMatchObject({ channel: 'sms', at: new Date('2026-04-06T12:00:00Z') });
    const third = nextStep(base({ cadence, stepsDone: 2, lastAttemptAt: new Date('2026-04-06T14:00:00Z'), firstAttemptAt: first }));
    expect(third.kind === 'attempt' && (third.at.getTime() - first.getTime()) / 86_400_000).toBeLessThanOrEqual(42);
    expect(nextStep(base({ cadence, stepsDone: 3, lastAttemptAt: first, firstAttemptAt: first }))).toMatchObject({ kind: 'exhausted', then: 'close_unreachable' });
  });

  it('missed visit: call → text → call', () => {
    const cadence = defaultProgram('missed_visit').cadence;
    expect(cadence.steps.map((s) => s.channel)).toEqual(['voice', 'sms', 'voice']);
    expect(nextStep(base({ cadence, stepsDone: 1, lastAttemptAt: monday10 }))).toMatchObject({ channel: 'sms', at: new Date('2026-03-17T14:00:00Z') });
  });
});

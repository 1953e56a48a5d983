import { describe, expect, it } from 'vitest';
import { businessCalendarFor } from '../../../src/domain/cadence/index.js';
import { applyOutcome, callbackOwner, type CaseSnapshot, type OutcomeContext, type OutcomeKey } from '../../../src/domain/outcomes/index.js';
import { defaultProgram } from '../../../src/domain/recall/index.js';

const calendar = businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' });
// Given a fixed clock: Monday 2026-03-16 10:00 EDT, staff user 5 on the phone.
const now = new Date('2026-03-16T14:00:00Z');
const snapshot = (over: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  state: 'in_progress', ownerUserId: null, ownerQueue: null, cadenceStep: 0, unansweredAttempts: 0, outreachStartsAt: new Date('2026-03-01T05:00:00Z'), ...over,
});
const context = (over: Partial<OutcomeContext> = {}): OutcomeContext => ({
  now, actorUserId: 5, cadence: defaultProgram('hygiene').cadence, calendar, consentedChannels: ['voice', 'sms'], ...over,
});

describe('outcomes move the case', () => {
  it('No answer → the next call at a different time of day, 2 business days later', () => {
    expect(applyOutcome(snapshot(), 'no_answer', context())).toMatchObject({
      nextState: 'waiting', nextActionAt: new Date('2026-03-18T17:30:00Z'), nextStep: 'call at a different time of day', nextChannel: 'voice',
      cadenceStep: 1, unansweredAttempts: 1, owner: { kind: 'anyone' }, explanation: 'No answer: next call at a different time of day on Wed 2026-03-18 13:30 (afternoon)',
    });
  });

  it('Left message counts as unanswered and continues the cadence (text next)', () => {
    expect(applyOutcome(snapshot({ cadenceStep: 1, unansweredAttempts: 1 }), 'left_message', context())).toMatchObject({ nextChannel: 'sms', cadenceStep: 2, unansweredAttempts: 2 });
  });

  it('4 unanswered attempts close the case as unreachable, listed for the weekly review', () => {
    const effect = applyOutcome(snapshot({ cadenceStep: 3, unansweredAttempts: 3 }), 'no_answer', context());
    expect(effect).toMatchObject({ nextState: 'closed', closeReason: 'unreachable', nextActionAt: null, unansweredAttempts: 4 });
    expect(effect.explanation).toBe('No answer: 4 unanswered attempts in a row; closed as unreachable and listed for the weekly review');
  });

  it('a 3-touch cadence (unscheduled treatment) ends after its last touch', () => {
    const effect = applyOutcome(snapshot({ cadenceStep: 2, unansweredAttempts: 2 }), 'no_answer', context({ cadence: defaultProgram('unscheduled_treatment').cadence }));
    expect(effect).toMatchObject({ nextState: 'closed', closeReason: 'unreachable' });
  });

  it('post-op unreached after one call → escalated to the clinical queue, due the same local day', () => {
    const effect = applyOutcome(snapshot(), 'no_answer', context({ cadence: defaultProgram('post_op').cadence }));
    expect(effect).toMatchObject({
      nextState: 'escalated', owner: { kind: 'queue', queue: 'clinical' },
      escalation: { queue: 'clinical', dueAt: new Date('2026-03-16T21:00:00Z'), reason: 'patient not reached: the only touch made without reaching the patient' },
    });
  });

  it('Callback requested → waiting until the requested time, owned by the person who took it', () => {
    const callbackAt = new Date('2026-03-17T19:30:00Z');
    expect(applyOutcome(snapshot({ cadenceStep: 2, unansweredAttempts: 2 }), 'callback_requested', context({ callbackAt }))).toMatchObject({
      nextState: 'waiting', nextActionAt: callbackAt, nextStep: 'callback', owner: { kind: 'user', userId: 5 }, unansweredAttempts: 0, cadenceStep: 2,
      explanation: 'Callback requested for Tue 2026-03-17 15:30, owned by user 5 until 2 h overdue',
    });
  });

  it('Callback requested without a time is refused with the reason', () => {
    expect(() => applyOutcome(snapshot(), 'callback_requested', context())).toThrow('"Callback requested" needs the time the patient asked for (callbackAt); none was given');
  });

  it('Not ready — call later → snoozed 45 days by default (configurable 30–60)', () => {
    expect(applyOutcome(snapshot(), 'not_ready', context())).toMatchObject({ nextState: 'snoozed', nextActionAt: new Date('2026-04-30T12:00:00Z'), cadenceStep: 0 });
    expect(applyOutcome(snapshot(), 'not_ready', context({ policy: { softDeclineSnoozeDays: 30 } }))).toMatchObject({ nextActionAt: new Date('2026-04-15T12:00:00Z') });
    expect(() => applyOutcome(snapshot(), 'not_ready', context({ policy: { softDeclineSnoozeDays: 90 } }))).toThrow('softDeclineSnoozeDays 90 is out of range; allowed: 30 to 60 days');
  });

  it.each([
    ['needs_clinical_answer', 'clinical'], ['needs_insurance_review', 'insurance'], ['language_support_needed', 'language'], ['escalated_to_clinical', 'clinical'],
  ] as [OutcomeKey, string][])('%s → the %s queue, due the same local day', (outcome, queue) => {
    expect(applyOutcome(snapshot(), outcome, context())).toMatchObject({
      nextState: 'escalated', nextActionAt: now, owner: { kind: 'queue', queue }, escalation: { queue, dueAt: new Date('2026-03-16T21:00:00Z') },
    });
  });

  it('an escalation after closing time is still due the same local day', () => {
    const late = new Date('2026-03-17T01:00:00Z'); // 21:00 EDT on the 16th
    expect(applyOutcome(snapshot(), 'needs_clinical_answer', context({ now: late })).escalation?.dueAt).toEqual(new Date('2026-03-17T03:59:00Z'));
  });

  it.each([
    ['declined', { closeReason: 'declined' }],
    ['wrong_number', { closeReason: 'wrong_number', contactPointInvalid: true }],
    ['opted_out', { closeReason: 'opted_out', optOutRequested: true }],
  ] as [OutcomeKey, object][])('%s closes the case', (outcome, expected) => {
    expect(applyOutcome(snapshot(), outcome, context())).toMatchObject({ nextState: 'closed', nextActionAt: null, ...expected });
  });

  it('Scheduled parks the case until the appointment arrives with the import', () => {
    expect(applyOutcome(snapshot(), 'scheduled', context())).toMatchObject({ nextState: 'scheduled', nextActionAt: null, unansweredAttempts: 0 });
  });

  it('an outcome on a closed case is refused', () => {
    expect(() => applyOutcome(snapshot({ state: 'closed' }), 'no_answer', context())).toThrow('the case is closed; an outcome ("No answer") can only be recorded on an open case');
  });

  it('a move the state table forbids is refused (a booked case cannot be snoozed)', () => {
    expect(() => applyOutcome(snapshot({ state: 'scheduled' }), 'not_ready', context())).toThrow('"Not ready — call later" would move the case from "scheduled" to "snoozed", which is not allowed');
  });
});

describe('callbacks', () => {
  const callbackAt = new Date('2026-03-17T19:30:00Z');
  const effect = applyOutcome(snapshot(), 'callback_requested', context({ callbackAt }));
  const callbackCase = { ownerUserId: effect.owner.kind === 'user' ? effect.owner.userId : null, nextActionAt: effect.nextActionAt };

  it('surfaces at its time for the person who took it', () => {
    expect(callbackCase.nextActionAt).toEqual(callbackAt);
    expect(callbackOwner(callbackCase, new Date('2026-03-17T19:30:00Z')).owner).toEqual({ kind: 'user', userId: 5 });
    expect(callbackOwner(callbackCase, new Date('2026-03-17T21:29:00Z'))).toEqual({ owner: { kind: 'user', userId: 5 }, why: 'callback is 1 h 59 min late; still with the person who took it' });
  });

  it('goes to anyone once overdue by 2 hours', () => {
    expect(callbackOwner(callbackCase, new Date('2026-03-17T21:30:00Z'))).toEqual({
      owner: { kind: 'anyone' }, why: 'callback for 2026-03-17T19:30:00Z is 2 h 0 min overdue (more than 2 h); anyone may take it',
    });
  });
});

/** Why a queued message must not go: each rule, and the words staff see on the case. */
import { describe, expect, it } from 'vitest';
import { suppressionReason, type CaseNow, type QueuedStep } from '../../../src/domain/messaging/suppression.js';

const now = new Date('2026-12-07T15:00:00Z');
const step: QueuedStep = { origin: 'cadence', purpose: 'recall_due', cadenceStep: 2, channel: 'sms', queuedAt: new Date('2026-12-07T14:00:00Z') };
const open: CaseNow = { state: 'waiting', cadenceStep: 2, nextChannel: 'sms', closedReason: null, snoozedUntil: null, workedByPerson: false, awaitingReply: false };
const booked = { startsAt: new Date('2026-12-09T15:00:00Z'), localDate: '2026-12-09' };

describe('suppressionReason', () => {
  it.each([
    ['nothing changed', step, open, null, null],
    ['a booking arrived', step, open, booked, 'appointment booked for 2026-12-09'],
    ['a confirmation is about its appointment', { ...step, purpose: 'appointment_reminder' }, open, booked, null],
    ['the case closed', step, { ...open, state: 'closed', closedReason: 'declined' }, null, 'the case was closed (declined)'],
    ['an appointment covered it', step, { ...open, state: 'closed', closedReason: 'covered_by_appointment' }, null, 'appointment booked'],
    ['the case is scheduled', step, { ...open, state: 'scheduled' }, null, 'appointment booked'],
    ['snoozed', step, { ...open, state: 'snoozed', snoozedUntil: new Date('2027-01-20T13:00:00Z') }, null, 'the case is snoozed until 2027-01-20'],
    ['escalated', step, { ...open, state: 'escalated' }, null, 'the case was escalated to a queue'],
    ['a newer step', step, { ...open, cadenceStep: 3 }, null, 'a newer step replaced it'],
    ['another channel now', step, { ...open, nextChannel: 'voice' }, null, 'a newer step replaced it'],
    ['a person holds the case: it waits', step, { ...open, workedByPerson: true }, null, { verdict: 'wait', reason: 'a person is working the case' }],
    ['the patient replied: it waits', step, { ...open, awaitingReply: true }, null, { verdict: 'wait', reason: 'the patient replied; a person answers first' }],
    ['the case is gone', step, null, null, 'the case no longer exists'],
    ['a staff text despite a booking', { ...step, origin: 'staff' as const, cadenceStep: null }, open, booked, null],
    ['a staff text on a closed case', { ...step, origin: 'staff' as const, cadenceStep: null }, { ...open, state: 'closed', closedReason: 'declined' }, null, 'the case was closed (declined)'],
    ['a HELP answer goes whatever the case', { ...step, origin: 'reply' as const, queuedAt: new Date(now.getTime() - 299_000) }, null, booked, null],
    ['a STOP confirmation later than 5 minutes is dropped', { ...step, origin: 'reply' as const, queuedAt: new Date(now.getTime() - 301_000) }, null, null, 'an automatic answer to a keyword is sent within 5 minutes of it or not at all'],
  ] as const)('%s', (_name, queued, theCase, appointment, expected) => {
    const hold = suppressionReason(queued, theCase, appointment, now);
    expect(hold).toEqual(typeof expected === 'string' ? { verdict: 'skip', reason: expected } : expected);
  });
});

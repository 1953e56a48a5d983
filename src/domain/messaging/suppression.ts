/**
 * Why a queued automated message must not go, checked at hand-off and again just before the provider
 * is called: the case it was queued for moved on (closed, booked, snoozed, a newer step, a person is
 * working it, the patient replied), or an appointment now covers it. Pure: the case, the booking and
 * the time come in as arguments; the answer is the words shown on the case ("skipped: appointment
 * booked for …"), and whether the message is dropped for good or only waits: a person holding the case
 * or an unanswered reply are passing states, and the step's key means a dropped step never comes back.
 */
import type { CaseState } from '../cases/case-state.js';

export interface QueuedStep {
  origin: 'cadence' | 'staff' | 'reply' | 'test';
  /** When the entry was queued: an automatic answer to a keyword is only sent soon after the keyword. */
  queuedAt: Date;
  purpose: string;
  cadenceStep: number | null;
  channel: string;
}

export interface CaseNow {
  state: CaseState;
  cadenceStep: number;
  nextChannel: string | null;
  closedReason: string | null;
  snoozedUntil: Date | null;
  /** A person holds a live claim on the case (a lapsed claim does not count). */
  workedByPerson: boolean;
  /** The patient wrote back and no one has answered yet. */
  awaitingReply: boolean;
}

/** Not now: dropped for good ("skip"), or looked at again later ("wait"), with the words staff see. */
export interface Hold {
  verdict: 'skip' | 'wait';
  reason: string;
}

/**
 * An automatic answer to STOP or HELP goes within 5 minutes or not at all: the FCC's opt-out rule
 * allows one confirmation within 5 minutes, and an answer much later reads as a new message.
 */
export const keywordAnswerWithinMs = 5 * 60_000;

const skip = (reason: string): Hold => ({ verdict: 'skip', reason });

/** Why not to send now, or null when the message may go. */
export function suppressionReason(step: QueuedStep, theCase: CaseNow | null, nextAppointment: { startsAt: Date; localDate: string } | null, now: Date): Hold | null {
  if (step.origin === 'reply') {
    return now.getTime() - step.queuedAt.getTime() > keywordAnswerWithinMs ? skip('an automatic answer to a keyword is sent within 5 minutes of it or not at all') : null;
  }
  if (step.origin === 'test') return null;
  // A person writing to the patient decided to, booked or not; only a closed case stops them.
  if (step.origin === 'staff') return theCase?.state === 'closed' ? skip(`the case was closed (${theCase.closedReason ?? 'closed'})`) : null;
  // Only a confirmation is about the appointment it confirms; any other message stops once something is booked.
  if (nextAppointment && step.purpose !== 'appointment_reminder') return skip(`appointment booked for ${nextAppointment.localDate}`);
  if (theCase === null) return skip('the case no longer exists');
  if (theCase.state === 'closed') return skip(theCase.closedReason === 'covered_by_appointment' ? 'appointment booked' : `the case was closed (${theCase.closedReason ?? 'closed'})`);
  if (theCase.state === 'scheduled') return skip('appointment booked');
  if (theCase.state === 'snoozed') return skip(`the case is snoozed${theCase.snoozedUntil ? ` until ${theCase.snoozedUntil.toISOString().slice(0, 10)}` : ''}`);
  if (theCase.state === 'escalated') return skip('the case was escalated to a queue');
  // Before the step check: a reply makes the next step a person's, and until it is answered the queued
  // message waits (once answered, what the person did decides: usually a newer step, which drops it).
  if (theCase.awaitingReply) return { verdict: 'wait', reason: 'the patient replied; a person answers first' };
  if (theCase.cadenceStep !== step.cadenceStep || theCase.nextChannel !== step.channel) return skip('a newer step replaced it');
  if (theCase.workedByPerson) return { verdict: 'wait', reason: 'a person is working the case' };
  return null;
}

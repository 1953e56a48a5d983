/**
 * Why a queued automated message must not go, checked at hand-off and again just before the provider
 * is called: the case it was queued for moved on (closed, booked, snoozed, a newer step, a person is
 * working it, the patient replied), or an appointment now covers it. Pure: the case and the booking
 * come in as arguments; the answer is the words shown on the case ("skipped: appointment booked for …").
 */
import type { CaseState } from '../cases/case-state.js';

export interface QueuedStep {
  origin: 'cadence' | 'staff' | 'reply' | 'test';
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

/** The reason not to send, or null when the message may go. */
export function suppressionReason(step: QueuedStep, theCase: CaseNow | null, nextAppointment: { startsAt: Date; localDate: string } | null): string | null {
  if (step.origin === 'reply' || step.origin === 'test') return null;
  // A person writing to the patient decided to, booked or not; only a closed case stops them.
  if (step.origin === 'staff') return theCase?.state === 'closed' ? `the case was closed (${theCase.closedReason ?? 'closed'})` : null;
  // Only a confirmation is about the appointment it confirms; any other message stops once something is booked.
  if (nextAppointment && step.purpose !== 'appointment_reminder') return `appointment booked for ${nextAppointment.localDate}`;
  if (theCase === null) return 'the case no longer exists';
  if (theCase.state === 'closed') return theCase.closedReason === 'covered_by_appointment' ? 'appointment booked' : `the case was closed (${theCase.closedReason ?? 'closed'})`;
  if (theCase.state === 'scheduled') return 'appointment booked';
  if (theCase.state === 'snoozed') return `the case is snoozed${theCase.snoozedUntil ? ` until ${theCase.snoozedUntil.toISOString().slice(0, 10)}` : ''}`;
  if (theCase.state === 'escalated') return 'the case was escalated to a queue';
  if (theCase.cadenceStep !== step.cadenceStep || theCase.nextChannel !== step.channel) return 'a newer step replaced it';
  if (theCase.workedByPerson) return 'a person is working the case';
  if (theCase.awaitingReply) return 'the patient replied; a person answers first';
  return null;
}

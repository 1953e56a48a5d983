/**
 * What the randomized holdout means for a case: when every open item of a case is held out, nothing
 * proactive is planned for it. Its next step becomes "held out from outreach" with no time and no
 * channel, so the worklist (next_action_at <= now), the dispatcher (the same) and isActionable all
 * leave it alone, by the one field they already share. A person's step stays: a callback the patient
 * asked for, or a reply to answer (a step with no channel), so a patient who calls, replies or books
 * on their own is still seen and worked. Applied by the planner (caseWrite) and by a recorded outcome.
 */
import type { AttemptChannel } from '../compliance/types.js';
import type { CaseState } from './case-state.js';

export const heldOutStep = 'held out from outreach';

/** The planner's own step when no channel is open: not a person's step. */
const reviewContactStep = 'review contact details';

export interface NextStepFields {
  nextStep: string | null;
  nextChannel: AttemptChannel | null;
  nextActionAt: Date | null;
}

/** A person's step: a callback, or a step the planner did not choose that names no channel (a reply to answer). */
export function awaitsPerson(step: Pick<NextStepFields, 'nextStep' | 'nextChannel'>): boolean {
  if (step.nextStep === 'callback') return true;
  return step.nextStep !== null && step.nextStep !== heldOutStep && step.nextStep !== reviewContactStep && step.nextChannel === null;
}

/** The step of a case whose open items are all held out: no planned touch, unless a person's step waits. */
export function heldOutNextStep<T extends NextStepFields>(step: T, state: CaseState): T {
  const plansTouches = state === 'open' || state === 'waiting' || state === 'snoozed';
  if (!plansTouches || awaitsPerson(step)) return step;
  return { ...step, nextStep: heldOutStep, nextChannel: null, nextActionAt: null };
}

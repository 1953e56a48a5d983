/** Cases: one per patient combining open reasons; their states; the priority and its "why". */
export { caseStates, queues, allowedTransitions, canTransition, transition, type CaseState, type Queue, type TransitionResult } from './case-state.js';
export { closeReasons, isActionable, type CaseFields, type CaseRecord, type CloseReason } from './case-record.js';
export { mergeIntoCase, type MergeInput, type MergeAction, type CasePlan } from './merge-into-case.js';
export {
  priorityOf, agePoints, linkOpenPoints, agePointsPerDay, ageDaysCap, callbackPoints, blockedPoints, urgencyWeight, extraReasonPoints, overdueDaysCap, pointsPerOverdueDay, overduePoints, daysOverdue,
  storedPriorityWithCallback, type Priority, type PriorityInput, type PriorityPart, type PriorityReason,
} from './priority.js';
export { type StoredCase } from './stored-case.js';
export { outcomeCloseReasons } from './outcome-close-reasons.js';
export { basePriority } from './base-priority.js';
export { caseWrite, type CaseWrite } from './case-write.js';
export { type PlanningContext } from './planning-context.js';
export { planBatch, type BatchPlan, type CaseUpdateKind, type PlanningFacts, type PlanningPatient } from './plan-batch.js';
export { nextWorkWindows, describeNextWork, weekdayAndTime, type FirstUpcoming, type NextWork, type NextWorkPart, type NextWorkWindow } from './next-work.js';
export { rankingBandOf, workingLead, activeWindowEnd, isPastActiveWindow, type Band, type BandInput, type BandReason, type Engagement } from './ranking-band.js';
export { outreachGroups, drawOutreachGroup, heldOutSentence, type OutreachGroup, type RandomSource } from './outreach-group.js';
export { heldOutStep, heldOutNextStep, awaitsPerson, type NextStepFields } from './held-out-step.js';

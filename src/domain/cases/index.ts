/** Cases: one per patient combining open reasons; their states; the priority and its "why". */
export { caseStates, queues, allowedTransitions, canTransition, transition, type CaseState, type Queue, type TransitionResult } from './case-state.js';
export { closeReasons, isActionable, type CaseFields, type CaseRecord, type CloseReason } from './case-record.js';
export { mergeIntoCase, type MergeInput, type MergeAction, type CasePlan } from './merge-into-case.js';
export { priorityOf, callbackPoints, blockedPoints, type Priority, type PriorityInput, type PriorityPart, type PriorityReason } from './priority.js';

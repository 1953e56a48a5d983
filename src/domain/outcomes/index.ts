/** Outcomes: the shared vocabulary and what each one does to a case. */
export {
  outcomes, outcomeKeys, unansweredOutcomes, outcomeLabel, parseOutcomeLabel, type OutcomeKey, type OutcomeLabel, type ParsedOutcome,
} from './outcome-vocabulary.js';
export {
  barrierReasons, barrierReasonKeys, reasonOutcomes, reasonNotGiven, takesReason, barrierReasonLabel, parseBarrierReason, checkReasonForOutcome,
  type BarrierReasonKey, type BarrierReasonLabel, type ReasonOutcome, type ParsedBarrierReason, type ReasonCheck,
} from './barrier-reasons.js';
export {
  applyOutcome, sameDayDueAt, defaultOutcomePolicy, type OutcomePolicy, type CaseSnapshot, type OutcomeContext, type OutcomeEffect, type Escalation,
} from './apply-outcome.js';
export { callbackOwner, defaultCallbackHandoffHours, type Owner, type CallbackCase } from './callback-owner.js';
export { countUnansweredAttempts, cadenceRunStart } from './unanswered-attempts.js';
export { checkUndo, undoDeadline, undoWindowSeconds, type UndoCandidate, type UndoRefusalReason, type UndoVerdict } from './undo-window.js';

/** The recall engine's pure part: programs as data and the evaluation of one patient into due items. */
export {
  programSchema, triggerSchema, triggerCodesSchema, validateProgram, validatePrograms, codeSystems, suppressionRules,
  type RecallProgram, type RecallProgramInput, type ProgramTrigger, type TriggerKind, type TriggerCodes, type CodeSystem,
  type SuppressionRule, type ProgramIssue, type ProgramValidation,
} from './program.js';
export { calendarDurationSchema, addToDate, addToInstant, describeDuration, type CalendarDuration } from './calendar-duration.js';
export { defaultPrograms, defaultProgram } from './default-programs.js';
export { evaluatePatient, evaluatePatientWithHorizon, type EvaluateOptions, type Evaluation } from './evaluate-patient.js';
export { patientExclusion } from './patient-exclusion.js';
export { lastVisitOn } from './trigger-hits.js';
export { suppressionCodes, type DueItem, type Suppression, type SuppressionCode } from './due-item.js';
export {
  appointmentStatuses, type PatientHistory, type PatientFactsForRecall, type AppointmentFact, type AppointmentStatus, type ProcedureFact,
  type ImportedRecallFact, type ReferralFact,
} from './patient-history.js';
export { programForProcedure, programKeys, procedureProgramRules, type ProgramKey, type ProcedureCodeSystem } from './procedure-programs.js';
export { type StoredDueItem, type DueItemWrite } from './due-item-rows.js';
export { dueItemChanges, type DueItemChanges } from './due-item-changes.js';
export { recheckTime, longestRecheckDays } from './recheck-time.js';
export { completedDetailSince, triggerAppointmentTypes } from './history-horizon.js';

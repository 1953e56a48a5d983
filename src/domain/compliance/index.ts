/** The contact gate's public surface (issue 4). */
export { decide, standingReasons, timeDependentCodes } from './decide.js';
export { explainDecision } from './explain-decision.js';
export { candidateTimeZones, fiveDigitZip, type CandidateTimeZones, type TimeZoneCandidate, type TimeZoneSource } from './candidate-time-zones.js';
export { applicableStates, type ApplicableStates, type StateSource } from './applicable-states.js';
export { areaCodeOf, lookupAreaCode, splitAreaCodes, type AreaCodeInfo } from './area-codes.js';
export { parseInboundKeyword, normalizeInbound, type InboundIntent, type InboundKeywordResult } from './inbound-keywords.js';
export { defaultPolicy, strictPolicy, validatePolicy, legalCeilings, type ContactPolicy, type PolicyIssue, type PolicyValidation } from './contact-policy.js';
export { bundledRules, bundledRulesProblems, parseCallingRules, stateName, type CallingRules, type WindowRule, type HolidayCalendar, type RulesParseResult } from './calling-rules.js';
export { findHoliday, holidayDate, easterSunday, isCalendarReviewed } from './holidays.js';
export { purposeClassOf } from './purpose-class.js';
export { rulesSha256 } from './rules-sha256.js';
export * from './types.js';
export { chooseContactPoint } from './choose-contact-point.js';
export { decideTouch, type TouchToDecide } from './decide-touch.js';
export { contactabilityOf, type Contactability, type ChannelAnswer } from './contactability.js';
export { gateInputFor, openChannels, pickChannel, type PatientContactFacts } from './channel-choice.js';

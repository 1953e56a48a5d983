/**
 * The contact gate: may this touch happen now, and if not, why and when? Pure: the caller passes
 * the facts, the policy, the rules and `now`. Every blocking rule is reported (not only the first),
 * each with a stable code and a message naming the rule that decided.
 */
import { applicableStates } from './applicable-states.js';
import { evaluationZones, windowReasonsAt, windowRulesFor, windowStartMinutes, WindowEvaluationCache, type WindowEvaluationContext, type WindowSet } from './calling-windows.js';
import type { CallingRules } from './calling-rules.js';
import { candidateTimeZones } from './candidate-time-zones.js';
import { checkConfidentialPreferences, type PreferenceCheck } from './confidential-preferences.js';
import { checkConsent, hasWrittenConsent } from './consent.js';
import type { ContactPolicy } from './contact-policy.js';
import { capExpiryInstants, capReasonsAt, outboundAttempts, stateCapRulesFor, type CapContext } from './frequency-caps.js';
import { findNextAllowedAt } from './next-allowed-at.js';
import { findCoveringOptOut, optOutReason } from './opt-outs.js';
import { rulesSha256 } from './rules-sha256.js';
import type { Basis, ConsentBasis, ContactDecision, GateInput, Reason, ReasonCode } from './types.js';

/** Reasons that can lift with time alone; any other reason makes nextAllowedAt null. */
export const timeDependentCodes: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'outside_calling_window', 'state_sunday_ban', 'day_not_allowed', 'holiday', 'holiday_calendar_unreviewed',
  'sms_window_closing', 'daily_cap', 'weekly_cap', 'state_24h_cap', 'program_weekly_cap',
]);

function contactPointReasons(input: GateInput): Reason[] {
  const { touch, contactPoint: cp, patient } = input;
  if (touch.channel === 'letter') return [];
  if (!cp) {
    return [{ code: 'missing_contact_point', message: `${article(touch.channel)} ${touch.channel} touch needs a contact point; none was given.` }];
  }
  const out: Reason[] = [];
  const kind = touch.channel === 'email' ? 'email' : 'phone';
  if (cp.patientId !== patient.id) {
    out.push({ code: 'invalid_contact_point', message: `Contact point ${cp.id} belongs to patient ${cp.patientId}, not patient ${patient.id}.` });
  }
  if (cp.kind !== kind) {
    out.push({ code: 'channel_mismatch', message: `${article(touch.channel)} ${touch.channel} touch needs ${article(kind).toLowerCase()} ${kind} contact point; contact point ${cp.id} is ${cp.kind}.` });
  }
  if (!cp.isValid) {
    out.push({ code: 'invalid_contact_point', message: `Contact point ${cp.id} is marked invalid; fix or replace it before contacting the patient.` });
  }
  if (touch.channel === 'sms' && cp.lineType === 'landline') {
    out.push({ code: 'sms_to_landline', message: `Contact point ${cp.id} is a landline and cannot receive text messages.` });
  }
  return out;
}

const rulesUnavailable: Reason = { code: 'rules_unavailable', message: 'The calling-rules file did not load or validate; the gate fails closed (INV-15).' };

/**
 * The reasons that block a touch at any hour under the current records: the patient's status and
 * do-not-contact flag, the contact point, opt-outs (revoke-all), confidential-communication requests,
 * consent (written consent for a promotion), state written-consent rules, the Louisiana switch and
 * an unknown time zone. decide() reports these and, on top, what only time lifts (windows, caps,
 * holidays). Empty = the gate allows this touch at some hour. Choosing a channel asks this, so it
 * never picks one the gate refuses for good.
 */
export function standingReasons(input: GateInput, policy: ContactPolicy, rules: CallingRules | null, now: Date | number): Reason[] {
  if (!rules) return [rulesUnavailable];
  const at = typeof now === 'number' ? now : now.getTime();
  const { touch, patient, contactPoint } = input;
  const zones = candidateTimeZones(patient, contactPoint).zones;
  const states = applicableStates(patient, contactPoint, policy).states;
  return dedupe(standingOf(input, policy, rules, at, zones, states, checkConfidentialPreferences(touch, contactPoint, input.preferences)).reasons);
}

/** What decide() finds before it looks at the clock. */
interface Standing {
  /** Reasons that block the touch at any hour under these records. */
  reasons: Reason[];
  consentBasis: ConsentBasis | null;
  set: WindowSet;
  needsZone: boolean;
}

function standingOf(input: GateInput, policy: ContactPolicy, rules: CallingRules, at: number, zones: string[], states: string[], prefs: PreferenceCheck): Standing {
  const { touch, patient, contactPoint } = input;
  const blocking: Reason[] = [];
  if (patient.status === 'deceased') blocking.push({ code: 'patient_deceased', message: 'The patient is recorded as deceased.' });
  else if (patient.status !== 'active') blocking.push({ code: 'patient_inactive', message: `The patient's status is ${patient.status}; only active patients are contacted.` });
  if (patient.doNotContact) blocking.push({ code: 'do_not_contact', message: 'The patient is flagged do-not-contact; no touch on any channel.' });
  const cpReasons = contactPointReasons(input);
  blocking.push(...cpReasons);

  const optOut = findCoveringOptOut(touch, contactPoint, input.optOuts, at);
  if (optOut) blocking.push(optOutReason(touch, optOut));
  blocking.push(...prefs.reasons);

  let consentBasis: ConsentBasis | null = null;
  const cpUsable = contactPoint !== null && cpReasons.length === 0;
  if (touch.channel !== 'letter' && contactPoint && cpUsable && (touch.automated || policy.requireConsentForStaffTouches)) {
    const consent = checkConsent(touch, contactPoint, input.consents, at);
    if (consent.ok) consentBasis = consent.basis;
    else blocking.push(consent.reason);
  }
  const isTelephone = touch.channel === 'voice' || touch.channel === 'voicemail' || touch.channel === 'sms';
  if (touch.automated && isTelephone && touch.purpose === 'reactivation' && contactPoint && cpUsable) {
    const pewcStates = states.filter((s) => policy.writtenConsentForAutomatedReactivationIn.includes(s));
    if (pewcStates.length > 0 && !hasWrittenConsent(touch, contactPoint, input.consents, at)) {
      blocking.push({
        code: 'no_written_consent', ruleId: 'policy:writtenConsentForAutomatedReactivationIn',
        message: `Automated reactivation to a patient governed by ${pewcStates.join(', ')} needs prior express written consent (state mini-TCPA, README 2.5); use a staff call instead.`,
      });
    }
  }
  if (policy.laEmergencyActive && states.includes('LA') && touch.automated && isTelephone && touch.purpose !== 'appointment_reminder') {
    blocking.push({ code: 'la_emergency', ruleId: 'policy:laEmergencyActive', message: 'The Louisiana emergency switch is on: no automated calls or texts other than appointment reminders to Louisiana-governed patients (LPSC, INV-17).' });
  }

  const set = windowRulesFor(touch, states, rules, policy, consentBasis !== null);
  const needsZone = isTelephone || set.rules.length > 0;
  if (needsZone && zones.length === 0) {
    blocking.push({ code: 'no_time_zone', message: 'No time zone could be determined (no override, ZIP, practice zone or area code); the gate fails closed (INV-15).' });
  }
  return { reasons: blocking, consentBasis, set, needsZone };
}

export function decide(input: GateInput, policy: ContactPolicy, rules: CallingRules | null, now: Date | number): ContactDecision {
  const at = typeof now === 'number' ? now : now.getTime();
  const decidedAt = new Date(at);
  const { touch, patient, contactPoint } = input;
  const zones = candidateTimeZones(patient, contactPoint).zones;
  const states = applicableStates(patient, contactPoint, policy).states;
  const prefs = checkConfidentialPreferences(touch, contactPoint, input.preferences);
  const result = (reasons: Reason[], basis: Basis[], consentBasis: ConsentBasis | null, nextAllowedAt: Date | null): ContactDecision => ({
    allowed: reasons.length === 0,
    reasons,
    basis: reasons.length === 0 ? basis : [],
    nextAllowedAt,
    timeZones: zones,
    states,
    consentBasis,
    mayLeaveVoicemail: prefs.mayLeaveVoicemail,
    rulesSha256,
    decidedAt,
  });

  if (!rules) {
    return result([rulesUnavailable], [], null, null);
  }

  const { reasons: blocking, consentBasis, set, needsZone } = standingOf(input, policy, rules, at, zones, states, prefs);

  const windowCtx: WindowEvaluationContext = { set, zones, rules, policy, county: patient.county ?? null, cache: new WindowEvaluationCache() };
  const capCtx: CapContext = {
    touch, outbound: outboundAttempts(input.history), zones, policy,
    stateCapRules: stateCapRulesFor(touch, set.rules),
  };
  const timeReasonsAt = (t: number): Reason[] => (zones.length === 0 && needsZone ? [] : [...windowReasonsAt(windowCtx, t), ...capReasonsAt(capCtx, t)]);
  const reasons = [...blocking, ...timeReasonsAt(at)];

  if (reasons.length === 0) {
    return result([], allowedBasis(set.rules.map((r) => r.label), zones, at, consentBasis, capCtx, touch.automated), consentBasis, decidedAt);
  }
  const onlyTimeBound = reasons.every((r) => timeDependentCodes.has(r.code));
  const next = onlyTimeBound
    ? findNextAllowedAt({
      zones: evaluationZones(windowCtx),
      windowStartMinutes: windowStartMinutes(set),
      extraInstants: capExpiryInstants(capCtx, at, at + 14 * 24 * 3_600_000),
      isClearAt: (t) => timeReasonsAt(t).length === 0,
    }, at)
    : null;
  return result(dedupe(reasons), [], consentBasis, next === null ? null : new Date(next));
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function allowedBasis(windowLabels: string[], zones: string[], at: number, consent: ConsentBasis | null, caps: CapContext, automated: boolean): Basis[] {
  const basis: Basis[] = [];
  if (consent) {
    basis.push({ code: 'consent', message: `${consent.kind.toUpperCase()} from ${consent.source}, captured ${consent.capturedAt.toISOString().slice(0, 10)}.` });
  }
  basis.push(windowLabels.length > 0
    ? { code: 'calling_window', message: `Inside ${[...new Set(windowLabels)].join(', ')} window${windowLabels.length === 1 ? '' : 's'} in ${zones.join(', ')}.` }
    : { code: 'no_window_applies', message: 'No calling window governs this channel.' });
  basis.push({ code: 'opt_out_clear', message: 'No opt-out, do-not-contact flag or confidential-communication request covers this touch.' });
  if (automated) {
    const week = caps.outbound.filter((a) => a.actorKind === 'automation' && a.occurredAt.getTime() > at - 7 * 24 * 3_600_000 && a.occurredAt.getTime() <= at).length;
    basis.push({ code: 'frequency', message: `${week} of ${caps.policy.maxAutomatedTouchesPerRolling7Days} automated touches used in the last 7 days.` });
  }
  return basis;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'An' : 'A';
}

/**
 * What the case screen shows about calls: whether Recare can place one for this case now (the gate's
 * answer for a staff call, with the reason and the next allowed time when it cannot), or only offer the
 * number as a tel: link; and a call's progress with the outcome the panel opens with.
 */
import { inScope, type LocationScope } from '../../domain/access/index.js';
import { explainDecision } from '../../domain/compliance/index.js';
import { AppError } from '../../domain/errors.js';
import { suggestedOutcomeOf, type CallState } from '../../domain/voice/index.js';
import { contactPointValue, findCall, liveCallOfCase, userPhone, type CallRow } from '../../db/queries/calls.js';
import { findCaseById } from '../../db/queries/cases.js';
import { readDemoMode } from '../../db/queries/demo-mode.js';
import { checkContact } from '../check-contact.js';
import { openCaseForCall } from './call-case.js';
import type { VoiceDeps } from './voice-deps.js';

export interface CallView {
  id: number;
  caseId: number | null;
  state: CallState;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  /** Why it ended before reaching the patient (the staff phone did not answer, the provider refused). */
  failure: string | null;
  voicemailLeftAt: string | null;
  outcomeRecorded: boolean;
  /** The outcome the panel opens with (the person still confirms it); null: nothing to suggest. */
  suggestedOutcome: 'No answer' | null;
}

export interface CaseVoice {
  /** 'provider': Recare places the call; 'tel': no voice provider, dial the number and record the outcome by hand. */
  mode: 'provider' | 'tel';
  allowed: boolean;
  reasons: string[];
  nextAllowedAt: string | null;
  explanation: string;
  /** Provider mode: the signed-in user's own phone is set (the call rings it first). */
  staffPhoneSet: boolean;
  /** The number to dial by hand (tel: mode), the one the gate would use. */
  telNumber: string | null;
  liveCall: CallView | null;
}

export async function readCaseVoice(deps: VoiceDeps, request: { caseId: number; userId: number; scope?: LocationScope }): Promise<CaseVoice> {
  const { theCase, lead } = await openCaseForCall(deps, request.caseId, request.scope);
  const check = await checkContact(deps, { patient: { recareId: theCase.patientId }, channel: 'voice', purpose: lead.purpose, automated: false, programKey: lead.key });
  const mode = deps.voice.provider && deps.voice.settings.publicBaseUrl && !await readDemoMode(deps.store.db) ? 'provider' : 'tel';
  const telNumber = check.contactPoint ? await contactPointValue(deps.store.db, check.contactPoint.id) : null;
  const live = await liveCallOfCase(deps.store.db, theCase.id);
  return {
    mode,
    allowed: check.decision.allowed,
    reasons: check.decision.reasons.map((r) => r.message),
    nextAllowedAt: check.decision.nextAllowedAt?.toISOString() ?? null,
    explanation: explainDecision(check.decision),
    staffPhoneSet: (await userPhone(deps.store.db, request.userId)) !== null,
    telNumber,
    liveCall: live ? viewOf(live) : null,
  };
}

export async function readCall(deps: VoiceDeps, request: { callId: number; scope?: LocationScope }): Promise<CallView> {
  return viewOf(await findCallInScope(deps, request.callId, request.scope));
}

/** A call on a case of the caller's offices; another office's call answers exactly like one that does not exist. */
export async function findCallInScope(deps: Pick<VoiceDeps, 'store'>, callId: number, scope: LocationScope | undefined): Promise<CallRow> {
  const call = await findCall(deps.store.db, callId);
  const theCase = call?.case_id != null ? await findCaseById(deps.store.db, call.case_id) : undefined;
  if (!call || !theCase || (scope && !inScope(scope, theCase.patientLocationId))) {
    throw new AppError('not_found', `No call #${callId}${scope ? ' is visible to you' : ''}.`);
  }
  return call;
}

function viewOf(call: CallRow): CallView {
  return {
    id: call.id, caseId: call.case_id, state: call.state, answeredAt: call.answered_at?.toISOString() ?? null, endedAt: call.ended_at?.toISOString() ?? null,
    durationSeconds: call.duration_seconds, failure: call.failure, voicemailLeftAt: call.voicemail_at?.toISOString() ?? null,
    outcomeRecorded: call.outcome_attempt_id !== null, suggestedOutcome: suggestedOutcomeOf({ state: call.state, answeredAt: call.answered_at }),
  };
}

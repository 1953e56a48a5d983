/**
 * The voice provider's webhooks, each verified before anything is read or stored (a forged or unsigned
 * request stores nothing and gets 403):
 *   - bridge: the staff member answered; the TwiML dials the patient (office caller ID, answerOnBridge,
 *     status callbacks on the patient's leg), after the recording announcement when recording is on;
 *   - status: a leg's progress; the patient leg moves the call forward only (domain/voice/call-progress.ts);
 *   - recording: a recorded call's recording is ready; only its id and length are kept (never its address);
 *   - inbound: a patient calling the office's number is forwarded to the office line, and the caller's
 *     number is matched to patients: one match logs an inbound call on the case and puts it at the top
 *     of "engaged recently" ("called back at 14:02"); several are listed for staff; none joins the
 *     unmatched list.
 */
import { DateTime } from 'luxon';
import type { WebhookRequest } from '../../channels/channel.js';
import type { VoiceProvider } from '../../channels/voice/voice-channel.js';
import { callbackPoints } from '../../domain/cases/priority.js';
import { AppError } from '../../domain/errors.js';
import { advanceCall, callStateOfStatus, isFinalCallState } from '../../domain/voice/index.js';
import { turnCaseToPerson } from '../../db/queries/case-for-a-person.js';
import { findOpenCaseOfPatient, insertAttempt } from '../../db/queries/cases.js';
import { adoptProviderSid, callNumbers, findCall, insertCall, insertInboundCall, lockCall, officeOfNumber, updateCall } from '../../db/queries/calls.js';
import { patientsWithNumber } from '../../db/queries/inbound-messages.js';
import type { VoiceDeps } from './voice-deps.js';

export type VoiceWebhookKind = 'bridge' | 'status' | 'inbound' | 'recording';

function verified(deps: VoiceDeps, kind: VoiceWebhookKind, request: WebhookRequest): VoiceProvider {
  const provider = deps.voice.provider;
  if (!provider) throw new AppError('forbidden', 'No voice provider is configured, so no voice webhook is accepted here.');
  if (!provider.verifySignature(request)) {
    deps.log.warn({ provider: provider.name, kind }, 'voice webhook signature refused');
    throw new AppError('forbidden', `The request's ${provider.name} signature is missing or does not match; nothing was stored.`);
  }
  return provider;
}

function callIdOf(request: WebhookRequest): number | null {
  const raw = new URL(request.url).searchParams.get('call');
  return raw !== null && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

/** TwiML for the staff leg once the staff member answers. */
export async function answerBridge(deps: VoiceDeps, request: WebhookRequest): Promise<string> {
  const provider = verified(deps, 'bridge', request);
  const callId = callIdOf(request);
  const call = callId !== null ? await findCall(deps.store.db, callId) : undefined;
  const base = deps.voice.settings.publicBaseUrl as string;
  if (!call || call.direction !== 'out' || isFinalCallState(call.state)) return provider.instructions.hangUp('This call has ended in Recare. Goodbye.');
  const staffLeg = provider.parseStatus(request).callSid;
  // The provider's answer to our create may have been lost (a stopped process): the call's own request names it.
  if (call.provider_sid === null) await adoptProviderSid(deps.store.db, call.id, staffLeg, deps.clock.now());
  const numbers = await callNumbers(deps.store.db, call.id);
  const callerId = numbers?.callerId ?? deps.voice.settings.defaultCallerId;
  if (!numbers?.patientNumber || !callerId) return provider.instructions.hangUp('Recare cannot find the number for this call. Goodbye.');
  const { recording, recordingAnnouncement } = deps.voice.settings;
  deps.log.info({ callId: call.id, caseId: call.case_id }, 'call bridged to the patient');
  return provider.instructions.bridge({
    patient: numbers.patientNumber, callerId, statusCallbackUrl: `${base}/webhooks/twilio/voice/status?call=${call.id}&leg=patient`,
    announcement: recording ? recordingAnnouncement : null,
    recording: recording ? { statusCallbackUrl: `${base}/webhooks/twilio/voice/recording?call=${call.id}` } : null,
  });
}

/** A recording finished: its id and length join the call (the first recording reported wins; a retry changes nothing). */
export async function recordCallRecording(deps: VoiceDeps, request: WebhookRequest): Promise<{ stored: boolean }> {
  const provider = verified(deps, 'recording', request);
  const report = provider.parseRecording(request);
  const callId = callIdOf(request);
  if (callId === null || report.status !== 'completed') return { stored: false };
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const call = await lockCall(tx.db, callId);
    if (!call || call.recording_sid !== null) return { stored: false };
    await updateCall(tx.db, call.id, { recording_sid: report.recordingSid, recording_seconds: report.durationSeconds }, now);
    deps.log.info({ callId: call.id, recordingSid: report.recordingSid }, 'call recording stored');
    return { stored: true };
  });
}

/** A status callback of one leg. Unknown calls and statuses are acknowledged and ignored (the provider would retry otherwise). */
export async function recordCallStatus(deps: VoiceDeps, request: WebhookRequest): Promise<{ applied: boolean; state: string | null }> {
  const provider = verified(deps, 'status', request);
  const report = provider.parseStatus(request);
  const callId = callIdOf(request);
  const leg = new URL(request.url).searchParams.get('leg');
  const reported = callStateOfStatus(report.status);
  if (callId === null || reported === null) return { applied: false, state: null };
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const call = await lockCall(tx.db, callId);
    if (!call) return { applied: false, state: null };
    const recording = report.recordingSid ? { recording_sid: call.recording_sid ?? report.recordingSid, recording_seconds: call.recording_seconds ?? report.recordingSeconds } : {};
    if (leg === 'staff' || (leg !== 'patient' && call.direction === 'out')) {
      // The staff phone rang out or hung up before the patient's leg began: the patient was never called.
      const patientNeverDialled = call.patient_leg_sid === null && isFinalCallState(reported) && !isFinalCallState(call.state);
      if (patientNeverDialled) {
        await updateCall(tx.db, call.id, { state: 'canceled', ended_at: now, failure: reported === 'completed' ? 'your phone hung up before the patient was called' : `your phone did not answer (${report.status})`, ...recording }, now);
        return { applied: true, state: 'canceled' };
      }
      if (report.recordingSid) await updateCall(tx.db, call.id, recording, now);
      return { applied: false, state: call.state };
    }
    const next = advanceCall(
      { state: call.state === 'creating' ? 'queued' : call.state, answeredAt: call.answered_at, endedAt: call.ended_at, durationSeconds: call.duration_seconds },
      { state: reported, at: report.occurredAt ?? now, durationSeconds: report.durationSeconds },
    );
    await updateCall(tx.db, call.id, {
      patient_leg_sid: call.patient_leg_sid ?? report.callSid, state: next.state, answered_at: next.answeredAt, ended_at: next.endedAt, duration_seconds: next.durationSeconds, ...recording,
    }, now);
    deps.log.info({ callId: call.id, status: reported, state: next.state }, 'call status');
    return { applied: next.state !== call.state || next.durationSeconds !== call.duration_seconds, state: next.state };
  });
}

/** A patient calling the office's number: TwiML forwarding it, and the call matched to its case. */
export async function answerInboundCall(deps: VoiceDeps, request: WebhookRequest): Promise<string> {
  const provider = verified(deps, 'inbound', request);
  const inbound = provider.parseInbound(request);
  const { db } = deps.store;
  const now = deps.clock.now();
  const office = await officeOfNumber(db, inbound.to);
  const { recording, recordingAnnouncement, forwardTo } = deps.voice.settings;
  // Never forward a call to the number it came in on.
  const officeLine = office?.phone && office.phone !== inbound.to ? office.phone : forwardTo;
  const twiml = provider.instructions.forward({ officeLine, announcement: recording ? recordingAnnouncement : null, record: recording });

  const matches = await patientsWithNumber(db, inbound.from);
  const patientIds = [...new Set(matches.map((m) => m.patientId))];
  const patientId = patientIds.length === 1 ? patientIds[0] : undefined;
  const theCase = patientId !== undefined ? await findOpenCaseOfPatient(db, patientId) : undefined;
  const stored = await deps.store.transaction(async (tx) => {
    const callId = await insertCall(tx.db, {
      key: `in-${provider.name}-${inbound.callSid}`, direction: 'in', provider: provider.name, caseId: theCase?.id ?? null, patientId: patientId ?? null,
      locationId: office?.id ?? null, userId: null, attemptId: null, decisionId: null, fromContactPointId: patientId !== undefined ? matches[0]?.contactPointId ?? null : null,
      toContactPointId: null, providerSid: inbound.callSid, state: 'ringing', matchedPatientIds: patientIds, now,
    });
    // The provider retried this webhook: the call is already logged.
    if (callId === null) return null;
    // A call no single open case takes is kept with the unmatched texts, with every patient who has the number, for staff to pick.
    if (!theCase) await insertInboundCall(tx.db, { provider: provider.name, callSid: inbound.callSid, from: inbound.from, to: inbound.to, patientIds, caseId: null, now });
    if (theCase && patientId !== undefined) {
      const attemptId = await insertAttempt(tx.db, {
        caseId: theCase.id, patientId, contactPointId: matches[0]?.contactPointId ?? null, channel: 'voice', actorUserId: null, actorKind: 'automation', direction: 'in',
        purpose: 'recall_due', programKeys: theCase.programKeys, complianceDecisionId: null, outcome: null, note: 'The patient called the office.', callbackAt: null,
        occurredAt: now, undo: null, providerMessageId: inbound.callSid,
      });
      await updateCall(tx.db, callId, { attempt_id: attemptId }, now);
      const local = DateTime.fromJSDate(now, { zone: office?.timeZone ?? 'America/New_York' }).toFormat('HH:mm');
      await turnCaseToPerson(tx.db, theCase.id, { nextStep: 'the patient called back: follow up on their call', why: `called back at ${local}`, now, priorityAtLeast: callbackPoints + 100 });
    }
    return callId;
  });
  deps.log.info({ callId: stored, matches: patientIds.length, caseId: theCase?.id ?? null, duplicate: stored === null }, 'inbound call');
  return twiml;
}


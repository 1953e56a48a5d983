/**
 * Click-to-call (issue 18): the contact gate is asked for a staff-initiated voice touch first; a
 * blocked touch creates no call and answers the gate's reasons and next allowed time. An allowed one
 * records the attempt and the call row (with its idempotency key) in one transaction, then asks the
 * provider to ring the staff member's own phone; once they answer, the bridge webhook's TwiML dials the
 * patient with the office's number as caller ID.
 *
 * Exactly once: the row is written before the provider is asked. A row left 'creating' (the process
 * stopped in between, or the provider's answer was lost) is resumed by the next Call on that case
 * once it has stood still for `resumeAfterSeconds`: the provider's recent calls to the staff phone are
 * looked at first, and a call is created only when there is none.
 */
import { randomUUID } from 'node:crypto';
import type { LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { insertAttempt } from '../../db/queries/cases.js';
import { readDemoMode } from '../../db/queries/demo-mode.js';
import {
  claimStaleCreatingCall, insertCall, lockCaseForCall, officeCallerId, liveCallOfCase, providerSidsSince, updateCall, userPhone, type CallRow,
} from '../../db/queries/calls.js';
import { authorizeTouch } from '../authorize-touch.js';
import { openCaseForCall } from './call-case.js';
import type { VoiceDeps } from './voice-deps.js';
import type { CallToCreate } from '../../channels/voice/voice-channel.js';

export interface PlaceCallRequest {
  caseId: number;
  userId: number;
  scope?: LocationScope;
}

export interface PlacedCall {
  callId: number;
  state: CallRow['state'];
  /** True when an earlier request's call was taken up again rather than a new one placed. */
  resumed: boolean;
}

export async function placeCall(deps: VoiceDeps, request: PlaceCallRequest): Promise<PlacedCall> {
  const { db } = deps.store;
  const now = deps.clock.now();
  // Scope and state first: another office's case answers exactly like a missing one, whatever is configured.
  const { theCase, lead } = await openCaseForCall(deps, request.caseId, request.scope);
  const provider = deps.voice.provider;
  const base = deps.voice.settings.publicBaseUrl;
  if (!provider || !base) throw new AppError('conflict', 'No voice provider is configured, so Recare cannot place calls: dial the number shown on the case screen and record the outcome by hand.');
  if (await readDemoMode(db)) throw new AppError('conflict', 'This is the demo clinic: its numbers are made up, so Recare places no calls while demo mode lasts. Dial by hand and record the outcome.');
  const staffPhone = await userPhone(db, request.userId);
  if (!staffPhone) throw new AppError('conflict', 'Your own phone is not set, so there is nothing to ring first: add your desk or mobile number on your Account page (or ask an administrator: Users page, or `recare users set-phone`).');

  const live = await liveCallOfCase(db, theCase.id);
  if (live && live.state !== 'creating') {
    throw new AppError('conflict', `Case #${theCase.id} already has a call under way (call #${live.id}, ${live.state}); wait for it to end.`);
  }
  if (live) return resume(deps, live, staffPhone);

  const authorization = await authorizeTouch(deps, { patient: { recareId: theCase.patientId }, channel: 'voice', purpose: lead.purpose, automated: false, programKey: lead.key, actorUserId: request.userId });
  if (!authorization.decision.allowed) throw blockedByGate(authorization.decision.reasons, authorization.decision.nextAllowedAt);
  if (authorization.contactPointId === null) throw new AppError('conflict', `Patient ${theCase.patientExternalId} has no phone number the gate allows calling.`);
  const locationId = theCase.locationId ?? theCase.patientLocationId;
  const callerId = await callerIdOf(deps, locationId);

  const { callId, key } = await deps.store.transaction(async (tx) => {
    // Two Calls at once on one case (a double click, two tabs): the second waits here, then finds the first's call.
    await lockCaseForCall(tx.db, theCase.id);
    const racing = await liveCallOfCase(tx.db, theCase.id);
    if (racing) throw new AppError('conflict', `Case #${theCase.id} already has a call under way (call #${racing.id}, ${racing.state}); wait for it to end.`);
    const attemptId = await insertAttempt(tx.db, {
      caseId: theCase.id, patientId: theCase.patientId, contactPointId: authorization.contactPointId, channel: 'voice', actorUserId: request.userId,
      purpose: lead.purpose, programKeys: theCase.programKeys, complianceDecisionId: authorization.decisionId, outcome: null, note: null, callbackAt: null,
      occurredAt: now, undo: null, idempotencyKey: `call-${randomUUID()}`,
    });
    const callKey = `call-${theCase.id}-${attemptId}`;
    const id = await insertCall(tx.db, {
      key: callKey, direction: 'out', provider: provider.name, caseId: theCase.id, patientId: theCase.patientId, locationId, userId: request.userId,
      attemptId, decisionId: authorization.decisionId, fromContactPointId: null, toContactPointId: authorization.contactPointId, providerSid: null, state: 'creating', now,
    });
    if (id === null) throw new Error(`call key for attempt ${attemptId} already taken`);
    return { callId: id, key: callKey };
  });
  deps.log.info({ callId, caseId: theCase.id, patientId: theCase.patientId, decisionId: authorization.decisionId }, 'call recorded');
  await deps.voice.onStep?.('call-recorded', callId);
  const created = await createAtProvider(deps, callId, { staffPhone, callerId, recordedAt: now, key }, false);
  return { callId, state: created, resumed: false };
}

async function resume(deps: VoiceDeps, call: CallRow, staffPhone: string): Promise<PlacedCall> {
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - deps.voice.settings.resumeAfterSeconds * 1000);
  if (!await claimStaleCreatingCall(deps.store.db, call.id, staleBefore, now)) {
    throw new AppError('conflict', `Call #${call.id} on case #${call.case_id ?? '?'} is being placed; wait a few seconds for your phone to ring.`);
  }
  const callerId = await callerIdOf(deps, call.location_id);
  const state = await createAtProvider(deps, call.id, { staffPhone, callerId, recordedAt: call.created_at, key: call.key }, true);
  return { callId: call.id, state, resumed: true };
}

/** Asks the provider for the call, after looking for one an earlier try already made. */
async function createAtProvider(deps: VoiceDeps, callId: number, call: { staffPhone: string; callerId: string; recordedAt: Date; key: string }, lookFirst: boolean): Promise<CallRow['state']> {
  const provider = deps.voice.provider as NonNullable<VoiceDeps['voice']['provider']>;
  const base = deps.voice.settings.publicBaseUrl as string;
  const { db } = deps.store;
  const request: CallToCreate = {
    key: call.key, to: call.staffPhone, from: call.callerId, recordedAt: call.recordedAt,
    twimlUrl: `${base}/webhooks/twilio/voice/bridge?call=${callId}`,
    statusCallbackUrl: `${base}/webhooks/twilio/voice/status?call=${callId}&leg=staff`,
  };
  if (lookFirst) {
    const claimed = await providerSidsSince(db, new Date(call.recordedAt.getTime() - 2 * 60_000), callId);
    const found = await provider.findCall(request, claimed);
    if (found.found) {
      await updateCall(db, callId, { provider_sid: found.sid, staff_leg_sid: found.sid, state: 'queued' }, deps.clock.now());
      deps.log.info({ callId }, 'call found at the provider after a stop; not placed again');
      return 'queued';
    }
  }
  const created = await provider.createCall(request);
  await deps.voice.onStep?.('provider-answered', callId);
  const now = deps.clock.now();
  if (created.ok) {
    await updateCall(db, callId, { provider_sid: created.sid, staff_leg_sid: created.sid, state: 'queued' }, now);
    return 'queued';
  }
  if (created.ambiguous) {
    // The provider may have the call: leave the row 'creating', so the next try looks before creating.
    deps.log.warn({ callId, code: created.failure.code }, 'call create ambiguous');
    throw new AppError('conflict', `The voice provider did not answer clearly (${created.failure.message}); your phone may still ring. If it does not, press Call again in ${deps.voice.settings.resumeAfterSeconds} seconds: Recare checks before calling again.`);
  }
  await updateCall(db, callId, { state: 'failed', failure: created.failure.message }, now);
  deps.log.warn({ callId, code: created.failure.code }, 'call create refused');
  throw new AppError('conflict', `The voice provider refused the call: ${created.failure.message}.`);
}

async function callerIdOf(deps: VoiceDeps, locationId: number | null): Promise<string> {
  const callerId = (locationId !== null ? await officeCallerId(deps.store.db, locationId) : null) ?? deps.voice.settings.defaultCallerId;
  if (!callerId) throw new AppError('conflict', 'This office has no caller ID: set one on the Locations page (or TWILIO_VOICE_FROM) so the patient sees the office\'s number.');
  return callerId;
}

/** The gate's no: its reasons, and when the same call would be allowed. */
export function blockedByGate(reasons: readonly { code: string; message: string }[], nextAllowedAt: Date | null): AppError {
  const next = nextAllowedAt ? ` Next allowed: ${nextAllowedAt.toISOString()}.` : ' No time in the next 14 days would allow it without a change of records.';
  return new AppError('conflict', `The contact gate does not allow this call now: ${reasons.map((r) => r.message).join(' ')}${next} No call was placed.`, [
    ...reasons.map((r) => ({ path: `gate.${r.code}`, message: r.message })),
    { path: 'nextAllowedAt', value: nextAllowedAt?.toISOString() ?? null, message: nextAllowedAt ? 'the earliest time the gate would allow this call' : 'none within 14 days' },
  ]);
}


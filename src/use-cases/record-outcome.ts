/**
 * One outcome, recorded in one action: the staff touch goes through the contact gate (authorizeTouch
 * stores its decision), the attempt is appended with that decision and the note, and the case moves
 * as the outcome rules say (applyOutcome): next touch per cadence, a callback owned by the person who
 * took it, a snooze, a queue with a same-day due time, or a close. "Opted out" is recorded through
 * the gate's durable opt-out path before anything else, so it holds even if the rest fails.
 */
import type { LocationScope } from '../domain/access/index.js';
import { inScope } from '../domain/access/index.js';
import { heldOutNextStep, storedPriorityWithCallback } from '../domain/cases/index.js';
import { bundledRules, openChannels, type AttemptChannel } from '../domain/compliance/index.js';
import { AppError } from '../domain/errors.js';
import {
  applyOutcome, barrierReasonLabel, cadenceRunStart, checkReasonForOutcome, countUnansweredAttempts, parseOutcomeLabel, undoDeadline, type BarrierReasonKey, type OutcomeKey,
  type OutcomeLabel,
} from '../domain/outcomes/index.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import {
  caseAttemptOutcomes, closeCaseItems, findCaseById, findOpenCaseOfPatient, insertAttempt, insertEscalation, markContactPointInvalid, moveCase,
  userNames, type CaseMove, type CaseWithPatient,
} from '../db/queries/cases.js';
import { contactPointValidity, openItemIdsOfCase, undoRecordToJson, wrongNumberReason, type CaseWorkFields } from '../db/queries/outcome-undo.js';
import { findPatientId } from '../db/queries/gate-facts.js';
import { isHeldOutOnly } from '../db/queries/held-out-items.js';
import { loadGateFactsFor } from '../db/queries/gate-facts-bulk.js';
import { findUserByEmail, findUserById } from '../db/queries/users.js';
import { authorizeTouch, type AuthorizeTouchResult } from './authorize-touch.js';
import { findCall, setCallOutcomeAttempt } from '../db/queries/calls.js';
import type { Deps } from './deps.js';
import { loadEngineContext } from './shared/engine-context.js';
import { recordOptOut } from './record-opt-out.js';

export interface RecordOutcomeRequest {
  /** The patient (source id or Recare id) whose open case the outcome is for … */
  patient?: string;
  /** … or the case itself. */
  caseId?: number;
  /** A label from the vocabulary ("No answer", "Not ready — call later") or its key. */
  outcome: string;
  callbackAt?: Date | null;
  note?: string | null;
  /**
   * Why the patient declined, is not ready or opted out: a key or label of the barrier reasons
   * (domain/outcomes/barrier-reasons.ts); optional, and only with those outcomes.
   */
  reason?: string | null;
  /** The channel the touch used (default: the case's next channel, else a call); 'voicemail' for a voicemail drop. */
  channel?: AttemptChannel | 'voicemail';
  /** The call through the voice provider this outcome is for: its start was the touch, so this attempt takes its place in the caps. */
  callId?: number | null;
  /** A voicemail drop: the template left and the SHA-256 of what was left. */
  templateKey?: string | null;
  contentSha256?: string | null;
  /** The gate's decision already stored for this very touch (the voicemail drop asked before playing it); else the gate is asked here. */
  authorization?: AuthorizeTouchResult;
  /** Who recorded it: a user id (HTTP) or an email / id (CLI `--user`). */
  actorUserId?: number | null;
  user?: string | null;
  /** The caller's location scope (HTTP); a case outside it is "not found". */
  scope?: LocationScope;
}

export interface RecordOutcomeResult {
  attemptId: number;
  caseId: number;
  patientId: string;
  outcome: { key: OutcomeKey; label: OutcomeLabel };
  /** The reason given with the outcome, or null. */
  reason: { key: BarrierReasonKey; label: string } | null;
  state: string;
  nextStep: string | null;
  nextActionAt: string | null;
  owner: { kind: 'anyone' } | { kind: 'user'; userId: number } | { kind: 'queue'; queue: string };
  escalation: { id: number; queue: string; dueAt: string } | null;
  closedReason: string | null;
  optedOut: boolean;
  compliance: { decisionId: number; allowed: boolean; reasons: string[] };
  /** When it was recorded, and until when the person who recorded it may undo it (POST /api/attempts/:id/undo); null for "Opted out", which stands. */
  recordedAt: string;
  undoUntil: string | null;
  /** Things staff should know: the gate did not allow this touch, a voicemail was left against a no-voicemail request. */
  warnings: string[];
  explanation: string;
}

export const maxNoteLength = 500;

export async function recordOutcome(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: RecordOutcomeRequest): Promise<RecordOutcomeResult> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const parsed = parseOutcomeLabel(request.outcome);
  if (!parsed.ok) throw new AppError('invalid_input', parsed.message, [{ path: 'outcome', value: request.outcome, message: 'not an outcome' }]);
  const note = request.note?.trim() || null;
  if (note !== null && note.length > maxNoteLength) {
    throw new AppError('invalid_input', `The note is ${note.length} characters; notes are short: at most ${maxNoteLength}. Put longer text in the practice system.`, [{ path: 'note', message: `at most ${maxNoteLength} characters` }]);
  }
  const reasonCheck = checkReasonForOutcome(parsed, request.reason);
  if (!reasonCheck.ok) throw new AppError('invalid_input', reasonCheck.message, [{ path: 'reason', value: request.reason, message: reasonCheck.message }]);
  const reason = reasonCheck.reason;
  const callbackAt = request.callbackAt ?? null;
  if (parsed.key === 'callback_requested') {
    if (callbackAt === null) {
      throw new AppError('invalid_input', '"Callback requested" needs the time the patient asked for: --callback-at 2026-11-25T10:30:00-05:00 (API: callbackAt).', [{ path: 'callbackAt', message: 'required for "Callback requested"' }]);
    }
    if (callbackAt.getTime() < now.getTime() - 5 * 60_000) {
      throw new AppError('invalid_input', `The callback time ${callbackAt.toISOString()} is in the past (now ${now.toISOString()}); give the time the patient asked to be called.`, [{ path: 'callbackAt', value: callbackAt.toISOString(), message: 'must not be in the past' }]);
    }
  } else if (callbackAt !== null) {
    throw new AppError('invalid_input', `A callback time goes with "Callback requested" only; "${parsed.label}" takes none.`, [{ path: 'callbackAt', value: callbackAt.toISOString(), message: 'only for "Callback requested"' }]);
  }

  const actorUserId = await resolveActor(deps, request);
  const theCase = await findTheCase(deps, request);
  const context = await loadEngineContext(deps);
  const lapsed = new Date(now.getTime() - context.settings.claimMinutes * 60_000);
  if (theCase.claimedBy !== null && theCase.claimedBy !== actorUserId && theCase.claimedAt !== null && theCase.claimedAt > lapsed) {
    const names = await userNames(db, [theCase.claimedBy]);
    throw new AppError('conflict', `Case #${theCase.id} is being worked by ${names.get(theCase.claimedBy) ?? 'another user'} (user ${theCase.claimedBy}) since ${theCase.claimedAt.toISOString()}; record the outcome as that user, or wait until the claim lapses at ${new Date(theCase.claimedAt.getTime() + context.settings.claimMinutes * 60_000).toISOString()}.`);
  }
  const lead = (theCase.leadProgramKey ? context.programByKey.get(theCase.leadProgramKey) : undefined)?.program
    ?? context.enabled.find((p) => theCase.programKeys.includes(p.key));
  if (!lead) throw new AppError('conflict', `Case #${theCase.id} has no recall program to follow (its reasons: ${theCase.programKeys.join(', ') || 'none'}); run \`recare plan\` and try again.`);
  const calendar = context.calendarOf(theCase.locationId ?? theCase.patientLocationId);
  const channel = request.channel ?? theCase.nextChannel ?? 'voice';

  const call = request.callId ? await findCall(db, request.callId) : undefined;
  if (request.callId && (!call || call.case_id !== theCase.id)) throw new AppError('not_found', `No call #${request.callId} on case #${theCase.id}.`);
  if (call && call.outcome_attempt_id !== null) {
    throw new AppError('conflict', `The outcome of call #${call.id} is already recorded (attempt #${call.outcome_attempt_id}); undo it first to record another.`);
  }
  // The gate, at the moment of the touch, for a staff touch; the decision is stored whatever it says.
  // A call's own start attempt is this touch, not an earlier one the caps count.
  const authorization = request.authorization ?? await authorizeTouch(deps, {
    patient: { recareId: theCase.patientId }, channel, purpose: lead.purpose, automated: false, programKey: lead.key, actorUserId, excludeAttemptId: call?.attempt_id ?? null,
  });
  const warnings: string[] = [];
  if (!authorization.decision.allowed) {
    warnings.push(`The contact gate did not allow this ${channel} touch at ${now.toISOString()}: ${authorization.decision.reasons.map((r) => r.message).join(' ')} The attempt is recorded with that decision (#${authorization.decisionId}).`);
  }
  if (parsed.key === 'left_message' && !authorization.decision.mayLeaveVoicemail) {
    warnings.push('The patient asked for no voicemail; do not leave messages for this patient.');
  }

  const outcomes = await caseAttemptOutcomes(db, theCase.id, cadenceRunStart(theCase));
  const facts = (await loadGateFactsFor(db, [theCase.patientId], now)).get(theCase.patientId);
  const effect = applyOutcome(
    {
      state: theCase.state, ownerUserId: theCase.ownerUserId, ownerQueue: theCase.ownerQueue, cadenceStep: theCase.cadenceStep,
      unansweredAttempts: countUnansweredAttempts(outcomes), firstAttemptAt: theCase.firstAttemptAt,
      outreachStartsAt: theCase.outreachStartsAt ?? theCase.openedAt, outreachEndsAt: theCase.outreachEndsAt,
    },
    parsed.key,
    {
      now, actorUserId, callbackAt, cadence: lead.cadence, calendar,
      policy: {
        ...(context.settings.softDeclineSnoozeDays !== undefined ? { softDeclineSnoozeDays: context.settings.softDeclineSnoozeDays } : {}),
        ...(context.settings.unreachableAfterAttempts !== undefined ? { unreachableAfterAttempts: context.settings.unreachableAfterAttempts } : {}),
      },
      // The next step's channel by the gate's own rules: never a number that opted out, never a promotion without written consent.
      consentedChannels: facts ? openChannels(facts, { purpose: lead.purpose, programKey: lead.key, automated: false }, context.contactPolicy, bundledRules, now) : [],
    },
  );

  let optedOut = false;
  if (effect.optOutRequested) {
    await recordOptOut(deps, { patient: { recareId: theCase.patientId }, contactPointId: null, channel: null, purposeClass: null, via: 'staff', evidence: `outcome "Opted out" on case #${theCase.id}`, actorUserId });
    optedOut = true;
  }

  const owner = effect.owner;
  const planned: CaseMove = {
    state: effect.nextState,
    ownerUserId: owner.kind === 'user' ? owner.userId : null,
    ownerQueue: owner.kind === 'queue' ? owner.queue : null,
    nextStep: effect.nextStep, nextChannel: effect.nextChannel, nextActionAt: effect.nextActionAt,
    priority: storedPriorityWithCallback(theCase.priority, effect.nextStep === 'callback'),
    cadenceStep: effect.cadenceStep, unansweredAttempts: effect.unansweredAttempts,
    firstAttemptAt: theCase.cadenceStep === 0 || theCase.firstAttemptAt === null ? now : theCase.firstAttemptAt,
    closedReason: effect.nextState === 'closed' ? effect.closeReason ?? null : null,
    closedAt: effect.nextState === 'closed' ? now : null,
    snoozedUntil: effect.nextState === 'snoozed' ? effect.nextActionAt : null,
  };
  // A patient held out from outreach (every open item): staff answered them, but the cadence plans no
  // touch after it; a callback they asked for stays (domain/cases/held-out-step.ts).
  const move = await isHeldOutOnly(db, theCase.id) ? heldOutNextStep(planned, planned.state) : planned;
  const closesItems = effect.nextState === 'closed' && effect.closeReason !== undefined;
  const invalidates = effect.contactPointInvalid === true && authorization.contactPointId !== null;
  const recorded = await deps.store.transaction(async (tx) => {
    // Everything the outcome is about to change is read first and stored with the attempt (the
    // attempt cannot be updated later), so an undo within the window puts back exactly this.
    const closedItemIds = closesItems ? await openItemIdsOfCase(tx.db, theCase.id) : [];
    const pointBefore = invalidates ? await contactPointValidity(tx.db, authorization.contactPointId as number) : undefined;
    const escalation = effect.escalation
      ? { id: await insertEscalation(tx.db, { caseId: theCase.id, patientId: theCase.patientId, queue: effect.escalation.queue, reason: effect.escalation.reason, dueAt: effect.escalation.dueAt, createdBy: actorUserId, createdAt: now }), ...effect.escalation }
      : null;
    const attemptId = await insertAttempt(tx.db, {
      caseId: theCase.id, patientId: theCase.patientId, contactPointId: authorization.contactPointId, channel, actorUserId, purpose: lead.purpose,
      programKeys: theCase.programKeys, complianceDecisionId: authorization.decisionId, outcome: parsed.key, note, reason, callbackAt, occurredAt: now,
      templateKey: request.templateKey ?? null, contentSha256: request.contentSha256 ?? null, providerMessageId: call?.provider_sid ?? null,
      undo: effect.optOutRequested ? null : undoRecordToJson({
        caseId: theCase.id,
        before: workFieldsOf(theCase),
        after: { ...move, claimedBy: null, claimedAt: null, updatedAt: now },
        closedItemIds, closedItemsReason: closesItems ? effect.closeReason ?? null : null,
        escalationId: escalation?.id ?? null,
        invalidatedContactPoint: pointBefore && invalidates
          ? { id: authorization.contactPointId as number, wasValid: pointBefore.isValid, invalidReason: pointBefore.invalidReason }
          : null,
      }),
    });
    if (call && !await setCallOutcomeAttempt(tx.db, call.id, attemptId, now)) {
      throw new AppError('conflict', `The outcome of call #${call.id} was recorded by someone else a moment ago; reload the case.`);
    }
    const moved = await moveCase(tx.db, theCase.id, theCase.updatedAt, move, now);
    if (!moved) throw new AppError('conflict', `Case #${theCase.id} changed while this outcome was being recorded (another outcome or a re-plan); reload it and record the outcome again.`);
    if (closesItems && effect.closeReason) await closeCaseItems(tx.db, theCase.id, effect.closeReason, now);
    if (invalidates) await markContactPointInvalid(tx.db, authorization.contactPointId as number, wrongNumberReason(attemptId), now);
    await appendAuditEvent(tx.db, {
      actorUserId, actorKind: actorUserId === null ? 'cli' : 'user', action: 'case.outcome', entityType: 'case', entityId: String(theCase.id), patientId: theCase.patientId,
      remoteAddress: null, details: { attemptId, outcome: parsed.key, reason, state: effect.nextState, decisionId: authorization.decisionId, escalationId: escalation?.id ?? null },
    });
    return { attemptId, escalation };
  });
  deps.log.info({ caseId: theCase.id, patientId: theCase.patientId, attemptId: recorded.attemptId, outcome: parsed.key, state: effect.nextState, decisionId: authorization.decisionId }, 'outcome recorded');
  return {
    attemptId: recorded.attemptId, caseId: theCase.id, patientId: theCase.patientExternalId, outcome: { key: parsed.key, label: parsed.label },
    reason: reason === null ? null : { key: reason, label: barrierReasonLabel(reason) },
    state: effect.nextState, nextStep: move.nextStep, nextActionAt: move.nextActionAt?.toISOString() ?? null,
    owner: owner.kind === 'user' ? { kind: 'user', userId: owner.userId } : owner.kind === 'queue' ? { kind: 'queue', queue: owner.queue } : { kind: 'anyone' },
    escalation: recorded.escalation ? { id: recorded.escalation.id, queue: recorded.escalation.queue, dueAt: recorded.escalation.dueAt.toISOString() } : null,
    closedReason: effect.nextState === 'closed' ? effect.closeReason ?? null : null,
    optedOut,
    compliance: { decisionId: authorization.decisionId, allowed: authorization.decision.allowed, reasons: authorization.decision.reasons.map((r) => r.message) },
    recordedAt: now.toISOString(),
    undoUntil: effect.optOutRequested ? null : undoDeadline(parsed.key, now)?.toISOString() ?? null,
    warnings,
    explanation: effect.explanation,
  };
}

function workFieldsOf(c: CaseWithPatient): CaseWorkFields {
  return {
    state: c.state, ownerUserId: c.ownerUserId, ownerQueue: c.ownerQueue, claimedBy: c.claimedBy, claimedAt: c.claimedAt, nextStep: c.nextStep,
    nextChannel: c.nextChannel, nextActionAt: c.nextActionAt, priority: c.priority, cadenceStep: c.cadenceStep, unansweredAttempts: c.unansweredAttempts,
    firstAttemptAt: c.firstAttemptAt, closedReason: c.closedReason, closedAt: c.closedAt, snoozedUntil: c.snoozedUntil,
  };
}

async function resolveActor(deps: Pick<Deps, 'store'>, request: RecordOutcomeRequest): Promise<number | null> {
  if (request.actorUserId !== undefined && request.actorUserId !== null) return request.actorUserId;
  if (!request.user) return null;
  const reference = request.user.trim();
  const user = /^\d+$/.test(reference) ? await findUserById(deps.store.db, Number(reference)) : await findUserByEmail(deps.store.db, reference);
  if (!user || user.disabledAt) throw new AppError('not_found', `No active user ${JSON.stringify(reference)}; give the email of a Recare user (or leave --user out).`);
  return user.id;
}

/** Scope before state: a case of another office answers exactly like one that does not exist, whatever its state. */
async function findTheCase(deps: Pick<Deps, 'store'>, request: RecordOutcomeRequest): Promise<CaseWithPatient> {
  const { db } = deps.store;
  if (request.caseId !== undefined) {
    const found = await findCaseById(db, request.caseId);
    if (!found || (request.scope && !inScope(request.scope, found.patientLocationId))) {
      throw new AppError('not_found', `No case #${request.caseId}${request.scope ? ' is visible to you' : ''}.`);
    }
    if (found.state === 'closed') throw new AppError('conflict', `Case #${request.caseId} is closed (${found.closedReason ?? 'closed'}); outcomes go on open cases.`);
    return found;
  }
  if (!request.patient) throw new AppError('invalid_input', 'Name the patient (--patient ID) or the case whose outcome this is.', [{ path: 'patient', message: 'required' }]);
  const patientId = await findPatientId(db, request.patient, request.scope);
  if (patientId === undefined) throw new AppError('not_found', `No patient has the id ${JSON.stringify(request.patient)}${request.scope ? ' in your offices' : ''}. Use the practice-management system's patient id (e.g. D0000042) or Recare's numeric id.`);
  const found = await findOpenCaseOfPatient(db, patientId);
  if (!found) {
    throw new AppError('not_found', `Patient ${request.patient} has no open case, so there is nothing to record an outcome on. \`recare explain --patient ${request.patient}\` says why.`);
  }
  return found;
}

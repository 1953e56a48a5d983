/**
 * One outbox entry from claim to provider answer, in the order that makes a crash harmless:
 *   1. re-check that it should still go (suppression), pace it, and ask the gate (the decision is stored);
 *   2. render it and check the rendered text;
 *   3. record the attempt (append-only, keyed by the entry) and mark the entry "sending", in one transaction;
 *   4. re-check pause and opt-outs, then call the provider;
 *   5. record the provider's answer.
 * A worker that dies after 3 leaves a "sending" row whose lease runs out; whoever takes it over asks
 * the provider first (reconcile) and only sends when the provider has no such message.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { OutboundMessage, SendResult } from '../../channels/channel.js';
import { advanceDelivery } from '../../domain/messaging/delivery-progress.js';
import { sendingSlot } from '../../domain/messaging/send-pacing.js';
import { maxSendTries, retryDelaySeconds } from '../../domain/messaging/retry-backoff.js';
import { suppressionReason } from '../../domain/messaging/suppression.js';
import { timeDependentCodes, openChannels, bundledRules } from '../../domain/compliance/index.js';
import { applyOutcome, cadenceRunStart, countUnansweredAttempts } from '../../domain/outcomes/index.js';
import { caseAttemptOutcomes, insertAttempt, markContactPointInvalid, moveCase, type CaseMove } from '../../db/queries/cases.js';
import type { PatientGateFacts } from '../../db/queries/gate-facts.js';
import { loadMessageRecipient, type MessageRecipient } from '../../db/queries/message-recipient.js';
import { deferHeld, lastLookBeforeSend, lockDeliveryOf, nextAppointmentOf, providerIdsSentTo, secretMask, skipHeld, updateHeld, type OutboxRow } from '../../db/queries/outbox.js';
import { readDemoMode } from '../../db/queries/demo-mode.js';
import { loadSuppressionFacts } from '../../db/queries/suppression-facts.js';
import { insertUnsubscribeLink } from '../../db/queries/unsubscribe-links.js';
import { authorizeTouch } from '../authorize-touch.js';
import { recordOptOut } from '../record-opt-out.js';
import { loadEngineContext, type EngineContext } from '../shared/engine-context.js';
import type { MessagingDeps } from './messaging-deps.js';
import { htmlOf, renderOutbound } from './render-outbound.js';
import { showFailureOnCase } from './show-failure-on-case.js';

export type HandOffResult = 'sent' | 'deferred' | 'skipped' | 'failed' | 'retrying' | 'reconciled' | 'uncertain' | 'lost-lease';

/** The demo clinic's made-up portal (example.com is reserved for examples, RFC 2606). */
const demoPortalUrl = 'https://portal.example.com';

/** A message waiting for a person (a claim on its case, an unanswered reply) is looked at again this much later. */
const lookAgainMs = 15 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What one dispatch pass reads once for all its entries. */
export interface DispatchPass {
  engine: EngineContext;
  demoMode: boolean;
}

export async function loadDispatchPass(deps: Pick<MessagingDeps, 'store'>): Promise<DispatchPass> {
  const [engine, demoMode] = await Promise.all([loadEngineContext(deps), readDemoMode(deps.store.db)]);
  return { engine, demoMode };
}

export async function handOff(deps: MessagingDeps, entry: OutboxRow, given?: DispatchPass): Promise<HandOffResult> {
  await deps.onStep?.('claimed', entry.id);
  const pass = given ?? await loadDispatchPass(deps);
  const { engine } = pass;
  if (entry.state === 'sending') return resume(deps, entry, engine);
  if (entry.channel === 'letter') return 'deferred';
  if (entry.attempt_id !== null) return retry(deps, entry, engine);
  const { db } = deps.store;
  const now = deps.clock.now();
  const worker = deps.workerId;

  // 1. Should it still go? (The pause is looked at just before the provider call, for every message.)
  const { theCase, appointment, calendar, reason: hold } = await suppressionNow(deps, entry, engine, now, false);
  if (hold?.verdict === 'wait') {
    await deferHeld(db, entry.id, worker, new Date(now.getTime() + lookAgainMs), `waiting: ${hold.reason}`, now);
    return 'deferred';
  }
  if (hold) {
    await skipHeld(db, entry.id, worker, `skipped: ${hold.reason}`, now);
    return 'skipped';
  }
  if (entry.origin === 'cadence') {
    const slot = sendingSlot(calendar, now, entry.key, deps.messaging.pacing);
    if (slot.getTime() > now.getTime() + 30_000) {
      await deferHeld(db, entry.id, worker, slot, `paced: goes out ${DateTime.fromJSDate(slot, { zone: calendar.timeZone }).toFormat('ccc HH:mm')} office time`, now);
      return 'deferred';
    }
  }

  let decisionId: number | null = null;
  let contactPointId: number | null = entry.contact_point_id;
  let to = entry.to_address;
  let facts: PatientGateFacts | undefined;
  if (entry.patient_id !== null && entry.origin !== 'reply') {
    const authorization = await authorizeTouch(deps, {
      patient: { recareId: entry.patient_id }, channel: entry.channel, purpose: entry.purpose, automated: entry.origin === 'cadence', programKey: entry.program_key,
      actorUserId: entry.created_by,
    });
    decisionId = authorization.decisionId;
    const { decision } = authorization;
    if (!decision.allowed) {
      const onlyTime = decision.reasons.every((r) => timeDependentCodes.has(r.code));
      const words = decision.reasons.map((r) => r.message).join(' ');
      if (onlyTime && decision.nextAllowedAt) {
        const at = entry.origin === 'cadence' ? sendingSlot(calendar, decision.nextAllowedAt, entry.key, deps.messaging.pacing) : decision.nextAllowedAt;
        await updateHeld(db, entry.id, worker, { state: 'due', next_try_at: at, reason: `waiting: ${words}`, compliance_decision_id: decisionId, lease_owner: null, lease_until: null }, now);
        return 'deferred';
      }
      await updateHeld(db, entry.id, worker, { state: 'skipped', reason: `skipped: the contact gate said no: ${words}`, compliance_decision_id: decisionId, lease_owner: null, lease_until: null }, now);
      return 'skipped';
    }
    contactPointId = authorization.contactPointId;
    to = authorization.contactPointValue;
    facts = authorization.facts;
  }
  if (!to) {
    await skipHeld(db, entry.id, worker, 'skipped: no number or address to send to', now);
    return 'skipped';
  }

  // 2. Render.
  const recipient = entry.patient_id !== null ? await loadMessageRecipient(db, entry.patient_id, entry.location_id) : undefined;
  const { demoMode } = pass;
  const portalUrl = deps.messaging.portalUrl ?? (demoMode ? demoPortalUrl : null);
  const rendered = recipient
    ? await renderOutbound(db, entry, recipient, entry.purpose === 'appointment_reminder' || entry.origin === 'staff' ? appointment ?? null : null, portalUrl, { baseUrl: deps.messaging.publicBaseUrl, now })
    : entry.body ? { ok: true as const, text: entry.body, subject: entry.subject, html: null, secret: entry.secret } : { ok: false as const, reason: 'the message has no text' };
  if (!rendered.ok) {
    await updateHeld(db, entry.id, worker, { state: 'skipped', reason: `skipped: ${rendered.reason}`, compliance_decision_id: decisionId, lease_owner: null, lease_until: null }, now);
    return 'skipped';
  }

  // 3. Record the attempt before anything leaves; the case moves on as after a message left.
  const provider = deps.providers.forChannel(entry.channel, demoMode);
  const contentSha256 = sha256(`${rendered.subject ?? ''}\n${rendered.text}`);
  const recorded = await deps.store.transaction(async (tx) => {
    let attemptId: number | null = null;
    // A HELP answer or a STOP confirmation is not outreach: the outbox row records it, and it counts against no cap.
    if (entry.patient_id !== null && entry.origin !== 'reply') {
      let move: CaseMove | null = null;
      if (entry.origin === 'cadence' && theCase) {
        const lead = theCase.leadProgramKey ? engine.programByKey.get(theCase.leadProgramKey)?.program : undefined;
        if (lead) {
          const effect = applyOutcome(
            {
              state: theCase.state, ownerUserId: theCase.ownerUserId, ownerQueue: theCase.ownerQueue, cadenceStep: theCase.cadenceStep,
              unansweredAttempts: countUnansweredAttempts(await caseAttemptOutcomes(tx.db, theCase.id, cadenceRunStart(theCase))), firstAttemptAt: theCase.firstAttemptAt,
              outreachStartsAt: theCase.outreachStartsAt ?? theCase.openedAt, outreachEndsAt: theCase.outreachEndsAt,
            },
            'left_message',
            {
              now, actorUserId: null, cadence: lead.cadence, calendar,
              policy: engine.settings.unreachableAfterAttempts !== undefined ? { unreachableAfterAttempts: engine.settings.unreachableAfterAttempts } : {},
              consentedChannels: facts ? openChannels(facts, { purpose: lead.purpose, programKey: lead.key, automated: false }, engine.contactPolicy, bundledRules, now) : [],
            },
          );
          const owner = effect.owner;
          move = {
            state: effect.nextState, ownerUserId: owner.kind === 'user' ? owner.userId : null, ownerQueue: owner.kind === 'queue' ? owner.queue : null,
            nextStep: effect.nextStep, nextChannel: effect.nextChannel, nextActionAt: effect.nextActionAt, priority: theCase.priority,
            cadenceStep: effect.cadenceStep, unansweredAttempts: effect.unansweredAttempts, firstAttemptAt: theCase.firstAttemptAt ?? now,
            closedReason: effect.nextState === 'closed' ? effect.closeReason ?? null : null, closedAt: effect.nextState === 'closed' ? now : null,
            snoozedUntil: null,
          };
          if (!await moveCase(tx.db, theCase.id, theCase.updatedAt, move, now)) return null;
        }
      }
      attemptId = await insertAttempt(tx.db, {
        caseId: entry.case_id, patientId: entry.patient_id, contactPointId, channel: entry.channel, actorUserId: entry.created_by,
        actorKind: entry.origin === 'staff' ? 'staff' : 'automation', purpose: entry.purpose, programKeys: entry.program_key ? [entry.program_key] : [],
        complianceDecisionId: decisionId, outcome: move ? 'left_message' : null, note: null, callbackAt: null, occurredAt: now, undo: null,
        idempotencyKey: entry.key, templateKey: entry.template_key, contentSha256,
      });
    }
    const held = await updateHeld(tx.db, entry.id, worker, {
      state: 'sending', handed_off_at: now, attempt_id: attemptId, compliance_decision_id: decisionId, contact_point_id: contactPointId, to_address: to,
      body: rendered.text, secret: rendered.secret, subject: rendered.subject, content_sha256: contentSha256, provider: provider.name, tries: entry.tries + 1, reason: null,
      lease_until: new Date(now.getTime() + deps.messaging.leaseSeconds * 1000),
    }, now);
    if (!held) throw new LostLease();
    return { attemptId };
  }).catch((error: unknown) => { if (error instanceof LostLease) return 'lost' as const; throw error; });
  if (recorded === 'lost') return 'lost-lease';
  if (recorded === null) {
    // The case changed under us (an outcome, a re-plan): look again on the next pass.
    await deferHeld(db, entry.id, worker, now, 'waiting: the case changed while the message was prepared', now);
    return 'deferred';
  }
  await deps.onStep?.('attempt-recorded', entry.id);
  const sending: OutboxRow = { ...entry, state: 'sending', handed_off_at: now, attempt_id: recorded.attemptId, contact_point_id: contactPointId, to_address: to, body: rendered.text, secret: rendered.secret, subject: rendered.subject, provider: provider.name, tries: entry.tries + 1, updated_at: now };
  return callProvider(deps, sending, rendered.html, recipient);
}

class LostLease extends Error {}

/** A "sending" entry taken over from a worker that stopped: ask the provider before sending again. */
async function resume(deps: MessagingDeps, entry: OutboxRow, engine: EngineContext): Promise<HandOffResult> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const provider = entry.provider ? deps.providers.byName(entry.channel === 'email' ? 'email' : 'sms', entry.provider) : undefined;
  if (!provider || entry.channel === 'letter') {
    await updateHeld(db, entry.id, deps.workerId, { state: 'failed', reason: `not sent: provider "${entry.provider ?? '?'}" is no longer configured; retry from the Outbox`, error_code: 'provider_gone', lease_owner: null, lease_until: null }, now);
    return 'failed';
  }
  const claimed = entry.to_address ? await providerIdsSentTo(db, entry.to_address, entry.id) : new Set<string>();
  const answer = await provider.reconcile(await outboundOf(deps, entry), claimed);
  if (answer.found === true) {
    await recordAnswer(deps, entry, { ok: true, providerMessageId: answer.providerMessageId, state: answer.state });
    return 'reconciled';
  }
  if (answer.found === 'unknown') {
    await updateHeld(db, entry.id, deps.workerId, { state: 'failed', reason: `uncertain: the sender stopped while handing this over and ${answer.reason}; not sent again to avoid a duplicate. Check with the patient, then retry or dismiss.`, error_code: 'uncertain', lease_owner: null, lease_until: null }, now);
    return 'uncertain';
  }
  const held = await heldSinceHandOff(deps, entry, engine);
  if (held) return held;
  // Twilio does not have it: from here on it is a retry, asked again like one.
  const notNow = await gateAgain(deps, entry, engine);
  if (notNow) return notNow;
  return handOverAgain(deps, entry);
}

/**
 * Another try after a transient failure that never reached the provider (429, no connection): the
 * attempt was recorded and the case moved on the first try, so neither happens again (the case's newer
 * step is this message's own doing, not a reason to drop it). "sending" is stored before the provider
 * is called, so a crash during this try is reconciled like any other.
 */
async function retry(deps: MessagingDeps, entry: OutboxRow, engine: EngineContext): Promise<HandOffResult> {
  const held = await heldSinceHandOff(deps, entry, engine);
  if (held) return held;
  const notNow = await gateAgain(deps, entry, engine);
  if (notNow) return notNow;
  return handOverAgain(deps, entry);
}

/**
 * Another hand-over of a message whose attempt is already recorded: counted (so the backoff grows and a
 * provider that keeps failing ends in "failed"), marked "sending" from now with a fresh lease (so a
 * crash during it is reconciled from this instant), then sent.
 */
async function handOverAgain(deps: MessagingDeps, entry: OutboxRow): Promise<HandOffResult> {
  const now = deps.clock.now();
  const text = await textToSendAgain(deps, entry, now);
  if (!text.ok) {
    await updateHeld(deps.store.db, entry.id, deps.workerId, { state: 'skipped', reason: `skipped: ${text.reason}`, lease_owner: null, lease_until: null }, now);
    return 'skipped';
  }
  const change = {
    state: 'sending' as const, tries: entry.tries + 1, handed_off_at: now, lease_until: new Date(now.getTime() + deps.messaging.leaseSeconds * 1000),
    ...(text.rendered ? { body: text.rendered.text, secret: text.rendered.secret, subject: text.rendered.subject } : {}),
  };
  if (!await updateHeld(deps.store.db, entry.id, deps.workerId, change, now)) return 'lost-lease';
  const sending = { ...entry, ...change };
  return callProvider(deps, sending, sending.channel === 'email' && sending.body ? htmlOf(sending.body) : null);
}

/**
 * The text for another hand-over: the stored one, unless its link was masked when the message last
 * ended (a Retry from the Outbox after it failed): then it is rendered again, with a fresh link, since
 * the masked one would reach the patient dead.
 */
async function textToSendAgain(deps: MessagingDeps, entry: OutboxRow, now: Date): Promise<{ ok: true; rendered: { text: string; secret: string | null; subject: string | null } | null } | { ok: false; reason: string }> {
  if (entry.secret !== null || !entry.body?.includes(secretMask)) return { ok: true, rendered: null };
  const { db } = deps.store;
  const recipient = entry.patient_id !== null ? await loadMessageRecipient(db, entry.patient_id, entry.location_id) : undefined;
  if (!recipient || entry.patient_id === null) return { ok: false, reason: 'its one-time link was removed after it ended, and the patient is no longer on file to write a new one' };
  const appointment = entry.purpose === 'appointment_reminder' || entry.origin === 'staff' ? await nextAppointmentOf(db, entry.patient_id, now) : undefined;
  const demoMode = await readDemoMode(db);
  const rendered = await renderOutbound(db, entry, recipient, appointment ?? null, deps.messaging.portalUrl ?? (demoMode ? demoPortalUrl : null), { baseUrl: deps.messaging.publicBaseUrl, now });
  return rendered.ok ? { ok: true, rendered } : { ok: false, reason: rendered.reason };
}

/**
 * Whether the entry should still go, now: its case, the patient's next appointment and the office
 * calendar, with the suppression rule's answer. A message taken up after its hand-off (a retry, a
 * stopped worker's entry) moved its own case on, so the case's newer step is no reason to drop it.
 */
export type SuppressionSubject = Pick<OutboxRow, 'case_id' | 'origin' | 'patient_id' | 'location_id' | 'purpose' | 'cadence_step' | 'channel' | 'created_at'>;

export async function suppressionNow(deps: Pick<MessagingDeps, 'store'>, entry: SuppressionSubject, engine: EngineContext, now: Date, afterOwnAttempt: boolean) {
  const { theCase, appointment, awaitingReply } = await loadSuppressionFacts(deps.store.db, {
    caseId: entry.case_id, appointmentOf: entry.origin === 'cadence' || entry.origin === 'staff' ? entry.patient_id : null, now, withAwaitingReply: entry.origin === 'cadence',
  });
  const calendar = engine.calendarOf(entry.location_id ?? theCase?.locationId ?? null);
  const reason = suppressionReason(
    { origin: entry.origin, purpose: entry.purpose, cadenceStep: entry.cadence_step, channel: entry.channel, queuedAt: entry.created_at },
    theCase ? {
      ...theCase,
      ...(afterOwnAttempt ? { cadenceStep: entry.cadence_step ?? theCase.cadenceStep, nextChannel: entry.channel } : {}),
      workedByPerson: theCase.claimedBy !== null && theCase.claimedAt !== null && theCase.claimedAt.getTime() > now.getTime() - engine.settings.claimMinutes * 60_000,
      awaitingReply,
    } : null,
    appointment ? { startsAt: appointment.startsAt, localDate: DateTime.fromJSDate(appointment.startsAt, { zone: calendar.timeZone }).toISODate() ?? '' } : null,
    now,
  );
  return { theCase, appointment, calendar, reason };
}

/**
 * Suppression again for a message taken up after its hand-off (pause and opt-outs are looked at again
 * in callProvider, as for every message): null when it may go on, else what was done with it.
 */
async function heldSinceHandOff(deps: MessagingDeps, entry: OutboxRow, engine: EngineContext): Promise<HandOffResult | null> {
  if (entry.origin === 'test') return null;
  const now = deps.clock.now();
  const { reason: hold } = await suppressionNow(deps, entry, engine, now, true);
  if (!hold) return null;
  if (hold.verdict === 'wait') {
    // Nothing reached the provider: due again, its attempt kept for that try.
    await updateHeld(deps.store.db, entry.id, deps.workerId, { state: 'due', next_try_at: new Date(now.getTime() + lookAgainMs), reason: `waiting: ${hold.reason}`, lease_owner: null, lease_until: null }, now);
    return 'deferred';
  }
  await updateHeld(deps.store.db, entry.id, deps.workerId, { state: 'skipped', reason: `skipped: ${hold.reason}`, lease_owner: null, lease_until: null }, now);
  if (entry.attempt_id !== null) await appendAttemptEvent(deps, entry.attempt_id, 'failed', `not sent: ${hold.reason}`, now);
  return 'skipped';
}

/**
 * Pacing and the gate again for a message handed over later than its hand-off (a retry, a stopped
 * worker's entry), at this instant: the window may have closed, the number been marked invalid, consent
 * withdrawn. Its own recorded attempt is left out of the caps (it is this touch). Null: it may go now
 * (the new decision is stored with the entry); else the entry waits or is skipped, with the reason.
 */
async function gateAgain(deps: MessagingDeps, entry: OutboxRow, engine: EngineContext): Promise<HandOffResult | null> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const worker = deps.workerId;
  const calendar = engine.calendarOf(entry.location_id);
  const waitUntil = async (at: Date, reason: string, decisionId: number | null): Promise<HandOffResult> => {
    // Nothing reached the provider (reconciled, or refused before it): due again, its attempt kept for the next try.
    await updateHeld(db, entry.id, worker, { state: 'due', next_try_at: at, reason, ...(decisionId !== null ? { compliance_decision_id: decisionId } : {}), lease_owner: null, lease_until: null }, now);
    return 'deferred';
  };
  if (entry.origin === 'cadence') {
    const slot = sendingSlot(calendar, now, entry.key, deps.messaging.pacing);
    if (slot.getTime() > now.getTime() + 30_000) return waitUntil(slot, `paced: goes out ${DateTime.fromJSDate(slot, { zone: calendar.timeZone }).toFormat('ccc HH:mm')} office time`, null);
  }
  if (entry.patient_id === null || entry.origin === 'reply' || entry.origin === 'test') return null;
  const { decisionId, decision, contactPointId } = await authorizeTouch(deps, {
    patient: { recareId: entry.patient_id }, channel: entry.channel, purpose: entry.purpose, automated: entry.origin === 'cadence', programKey: entry.program_key, excludeAttemptId: entry.attempt_id,
  });
  let why: string;
  if (decision.allowed) {
    if (contactPointId === entry.contact_point_id) {
      await updateHeld(db, entry.id, worker, { compliance_decision_id: decisionId }, now);
      return null;
    }
    why = 'the number or address to use changed since the message was prepared; send it again from the case';
  } else {
    const words = decision.reasons.map((r) => r.message).join(' ');
    if (decision.nextAllowedAt && decision.reasons.every((r) => timeDependentCodes.has(r.code))) {
      const at = entry.origin === 'cadence' ? sendingSlot(calendar, decision.nextAllowedAt, entry.key, deps.messaging.pacing) : decision.nextAllowedAt;
      return waitUntil(at, `waiting: ${words}`, decisionId);
    }
    why = `the contact gate said no: ${words}`;
  }
  await updateHeld(db, entry.id, worker, { state: 'skipped', reason: `skipped: ${why}`, compliance_decision_id: decisionId, lease_owner: null, lease_until: null }, now);
  if (entry.attempt_id !== null) await appendAttemptEvent(deps, entry.attempt_id, 'failed', `not sent: ${why}`, now);
  return 'skipped';
}

/** What the provider is handed; the recipient (the office's name and address) is read here unless the caller has it. */
async function outboundOf(deps: MessagingDeps, entry: OutboxRow, html?: string | null, unsubscribeUrl?: string, known?: MessageRecipient): Promise<OutboundMessage> {
  const recipient = known ?? (entry.patient_id !== null ? await loadMessageRecipient(deps.store.db, entry.patient_id, entry.location_id) : undefined);
  const base = deps.messaging.publicBaseUrl;
  return {
    key: entry.key, channel: entry.channel === 'email' ? 'email' : 'sms', to: entry.to_address ?? '', text: entry.body ?? '',
    ...(entry.subject ? { subject: entry.subject } : {}), ...(html ? { html } : {}),
    from: { name: recipient?.office.senderName ?? recipient?.office.name ?? 'Recare', replyTo: recipient?.office.email ?? null },
    ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
    // Our key rides in the callback address (which the signature covers): a report that arrives before
    // the provider's answer was recorded still finds its message.
    ...(base && entry.channel === 'sms' ? { statusCallbackUrl: `${base}/webhooks/twilio/messages/status?k=${encodeURIComponent(entry.key)}` } : {}),
    recordedAt: entry.handed_off_at ?? entry.updated_at,
  };
}

async function callProvider(deps: MessagingDeps, entry: OutboxRow, html: string | null, recipient?: MessageRecipient): Promise<HandOffResult> {
  const { db } = deps.store;
  const now = deps.clock.now();
  // 4. The last look before the message leaves: a pause or an opt-out since the gate answered stops it.
  if (entry.origin === 'cadence' || entry.origin === 'staff') {
    // The gate answered at the hand-off (this process, moments ago): a pause or an opt-out since then stops it.
    const look = await lastLookBeforeSend(db, {
      patientId: entry.patient_id, to: entry.to_address, since: entry.handed_off_at ?? now, now,
      bookingStops: entry.origin === 'cadence' && entry.purpose !== 'appointment_reminder',
    });
    if (entry.origin === 'cadence' && look.paused) {
      // Not lost: due again once the pause is lifted, its attempt kept for that try (the gate is asked again then).
      await updateHeld(db, entry.id, deps.workerId, { state: 'due', next_try_at: new Date(now.getTime() + 60_000), reason: 'paused: a manager paused automated messages', lease_owner: null, lease_until: null }, now);
      return 'deferred';
    }
    const stopped = look.optedOut ? 'the patient opted out' : look.booked ? 'an appointment was booked' : null;
    if (stopped) {
      const why = stopped;
      await updateHeld(db, entry.id, deps.workerId, { state: 'skipped', reason: `skipped: ${why} just before it was sent`, lease_owner: null, lease_until: null }, now);
      if (entry.attempt_id !== null) await appendAttemptEvent(deps, entry.attempt_id, 'failed', `not sent: ${why}`, now);
      return 'skipped';
    }
  }
  let unsubscribeUrl: string | undefined;
  if (entry.channel === 'email' && entry.patient_id !== null && entry.contact_point_id !== null && deps.messaging.publicBaseUrl) {
    const token = randomBytes(32).toString('base64url');
    await insertUnsubscribeLink(db, { tokenSha256: sha256(token), patientId: entry.patient_id, contactPointId: entry.contact_point_id, outboxId: entry.id, now });
    unsubscribeUrl = `${deps.messaging.publicBaseUrl}/u/${token}`;
  }
  const provider = deps.providers.byName(entry.channel === 'email' ? 'email' : 'sms', entry.provider ?? '') ?? deps.providers.forChannel(entry.channel === 'email' ? 'email' : 'sms', false);
  const result = await provider.send(await outboundOf(deps, entry, html, unsubscribeUrl, recipient));
  await deps.onStep?.('provider-answered', entry.id);
  return recordAnswer(deps, entry, result);
}

async function appendAttemptEvent(deps: MessagingDeps, attemptId: number, status: 'queued' | 'sent' | 'delivered' | 'failed' | 'bounced', detail: string | null, at: Date): Promise<void> {
  await deps.store.db.insertInto('attempt_events').values({ attempt_id: attemptId, status, detail, occurred_at: at })
    .onConflict((c) => c.columns(['attempt_id', 'status']).doNothing()).execute();
}

/** 5. The provider's answer: sent, retry later, or a failure staff see on the case. */
async function recordAnswer(deps: MessagingDeps, entry: OutboxRow, result: SendResult): Promise<HandOffResult> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const worker = deps.workerId;
  if (result.ok) {
    await deps.store.transaction(async (tx) => {
      // A delivery report can land before the answer (its callback address carries our key): the state
      // only moves forward, and a failure it reported stays with its reason.
      const current = await lockDeliveryOf(tx.db, entry.id);
      const reportedFailure = current?.state === 'failed';
      await updateHeld(tx.db, entry.id, worker, {
        provider_message_id: result.providerMessageId, delivery_state: advanceDelivery(current?.delivery_state ?? null, result.state), sent_at: now, lease_owner: null, lease_until: null,
        ...(reportedFailure ? {} : { state: 'sent' as const, reason: null, error_code: null }),
      }, now);
      if (entry.attempt_id !== null) {
        await tx.db.insertInto('attempt_events').values({ attempt_id: entry.attempt_id, status: result.state === 'queued' ? 'queued' : 'sent', detail: `${entry.provider ?? ''} ${result.providerMessageId}`.trim(), occurred_at: now })
          .onConflict((c) => c.columns(['attempt_id', 'status']).doNothing()).execute();
      }
    });
    deps.log.info({ outboxId: entry.id, attemptId: entry.attempt_id, caseId: entry.case_id, channel: entry.channel, provider: entry.provider }, 'message handed to provider');
    return 'sent';
  }
  const { failure } = result;
  if (failure.class === 'transient') {
    if (entry.tries >= maxSendTries) {
      await failEntry(deps, entry, `not sent after ${entry.tries} tries: ${failure.message}`, failure.code, now);
      return 'failed';
    }
    const retryAt = new Date(now.getTime() + retryDelaySeconds(entry.tries, failure.retryAfterSeconds) * 1000);
    // Ambiguous: the provider may have the message; stay "sending" so the next try reconciles first.
    const change = result.ambiguous
      ? { state: 'sending' as const, lease_owner: worker, lease_until: retryAt }
      : { state: 'due' as const, next_try_at: retryAt, lease_owner: null, lease_until: null };
    await updateHeld(db, entry.id, worker, { ...change, reason: `retrying: ${failure.message}`, error_code: failure.code }, now);
    deps.log.warn({ outboxId: entry.id, code: failure.code, tries: entry.tries, ambiguous: result.ambiguous ?? false }, 'provider failed; will retry');
    return 'retrying';
  }
  // What the failure says about the patient first (a crash after it leaves the entry to be taken again,
  // never an entry marked failed without the opt-out or the invalid mark it carried).
  if (failure.class === 'opted_out' && entry.patient_id !== null && entry.contact_point_id !== null) {
    await recordOptOut(deps, { patient: { recareId: entry.patient_id }, contactPointId: entry.contact_point_id, channel: entry.channel === 'email' ? 'email' : null, purposeClass: null, via: entry.channel === 'email' ? 'email' : 'sms_keyword', evidence: `provider error ${failure.code} on outbox #${entry.id}` });
  } else if (failure.addressInvalid && entry.contact_point_id !== null) {
    await markContactPointInvalid(db, entry.contact_point_id, `provider error ${failure.code} on outbox #${entry.id}`, now);
  }
  await showFailureOnCase(db, entry, failure.class === 'opted_out' ? 'opted out' : failure.addressInvalid ? 'invalid address' : 'refused', failure.code, now);
  await failEntry(deps, entry, failure.class === 'opted_out' ? `not sent: the provider says the recipient opted out (${failure.code})` : `not sent: ${failure.message}`, failure.code, now);
  return 'failed';
}

async function failEntry(deps: MessagingDeps, entry: OutboxRow, reason: string, code: string, now: Date): Promise<void> {
  await updateHeld(deps.store.db, entry.id, deps.workerId, { state: 'failed', reason, error_code: code, delivery_state: 'failed', lease_owner: null, lease_until: null }, now);
  if (entry.attempt_id !== null) await appendAttemptEvent(deps, entry.attempt_id, 'failed', `${code}: ${reason}`, now);
  deps.log.warn({ outboxId: entry.id, attemptId: entry.attempt_id, caseId: entry.case_id, code }, 'message failed');
}

/**
 * An inbound text (a verified webhook, or the sandbox's simulated reply). STOP-class keywords record an
 * opt-out for that number, kept by the number and on every patient who has it, through the durable
 * path before the webhook is answered; a text that only reads like one ("stop texting me") does the same and is flagged for a
 * person. HELP is answered; START re-opts in. Anything else lands in the case's conversation and puts
 * the case at the top of the list as "patient replied". A number no patient has is kept in the shared
 * unmatched list.
 */
import { DateTime } from 'luxon';
import type { InboundMessage } from '../../channels/channel.js';
import { parseInboundKeyword, type InboundIntent } from '../../domain/compliance/index.js';
import { callbackPoints } from '../../domain/cases/priority.js';
import { displayPhone } from '../../domain/messages/index.js';
import { turnCaseToPerson } from '../../db/queries/case-for-a-person.js';
import { findOpenCaseOfPatient } from '../../db/queries/cases.js';
import { inboundStored, insertInbound, lastTextedPatient, patientsWithNumber } from '../../db/queries/inbound-messages.js';
import { loadMessageRecipient } from '../../db/queries/message-recipient.js';
import { insertNumberOptOut, revokeNumberOptOuts } from '../../db/queries/number-opt-outs.js';
import { insertOutboxEntry } from '../../db/queries/outbox.js';
import type { Deps } from '../deps.js';
import { recordOptIn } from '../record-opt-in.js';
import { recordOptOut } from '../record-opt-out.js';
import type { MessagingSettings } from './messaging-deps.js';

export interface InboundResult {
  inboundId: number | null;
  duplicate: boolean;
  intent: InboundIntent;
  patientIds: number[];
  caseId: number | null;
  optedOut: boolean;
}

const providerIntent = { stop: 'opt_out', start: 'opt_in', help: 'help' } as const;

export async function handleInboundMessage(
  deps: Pick<Deps, 'store' | 'clock' | 'log'> & { messaging: Pick<MessagingSettings, 'helpReply' | 'stopConfirmation'> },
  providerName: string,
  inbound: InboundMessage,
): Promise<InboundResult> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const keyword = parseInboundKeyword(inbound.body);
  const intent: InboundIntent = inbound.providerKeyword ? providerIntent[inbound.providerKeyword] : keyword.intent;
  const matches = await patientsWithNumber(db, inbound.from);
  const patientIds = [...new Set(matches.map((m) => m.patientId))];
  const patientId = patientIds.length === 1 ? patientIds[0] : await lastTextedPatient(db, patientIds, inbound.from);
  const theCase = patientId !== undefined ? await findOpenCaseOfPatient(db, patientId) : undefined;
  if (await inboundStored(db, providerName, inbound.providerMessageId)) return { inboundId: null, duplicate: true, intent, patientIds, caseId: theCase?.id ?? null, optedOut: false };
  // The opt-out first, through its durable path, before the message is stored: the stored row is what
  // makes a provider's retry a duplicate, so it must never exist without the opt-out it carried.
  let optedOut = false;
  if (intent === 'opt_out' || intent === 'possible_opt_out') {
    // Kept by the number too: it binds a patient who gets this number later, and a number no patient has yet.
    await insertNumberOptOut(db, inbound.from, now, `inbound message ${inbound.providerMessageId} (${intent === 'opt_out' ? 'keyword' : 'reads as an opt-out'})`);
    optedOut = true;
    // Engine policy (compliance README): a revocation from a number stops every automated call and text to it, for every patient and purpose.
    for (const match of matches) {
      await recordOptOut(deps, { patient: { recareId: match.patientId }, contactPointId: match.contactPointId, channel: null, purposeClass: null, via: 'sms_keyword', evidence: `inbound message ${inbound.providerMessageId} (${intent === 'opt_out' ? `keyword ${keyword.matched ?? 'STOP'}` : `reads as an opt-out: "${keyword.matched ?? ''}"; a person confirms`})` });
      optedOut = true;
    }
  }
  const stored = await insertInbound(db, {
    provider: providerName, provider_message_id: inbound.providerMessageId, from_address: inbound.from, to_address: inbound.to, body: inbound.body,
    patient_ids: patientIds, case_id: theCase?.id ?? null, intent, flagged: intent === 'possible_opt_out', received_at: now,
  });
  if (!stored) return { inboundId: null, duplicate: true, intent, patientIds, caseId: theCase?.id ?? null, optedOut };

  if (intent === 'opt_out') {
    if (deps.messaging.stopConfirmation) await queueReply(deps, stored.id, inbound, patientId ?? null, theCase?.locationId ?? null, deps.messaging.stopConfirmation, now);
  } else if (intent === 'opt_in') {
    await revokeNumberOptOuts(db, inbound.from, now);
    for (const match of matches) await recordOptIn(deps, { patient: { recareId: match.patientId }, contactPointId: match.contactPointId, via: 'sms_keyword' });
  } else if (intent === 'help' && deps.messaging.helpReply) {
    const office = patientId !== undefined ? (await loadMessageRecipient(db, patientId, theCase?.locationId ?? null))?.office : undefined;
    const text = `${office?.name ?? 'Your dental office'}: for help call ${displayPhone(office?.phone ?? null)}. Reply STOP to opt out.`;
    await queueReply(deps, stored.id, inbound, patientId ?? null, office?.locationId ?? null, text, now);
  }
  if (theCase && (intent === 'other' || intent === 'possible_opt_out')) {
    const local = DateTime.fromJSDate(now, { zone: (await loadMessageRecipient(db, theCase.patientId, theCase.locationId))?.office.timeZone ?? 'UTC' }).toFormat('HH:mm');
    await turnCaseToPerson(db, theCase.id, {
      nextStep: intent === 'possible_opt_out' ? 'confirm the opt-out the patient wrote' : 'answer the patient\'s reply',
      why: `patient replied at ${local}`, now, priorityAtLeast: callbackPoints + 100,
    });
  }
  deps.log.info({ inboundId: stored.id, intent, matches: patientIds.length, caseId: theCase?.id ?? null, flagged: intent === 'possible_opt_out' }, 'inbound message');
  return { inboundId: stored.id, duplicate: false, intent, patientIds, caseId: theCase?.id ?? null, optedOut };
}

async function queueReply(deps: Pick<Deps, 'store'>, inboundId: number, inbound: InboundMessage, patientId: number | null, locationId: number | null, text: string, now: Date): Promise<void> {
  await insertOutboxEntry(deps.store.db, {
    key: `reply-${inboundId}`, origin: 'reply', channel: 'sms', patient_id: patientId, case_id: null, location_id: locationId, cadence_step: null, purpose: 'appointment_reminder',
    program_key: null, template_key: null, free_text: null, to_address: inbound.from, body: text, due_at: now, next_try_at: now, created_by: null, created_at: now, updated_at: now,
  });
}

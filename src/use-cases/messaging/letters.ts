/**
 * Letters: staff queue one on a case; the daily print batch takes every queued letter, asks the gate
 * for each (a letter is a touch too: do-not-contact, an opt-out of letters, no address), renders the
 * letter template in the patient's language, and prints them as one PDF with a sheet of address
 * labels. "Mark as mailed" records one attempt per letter: the letter left the building then.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { templateLanguages, type TemplateLanguage } from '../../domain/messages/index.js';
import type { LocationScope } from '../../domain/access/index.js';
import { inScope } from '../../domain/access/index.js';
import { appendAuditEvent } from '../../db/queries/audit-events.js';
import { findCaseById, insertAttempt } from '../../db/queries/cases.js';
import { lettersOfBatch, listLetterBatches } from '../../db/queries/letters.js';
import { loadMessageRecipient } from '../../db/queries/message-recipient.js';
import { claimReady, insertOutboxEntry, nextAppointmentOf, skipHeld, updateHeld } from '../../db/queries/outbox.js';
import { authorizeTouch } from '../authorize-touch.js';
import { requireAllOffices } from '../practice-wide-access.js';
import { loadEngineContext } from '../shared/engine-context.js';
import type { MessagingDeps } from './messaging-deps.js';
import { renderOutbound } from './render-outbound.js';

export async function queueLetter(deps: MessagingDeps, request: { caseId: number; scope: LocationScope; userId: number }) {
  const { db } = deps.store;
  const now = deps.clock.now();
  const theCase = await findCaseById(db, request.caseId);
  if (!theCase || !inScope(request.scope, theCase.patientLocationId)) throw new AppError('not_found', `No case #${request.caseId} is visible to you.`);
  if (theCase.state === 'closed') throw new AppError('conflict', `Case #${theCase.id} is closed; letters go on open cases.`);
  const program = theCase.leadProgramKey ? (await loadEngineContext(deps)).programByKey.get(theCase.leadProgramKey)?.program : undefined;
  const entry = await insertOutboxEntry(db, {
    key: `letter-${theCase.id}-${randomBytes(8).toString('hex')}`, origin: 'staff', channel: 'letter', patient_id: theCase.patientId, case_id: theCase.id,
    location_id: theCase.locationId ?? theCase.patientLocationId, cadence_step: theCase.cadenceStep, purpose: program?.purpose ?? 'recall_due', program_key: program?.key ?? null,
    template_key: program?.templateKeys.letter ?? 'default_letter', free_text: null, to_address: null, body: null, due_at: now, next_try_at: now, created_by: request.userId, created_at: now, updated_at: now,
  });
  if (!entry) throw new AppError('conflict', `A letter for case #${theCase.id} was queued a moment ago.`);
  return { outboxId: entry.id, state: entry.state };
}

export async function readLetters(deps: Pick<MessagingDeps, 'store'>) {
  const { pending, batches } = await listLetterBatches(deps.store.db, 30);
  return { pending, batches: batches.map((b) => ({ id: b.id, createdAt: b.created_at.toISOString(), letterCount: b.letter_count, mailedAt: b.mailed_at?.toISOString() ?? null })) };
}

/** The print batch: every queued letter that may still go, rendered; the others skipped with their reason. */
export async function createLetterBatch(deps: MessagingDeps, request: { userId: number; remoteAddress: string | null; scope?: LocationScope }) {
  requireAllOffices(request.scope, 'A print batch holds the letters of every office, so making one', 'Ask a manager who covers all offices.');
  const { db } = deps.store;
  const now = deps.clock.now();
  const claimed = await claimReady(db, deps.workerId, now, deps.messaging.leaseSeconds, 1000, ['letter']);
  const ready: { id: number; body: string; decisionId: number }[] = [];
  let skipped = 0;
  for (const entry of claimed) {
    const skip = async (why: string) => { await skipHeld(db, entry.id, deps.workerId, `skipped: ${why}`, now); skipped++; };
    if (entry.patient_id === null) { await skip('no patient'); continue; }
    const theCase = entry.case_id !== null ? await findCaseById(db, entry.case_id) : undefined;
    if (theCase?.state === 'closed') { await skip(`the case was closed (${theCase.closedReason ?? 'closed'})`); continue; }
    if (entry.purpose !== 'appointment_reminder' && await nextAppointmentOf(db, entry.patient_id, now)) { await skip('an appointment is booked'); continue; }
    const authorization = await authorizeTouch(deps, { patient: { recareId: entry.patient_id }, channel: 'letter', purpose: entry.purpose, automated: false, programKey: entry.program_key, actorUserId: request.userId });
    if (!authorization.decision.allowed) {
      await updateHeld(db, entry.id, deps.workerId, { state: 'skipped', reason: `skipped: the contact gate said no: ${authorization.decision.reasons.map((r) => r.message).join(' ')}`, compliance_decision_id: authorization.decisionId, lease_owner: null, lease_until: null }, now);
      skipped++;
      continue;
    }
    const recipient = await loadMessageRecipient(db, entry.patient_id, entry.location_id);
    const rendered = recipient ? await renderOutbound(db, entry, recipient, null, deps.messaging.portalUrl) : { ok: false as const, reason: 'the patient no longer exists' };
    if (!rendered.ok) { await skip(rendered.reason); continue; }
    ready.push({ id: entry.id, body: rendered.text, decisionId: authorization.decisionId });
  }
  if (ready.length === 0) return { id: null, letterCount: 0, skipped };
  const batchId = await deps.store.transaction(async (tx) => {
    const batch = await tx.db.insertInto('letter_batches').values({ created_at: now, created_by: request.userId, letter_count: ready.length }).returning('id').executeTakeFirstOrThrow();
    for (const letter of ready) {
      await updateHeld(tx.db, letter.id, deps.workerId, { state: 'sending', letter_batch_id: batch.id, body: letter.body, compliance_decision_id: letter.decisionId, provider: 'print', reason: 'printed; waiting to be mailed', lease_owner: null, lease_until: null }, now);
    }
    await appendAuditEvent(tx.db, { actorUserId: request.userId, actorKind: 'user', action: 'letters.batch', entityType: 'letter_batch', entityId: String(batch.id), patientId: null, remoteAddress: request.remoteAddress, details: { letters: ready.length, skipped } });
    return batch.id;
  });
  return { id: batchId, letterCount: ready.length, skipped };
}

export async function printLetterBatch(deps: MessagingDeps, request: { batchId: number; what: 'letters' | 'labels'; scope?: LocationScope }): Promise<Buffer> {
  requireAllOffices(request.scope, 'A print batch holds the letters of every office, so printing one', 'Ask a manager who covers all offices.');
  const batch = await deps.store.db.selectFrom('letter_batches').select(['id', 'created_at']).where('id', '=', request.batchId).executeTakeFirst();
  if (!batch) throw new AppError('not_found', `No letter batch #${request.batchId}.`);
  const rows = await lettersOfBatch(deps.store.db, batch.id);
  const cityLine = (r: { city: string | null; state: string | null; zip: string | null }) => [r.city, [r.state?.trim(), r.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const recipients = rows.map((r) => ({ name: `${r.firstName} ${r.lastName}`, addressLines: [r.address1 ?? '', cityLine(r)].filter(Boolean) }));
  if (request.what === 'labels') return deps.printer.labels(recipients, batch.created_at);
  return deps.printer.letters(rows.map((r, i) => ({
    key: r.key, language: (templateLanguages as readonly string[]).includes(r.language) ? r.language as TemplateLanguage : 'en',
    office: { name: r.office.name, addressLines: [r.office.address1 ?? '', cityLine(r.office)].filter(Boolean), phone: r.office.phone, timeZone: r.office.timeZone },
    recipient: recipients[i]!, body: r.body,
  })), batch.created_at);
}

export async function markLetterBatchMailed(deps: MessagingDeps, request: { batchId: number; userId: number; remoteAddress: string | null; scope?: LocationScope }) {
  requireAllOffices(request.scope, 'A print batch holds the letters of every office, so marking one mailed', 'Ask a manager who covers all offices.');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const batch = await tx.db.updateTable('letter_batches').set({ mailed_at: now, mailed_by: request.userId }).where('id', '=', request.batchId).where('mailed_at', 'is', null).returning('id').executeTakeFirst();
    if (!batch) throw new AppError('conflict', `Letter batch #${request.batchId} does not exist or was already marked as mailed.`);
    const rows = await lettersOfBatch(tx.db, batch.id);
    for (const r of rows) {
      const attemptId = await insertAttempt(tx.db, {
        caseId: r.caseId, patientId: r.patientId, contactPointId: null, channel: 'letter', actorUserId: request.userId, purpose: r.purpose, programKeys: r.programKey ? [r.programKey] : [],
        complianceDecisionId: r.decisionId, outcome: null, note: null, callbackAt: null, occurredAt: now, undo: null, idempotencyKey: r.key,
      });
      await tx.db.updateTable('outbox').set({ state: 'sent', sent_at: now, attempt_id: attemptId, reason: null, updated_at: now }).where('id', '=', r.outboxId).execute();
    }
    await appendAuditEvent(tx.db, { actorUserId: request.userId, actorKind: 'user', action: 'letters.mailed', entityType: 'letter_batch', entityId: String(batch.id), patientId: null, remoteAddress: request.remoteAddress, details: { letters: rows.length } });
    return { id: batch.id, mailedAt: now.toISOString(), attempts: rows.length };
  });
}

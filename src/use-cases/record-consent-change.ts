/**
 * Opt-outs, re-opt-ins and consent changes. Each is made durable before it is acknowledged (see
 * db/consent-journal.ts), recorded in the audit log, and takes effect for the very next decision:
 * the gate reads opt-outs from the database on every call, so "within a minute" is "at once".
 */
import { randomUUID } from 'node:crypto';
import type { Channel, ConsentRecord, PurposeClass } from '../domain/compliance/index.js';
import { AppError } from '../domain/errors.js';
import { contactPointFingerprint, type JournalSubject } from '../db/consent-journal.js';
import { describePatientReference, findPatientId, type PatientReference } from '../db/queries/gate-facts.js';
import type { Deps } from './deps.js';

type ReceivedVia = 'sms_keyword' | 'voice' | 'staff' | 'email' | 'portal' | 'letter' | 'import';

export interface OptOutRequest {
  patient: PatientReference;
  /** null: every contact point of the patient (strict mode's revoke-all). */
  contactPointId: number | null;
  channel: Channel | null;
  purposeClass: PurposeClass | null;
  via: ReceivedVia;
  evidence?: string | null;
  actorUserId?: number | null;
}

export async function recordOptOut(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: OptOutRequest): Promise<{ journalId: string; patientId: number }> {
  const subject = await requirePatient(deps, request.patient, request.contactPointId);
  const { patientId } = subject;
  const entry = {
    id: randomUUID(),
    type: 'opt_out' as const,
    patientId,
    contactPointId: request.contactPointId,
    channel: request.channel,
    purposeClass: request.purposeClass,
    receivedVia: request.via,
    receivedAt: deps.clock.now().toISOString(),
    recordedBy: request.actorUserId ?? null,
    evidence: request.evidence ?? null,
    subject,
  };
  await deps.store.recordConsentChange(entry);
  await audit(deps, 'opt_out.record', patientId, request.actorUserId ?? null, { journalId: entry.id, contactPointId: entry.contactPointId, channel: entry.channel, purposeClass: entry.purposeClass, via: entry.receivedVia });
  deps.log.info({ patientId, journalId: entry.id, via: entry.receivedVia }, 'opt-out recorded');
  return { journalId: entry.id, patientId };
}

export async function recordOptIn(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: { patient: PatientReference; contactPointId: number | null; via: ReceivedVia; actorUserId?: number | null }): Promise<{ journalId: string; patientId: number }> {
  const subject = await requirePatient(deps, request.patient, request.contactPointId);
  const { patientId } = subject;
  const entry = { id: randomUUID(), type: 'opt_in' as const, patientId, contactPointId: request.contactPointId, receivedVia: request.via, receivedAt: deps.clock.now().toISOString(), subject };
  await deps.store.recordConsentChange(entry);
  await audit(deps, 'opt_in.record', patientId, request.actorUserId ?? null, { journalId: entry.id, contactPointId: entry.contactPointId, via: entry.receivedVia });
  deps.log.info({ patientId, journalId: entry.id, via: entry.receivedVia }, 'opt-in recorded');
  return { journalId: entry.id, patientId };
}

/** A consent as the gate reads it (ConsentRecord), for a patient named by their source id. */
export interface ConsentRequest extends Pick<ConsentRecord, 'contactPointId' | 'channel' | 'purposeClass' | 'kind' | 'granted' | 'source'> {
  patient: PatientReference;
  evidence?: string | null;
  actorUserId?: number | null;
}

export async function recordConsent(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: ConsentRequest): Promise<{ journalId: string; patientId: number }> {
  const subject = await requirePatient(deps, request.patient, request.contactPointId);
  const { patientId } = subject;
  const entry = {
    id: randomUUID(),
    type: 'consent' as const,
    contactPointId: request.contactPointId,
    channel: request.channel,
    purposeClass: request.purposeClass,
    kind: request.kind,
    granted: request.granted,
    source: request.source,
    capturedAt: deps.clock.now().toISOString(),
    evidence: request.evidence ?? null,
    recordedBy: request.actorUserId ?? null,
    subject,
  };
  await deps.store.recordConsentChange(entry);
  await audit(deps, 'consent.record', patientId, request.actorUserId ?? null, { journalId: entry.id, contactPointId: entry.contactPointId, channel: entry.channel, purposeClass: entry.purposeClass, kind: entry.kind, granted: entry.granted });
  deps.log.info({ patientId, journalId: entry.id }, 'consent recorded');
  return { journalId: entry.id, patientId };
}

/** The patient (and contact point) a change is about, as the journal names them for a safe replay. */
async function requirePatient(deps: Pick<Deps, 'store'>, reference: PatientReference, contactPointId: number | null): Promise<JournalSubject> {
  const patientId = await findPatientId(deps.store.db, reference);
  const patient = patientId === undefined ? undefined : await deps.store.db.selectFrom('patients').select(['id', 'external_source', 'external_id']).where('id', '=', patientId).executeTakeFirst();
  if (!patient) throw new AppError('not_found', `No patient has the id ${describePatientReference(reference)}.`);
  let contactPointSha256: string | null = null;
  if (contactPointId !== null) {
    const point = await deps.store.db.selectFrom('contact_points').select('value').where('id', '=', contactPointId).where('patient_id', '=', patient.id).executeTakeFirst();
    if (!point) throw new AppError('not_found', `Patient ${describePatientReference(reference)} has no contact point ${contactPointId}.`);
    contactPointSha256 = contactPointFingerprint(point.value);
  }
  return { patientId: patient.id, externalSource: patient.external_source, externalId: patient.external_id, contactPointSha256 };
}

async function audit(deps: Pick<Deps, 'store'>, action: string, patientId: number, actorUserId: number | null, details: Record<string, unknown>): Promise<void> {
  await deps.store.db
    .insertInto('audit_events')
    .values({ action, entity_type: 'patient', entity_id: String(patientId), patient_id: patientId, actor_user_id: actorUserId, actor_kind: actorUserId === null ? 'system' : 'user', details: JSON.stringify(details) })
    .execute();
}

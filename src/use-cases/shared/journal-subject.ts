/**
 * Who a consent or opt-out change is about, as the consent journal names them (source system and id,
 * a fingerprint of the number or address), so a replay never lands it on someone who later got the
 * same internal id. Shared by the opt-out, opt-in and consent use-cases.
 */
import { AppError } from '../../domain/errors.js';
import { contactPointFingerprint, type JournalSubject } from '../../db/consent-journal.js';
import { describePatientReference, findPatientId, type PatientReference } from '../../db/queries/gate-facts.js';
import type { Deps } from '../deps.js';

/** The patient (and contact point) a change is about, as the journal names them for a safe replay. */
export async function journalSubjectOf(deps: Pick<Deps, 'store'>, reference: PatientReference, contactPointId: number | null): Promise<JournalSubject> {
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

/**
 * What the gate needs for one patient, read once: the patient's contact facts and the practice's
 * contact policy. Shared by the preview (check-contact) and the hand-off (authorizeTouch).
 */
import type { ContactPolicy } from '../../domain/compliance/index.js';
import { AppError } from '../../domain/errors.js';
import { describePatientReference, findPatientId, loadGateFactsAndStoredPolicy, type PatientGateFacts, type PatientReference } from '../../db/queries/gate-facts.js';
import { practicePolicyOf } from '../../db/queries/organization-policy.js';
import type { Deps } from '../deps.js';

export async function loadFactsAndPolicy(deps: Pick<Deps, 'store'>, patientReference: PatientReference, at: Date, options: { excludeAttemptId?: number | null } = {}): Promise<{ facts: PatientGateFacts; policy: ContactPolicy }> {
  const { db } = deps.store;
  // Recare's own id needs no lookup: the facts are read by it, and none come back when no patient has it.
  const patientId = typeof patientReference === 'string' ? await findPatientId(db, patientReference) : patientReference.recareId;
  const read = patientId === undefined ? undefined : await loadGateFactsAndStoredPolicy(db, patientId, at, options);
  if (!read) {
    throw new AppError('not_found', `No patient has the id ${describePatientReference(patientReference)}. Use the practice-management system's patient id (e.g. D0000042) or Recare's numeric id.`);
  }
  return { facts: read.facts, policy: practicePolicyOf(read.storedPolicy).contact };
}

/**
 * Patients the engine must never put on a list: deceased, archived, inactive, do-not-contact. Their
 * items are still evaluated and kept, suppressed with the reason, so "why is this patient not on
 * the list?" has an answer.
 */
import type { PatientFactsForRecall } from './patient-history.js';
import type { Suppression } from './due-item.js';

export function patientExclusion(patient: PatientFactsForRecall): Suppression | null {
  // Most final first: a deceased patient is reported as deceased even if also marked do-not-contact.
  if (patient.status === 'deceased') return { code: 'deceased', message: 'patient is deceased' };
  if (patient.status === 'archived') return { code: 'archived', message: 'patient record is archived' };
  if (patient.status === 'inactive') return { code: 'inactive', message: 'patient is marked inactive in the practice system' };
  if (patient.doNotContact) return { code: 'do_not_contact', message: 'patient is marked do-not-contact' };
  return null;
}

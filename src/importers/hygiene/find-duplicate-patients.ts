import type { PatientRecord } from '../records.js';

export type DuplicateReason = 'same_name_and_birth_date' | 'same_phone_and_name';

/** Two records that probably describe one person. A suggestion for staff: never merged automatically. */
export interface MergeSuggestion {
  /** The two external ids, in sorted order so a pair is reported once. */
  externalIds: [string, string];
  reasons: DuplicateReason[];
}

export type DuplicateCandidate = Pick<PatientRecord, 'externalId' | 'firstName' | 'lastName' | 'birthDate' | 'contactPoints'>;

/**
 * Name comparison that survives how PMS data is typed: case, accents ("José" / "Jose"), spaces,
 * hyphens and apostrophes ("O'Brien" / "OBrien") do not make two people different.
 */
export function normalizeName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Finds likely duplicate patients:
 * - same first name, last name and birth date;
 * - same valid phone number and same first and last name (birth date missing on one or both, or
 *   equal). Family members share phones and surnames, so the first name must match too, and two
 *   different known birth dates (a Jr. and a Sr.) rule a pair out.
 * Buckets by key, so it is linear in the number of patients (plus the size of each bucket).
 */
export function findDuplicatePatients(patients: readonly DuplicateCandidate[]): MergeSuggestion[] {
  const suggestions = new Map<string, MergeSuggestion>();
  const add = (a: DuplicateCandidate, b: DuplicateCandidate, reason: DuplicateReason) => {
    if (a.externalId === b.externalId) return;
    const ids = [a.externalId, b.externalId].sort() as [string, string];
    const key = ids.join('\u0000');
    const existing = suggestions.get(key);
    if (!existing) suggestions.set(key, { externalIds: ids, reasons: [reason] });
    else if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
  };

  const byNameAndBirth = new Map<string, DuplicateCandidate[]>();
  const byPhoneAndName = new Map<string, DuplicateCandidate[]>();
  for (const patient of patients) {
    const name = `${normalizeName(patient.firstName)}|${normalizeName(patient.lastName)}`;
    if (patient.birthDate) push(byNameAndBirth, `${name}|${patient.birthDate}`, patient);
    const phones = new Set(patient.contactPoints.filter((c) => c.kind === 'phone' && c.isValid).map((c) => c.value));
    for (const phone of phones) push(byPhoneAndName, `${phone}|${name}`, patient);
  }
  for (const group of byNameAndBirth.values()) forEachPair(group, (a, b) => add(a, b, 'same_name_and_birth_date'));
  for (const group of byPhoneAndName.values()) {
    forEachPair(group, (a, b) => {
      if (a.birthDate && b.birthDate && a.birthDate !== b.birthDate) return;
      add(a, b, 'same_phone_and_name');
    });
  }
  return [...suggestions.values()].sort((x, y) => x.externalIds.join().localeCompare(y.externalIds.join()));
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function forEachPair<T>(items: readonly T[], visit: (a: T, b: T) => void) {
  for (let i = 0; i < items.length; i += 1) {
    for (let j = i + 1; j < items.length; j += 1) visit(items[i] as T, items[j] as T);
  }
}

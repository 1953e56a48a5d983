/**
 * Likely duplicates of a batch's patients among everyone already in the database (any source,
 * including the batch itself once written): same name and birth date, or same valid phone and
 * name. Suggestions only, never merged. The batch travels as one JSON parameter (one query for both
 * reasons), so nothing is staged.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ResolvedPatient } from './upsert-patients.js';

export interface DatabaseDuplicate {
  externalId: string;
  otherSource: string;
  otherExternalId: string;
  reason: 'same_name_and_birth_date' | 'same_phone_and_name';
}

export async function findDuplicatePatientsInDatabase(db: Kysely<Database>, patients: readonly ResolvedPatient[]): Promise<DatabaseDuplicate[]> {
  if (patients.length === 0) return [];
  const batch = JSON.stringify(patients.map((p) => ({
    external_id: p.externalId, patient_id: p.patientId, first_name: p.firstName, last_name: p.lastName, birth_date: p.birthDate,
    phones: p.contactPoints.filter((c) => c.kind === 'phone' && c.isValid).map((c) => c.value),
  })));
  const result = await sql<{ external_id: string; other_source: string; other_external_id: string; reason: DatabaseDuplicate['reason'] }>`
    with s as materialized (
      select * from json_to_recordset(${batch}::json) as s(external_id text, patient_id bigint, first_name text, last_name text, birth_date date, phones text[]))
    select s.external_id, p.external_source as other_source, p.external_id as other_external_id, 'same_name_and_birth_date' as reason
    from s join patients p
      on lower(p.last_name) = lower(s.last_name) and lower(p.first_name) = lower(s.first_name) and p.birth_date = s.birth_date and p.id <> s.patient_id
    union
    select s.external_id, p.external_source, p.external_id, 'same_phone_and_name'
    from s cross join unnest(s.phones) as phone(value)
    join contact_points cp on cp.value = phone.value and cp.kind = 'phone' and cp.is_valid and cp.patient_id <> s.patient_id
    join patients p on p.id = cp.patient_id and lower(p.first_name) = lower(s.first_name) and lower(p.last_name) = lower(s.last_name)
    where s.birth_date is null or p.birth_date is null or s.birth_date = p.birth_date`.execute(db);
  const found = result.rows.map((r) => ({ externalId: r.external_id, otherSource: r.other_source, otherExternalId: r.other_external_id, reason: r.reason }));
  return [...found.filter((d) => d.reason === 'same_name_and_birth_date'), ...found.filter((d) => d.reason === 'same_phone_and_name')];
}

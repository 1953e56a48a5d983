/**
 * The rows behind the case screen's patient card: the patient, their office, contact points with
 * consents, opt-outs and confidential-communication preferences, recent attempts with who made them,
 * and household members (same guarantor) who have an open case — only those of the viewer's offices,
 * since a household can span offices. Read-only.
 */
import type { Kysely } from 'kysely';
import type { LocationScope } from '../../domain/access/index.js';
import type { Database } from '../schema.js';

export async function loadPatientCardRows(db: Kysely<Database>, patientId: number, attemptLimit: number, scope: LocationScope) {
  const patient = await db
    .selectFrom('patients as p')
    .leftJoin('locations as l', 'l.id', 'p.home_location_id')
    .select([
      'p.id', 'p.external_id', 'p.first_name', 'p.last_name', 'p.preferred_name', 'p.birth_date', 'p.status', 'p.language', 'p.preferred_channel',
      'p.guarantor_id', 'p.state', 'p.time_zone_override', 'p.do_not_contact', 'l.external_id as location_external_id', 'l.name as location_name',
      'l.time_zone as location_time_zone', 'l.phone as location_phone',
    ])
    .where('p.id', '=', patientId)
    .executeTakeFirst();
  if (!patient) return undefined;
  const household = patient.guarantor_id ?? patient.id;
  const [points, consents, optOuts, preferences, attempts, family] = await Promise.all([
    db.selectFrom('contact_points').select(['id', 'kind', 'use', 'value', 'line_type', 'is_valid', 'invalid_reason', 'is_primary', 'time_zone_candidates'])
      .where('patient_id', '=', patientId).orderBy('is_primary', 'desc').orderBy('id').execute(),
    db.selectFrom('consents as c').innerJoin('contact_points as cp', 'cp.id', 'c.contact_point_id')
      .select(['c.contact_point_id', 'c.channel', 'c.purpose_class', 'c.kind', 'c.granted', 'c.captured_at'])
      .where('cp.patient_id', '=', patientId).orderBy('c.captured_at').orderBy('c.id').execute(),
    db.selectFrom('opt_outs').select(['contact_point_id', 'channel', 'purpose_class', 'received_at', 'received_via'])
      .where('patient_id', '=', patientId).where('revoked_at', 'is', null).execute(),
    db.selectFrom('communication_preferences').select(['kind', 'alternate_contact_point_id', 'note']).where('patient_id', '=', patientId).execute(),
    // Undone outcomes stay in the history, marked, so staff see what was taken back.
    db.selectFrom('attempts as a').leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .leftJoin('attempt_events as v', (join) => join.onRef('v.attempt_id', '=', 'a.id').on('v.status', '=', 'voided'))
      .select(['a.id', 'a.occurred_at', 'a.channel', 'a.direction', 'a.actor_kind', 'a.outcome', 'a.note', 'a.callback_at', 'a.program_keys', 'u.display_name as actor_name', 'v.occurred_at as undone_at'])
      .where('a.patient_id', '=', patientId).orderBy('a.occurred_at', 'desc').orderBy('a.id', 'desc').limit(attemptLimit).execute(),
    db.selectFrom('patients as f').innerJoin('cases as c', 'c.patient_id', 'f.id')
      .select(['f.external_id', 'f.first_name', 'f.last_name', 'f.preferred_name', 'c.id as case_id', 'c.program_keys', 'c.state'])
      .where('f.id', '<>', patientId).where((eb) => eb.or([eb('f.guarantor_id', '=', household), eb('f.id', '=', household)]))
      .where('c.state', '<>', 'closed')
      .$if(!scope.allLocations, (q) => q.where('f.home_location_id', 'in', [...scope.locationIds, -1]))
      .orderBy('f.id').limit(12).execute(),
  ]);
  return { patient, points, consents, optOuts, preferences, attempts, family };
}

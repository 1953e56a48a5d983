/**
 * Patients already in the database (a re-import, or an updated file): staged with every id filled
 * in, then compared set-based, so only values that changed are written and a re-import of the same
 * file writes nothing. Returns the ids of the patients that changed in any way (their row, a
 * contact point, a consent, the "no voicemail" preference).
 */
import { sql, type Kysely } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import type { Database } from '../schema.js';
import { stageRows, type MergeContext } from './import-staging.js';
import { reserveIds } from './reserve-ids.js';
import type { ContactPointStageRow, ResolvedPatient } from './upsert-patients.js';

/** Where contact points no longer in the source end up: kept for their consent history, never dialled. */
export const goneFromSourceReason = 'no longer in the source system';

const patientColumns = ['first_name', 'last_name', 'preferred_name', 'birth_date', 'sex', 'status', 'preferred_channel', 'address1', 'city', 'state', 'zip'] as const;

type StagedPoint = ContactPointStageRow & { patientId: number; id: number; inserted: boolean };

export async function mergeStoredPatients(tx: StoreTransaction, context: MergeContext, patients: readonly ResolvedPatient[]): Promise<Set<number>> {
  const { db } = tx;
  const changed = new Set<number>();
  const note = (rows: readonly { patient_id: number }[]) => {
    for (const r of rows) changed.add(Number(r.patient_id));
  };

  const points = await stagedPoints(db, patients);
  await stageRows(tx, {
    table: 'stage_patients',
    ddl: `patient_id bigint not null, first_name text not null, last_name text not null, preferred_name text, birth_date date, sex text, status text not null,
          language text, preferred_channel text, address1 text, city text, state text, zip text, location_id bigint, provider_id bigint,
          guarantor_external_id text, guarantor_id bigint, do_not_contact boolean, no_voicemail boolean`,
    columns: [
      ['patient_id', (r) => r.patientId], ['first_name', (r) => r.firstName], ['last_name', (r) => r.lastName], ['preferred_name', (r) => r.preferredName],
      ['birth_date', (r) => r.birthDate], ['sex', (r) => r.sex], ['status', (r) => r.status], ['language', (r) => r.language], ['preferred_channel', (r) => r.preferredChannel],
      ['address1', (r) => r.address1], ['city', (r) => r.city], ['state', (r) => r.state], ['zip', (r) => r.zip], ['location_id', (r) => r.locationId],
      ['provider_id', (r) => r.providerId], ['guarantor_external_id', (r) => r.guarantorExternalId], ['guarantor_id', (r) => r.guarantorId],
      ['do_not_contact', (r) => r.doNotContact], ['no_voicemail', (r) => r.noVoicemail],
    ],
  }, patients);
  await stageRows(tx, {
    table: 'stage_contact_points',
    ddl: `id bigint not null, patient_id bigint not null, inserted boolean not null, kind text not null, use text not null, value text not null, raw_value text not null,
          line_type text not null, is_valid boolean not null, invalid_reason text, is_primary boolean not null, time_zone_candidates text[] not null,
          sms boolean, voice boolean, email boolean`,
    columns: [
      ['id', (r) => r.id], ['patient_id', (r) => r.patientId], ['inserted', (r) => r.inserted], ['kind', (r) => r.kind], ['use', (r) => r.use], ['value', (r) => r.value],
      ['raw_value', (r) => r.rawValue], ['line_type', (r) => r.lineType], ['is_valid', (r) => r.isValid], ['invalid_reason', (r) => r.invalidReason],
      ['is_primary', (r) => r.isPrimary], ['time_zone_candidates', (r) => r.timeZoneCandidates],
      ['sms', (r) => r.consents.sms], ['voice', (r) => r.consents.voice], ['email', (r) => r.consents.email],
    ],
  }, points);

  // A guarantor that is not in the database yet leaves the current link alone until it arrives.
  const guarantor = 'case when s.guarantor_external_id is null then null else coalesce(s.guarantor_id, p.guarantor_id) end';
  const set = patientColumns.map((c) => `${c} = s.${c}`).join(', ');
  const mine = `(${patientColumns.map((c) => `p.${c}`).join(', ')}, p.language, p.do_not_contact, p.home_location_id, p.primary_provider_id, p.guarantor_id)`;
  const theirs = `(${patientColumns.map((c) => `s.${c}`).join(', ')}, coalesce(s.language, p.language), coalesce(s.do_not_contact, p.do_not_contact), s.location_id, s.provider_id, ${guarantor})`;
  note((await sql.raw<{ patient_id: number }>(`update patients p set ${set}, language = coalesce(s.language, p.language), do_not_contact = coalesce(s.do_not_contact, p.do_not_contact),
      home_location_id = s.location_id, primary_provider_id = s.provider_id, guarantor_id = ${guarantor}, updated_at = now()
    from stage_patients s where p.id = s.patient_id and ${mine} is distinct from ${theirs}
    returning p.id as patient_id`).execute(db)).rows);

  // line_type is not overwritten: a carrier lookup may know better than the PMS's "home"/"mobile" label.
  note((await sql<{ patient_id: number }>`update contact_points cp set use = c.use, raw_value = c.raw_value, is_valid = c.is_valid, invalid_reason = c.invalid_reason,
      is_primary = c.is_primary, time_zone_candidates = c.time_zone_candidates
    from stage_contact_points c
    where cp.id = c.id and not c.inserted and (cp.use, cp.raw_value, cp.is_valid, cp.invalid_reason, cp.is_primary, cp.time_zone_candidates)
      is distinct from (c.use, c.raw_value, c.is_valid, c.invalid_reason, c.is_primary, c.time_zone_candidates)
    returning cp.patient_id`.execute(db)).rows);
  if (points.some((p) => p.inserted)) {
    await sql`insert into contact_points (id, patient_id, kind, use, value, raw_value, line_type, is_valid, invalid_reason, is_primary, time_zone_candidates)
      select id, patient_id, kind, use, value, raw_value, line_type, is_valid, invalid_reason, is_primary, time_zone_candidates
      from stage_contact_points where inserted`.execute(db);
    for (const p of points) if (p.inserted) changed.add(p.patientId);
  }
  // A number or address the source no longer lists: flagged, never deleted (its consents and opt-outs stay).
  note((await sql<{ patient_id: number }>`update contact_points cp set is_valid = false, is_primary = false, invalid_reason = ${goneFromSourceReason}
    from stage_patients s
    where cp.patient_id = s.patient_id
      and not exists (select 1 from stage_contact_points c where c.patient_id = cp.patient_id and c.kind = cp.kind and c.value = cp.value)
      and (cp.is_valid or cp.is_primary or cp.invalid_reason is distinct from ${goneFromSourceReason})
    returning cp.patient_id`.execute(db)).rows);

  note(await mergeConsents(db, context));
  note(await mergeNoVoicemail(db));
  return changed;
}

/** The batch's contact points, each with the id of the stored point it is (patient + kind + value) or a new reserved one. */
async function stagedPoints(db: Kysely<Database>, patients: readonly ResolvedPatient[]): Promise<StagedPoint[]> {
  const result = await sql<{ id: number; patient_id: number; kind: string; value: string }>`select id, patient_id, kind, value from contact_points
    where patient_id = any(${patients.map((p) => p.patientId)}::bigint[]) order by id`.execute(db);
  const storedIds = new Map<string, number>();
  for (const r of result.rows) {
    const key = `${r.patient_id}\u0000${r.kind}\u0000${r.value}`;
    if (!storedIds.has(key)) storedIds.set(key, Number(r.id));
  }
  const points = patients.flatMap((p) => p.contactPoints.map((point) => ({ ...point, patientId: p.patientId, id: storedIds.get(`${p.patientId}\u0000${point.kind}\u0000${point.value}`) })));
  const newIds = await reserveIds(db, 'contact_points', points.filter((p) => p.id === undefined).length);
  let next = 0;
  return points.map((p) => (p.id === undefined ? { ...p, id: newIds[next++] as number, inserted: true } : { ...p, id: p.id, inserted: false }));
}

/**
 * A consent row is appended only when the source's answer differs from the last answer this import
 * path recorded for that contact point × channel (care purpose). Compared with the import's own
 * last answer, not with whatever is latest: a refusal or a grant staff recorded since then stands
 * until the practice-management system itself changes its flag.
 */
async function mergeConsents(db: Kysely<Database>, context: MergeContext): Promise<{ patient_id: number }[]> {
  const result = await sql<{ patient_id: number }>`with wanted as (
      select c.patient_id, c.id as contact_point_id, c.inserted as new_point, f.channel, f.granted
      from stage_contact_points c
      cross join lateral (values ('sms', c.sms), ('voice', c.voice), ('email', c.email)) as f(channel, granted)
      where f.granted is not null),
    added as (
      insert into consents (contact_point_id, channel, purpose_class, kind, granted, source, captured_at, evidence)
      select w.contact_point_id, w.channel, 'care', 'pec', w.granted, 'pms_import', ${context.now}::timestamptz, ${context.evidence}
      from wanted w
      where case when w.new_point then true
        else (select k.granted from consents k
              where k.contact_point_id = w.contact_point_id and k.channel = w.channel and k.purpose_class = 'care' and k.source = 'pms_import'
              order by k.captured_at desc, k.id desc limit 1) is distinct from w.granted end
      returning contact_point_id)
    select distinct c.patient_id from added a join stage_contact_points c on c.id = a.contact_point_id`.execute(db);
  return result.rows;
}

/** "No voicemail" from the source: added when it says yes; removed when it says no, but only if an import added it. */
async function mergeNoVoicemail(db: Kysely<Database>): Promise<{ patient_id: number }[]> {
  const added = await sql<{ patient_id: number }>`insert into communication_preferences (patient_id, kind, note)
    select s.patient_id, 'no_voicemail', 'pms_import' from stage_patients s
    where s.no_voicemail and not exists (select 1 from communication_preferences p where p.patient_id = s.patient_id and p.kind = 'no_voicemail')
    returning patient_id`.execute(db);
  const removed = await sql<{ patient_id: number }>`delete from communication_preferences p using stage_patients s
    where p.patient_id = s.patient_id and s.no_voicemail = false and p.kind = 'no_voicemail' and p.note = 'pms_import'
    returning p.patient_id`.execute(db);
  return [...added.rows, ...removed.rows];
}

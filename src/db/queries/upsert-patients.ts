/**
 * Set-based patient upsert for one batch, keyed by (external_source, external_id): the patient row,
 * contact points (identity = patient + kind + value; a number that left the source is flagged, not
 * deleted, so its consent history stays), consents from the source's yes/no flags, the "no
 * voicemail" preference, do-not-contact and guarantor links. Runs inside the caller's transaction.
 */
import { sql } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import { counted, ords, queueReplan, stageRows, unresolved, type MergeContext, type MergeOutcome, type StageSpec } from './import-staging.js';

export interface PatientStageRow {
  ord: number;
  externalId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  birthDate: string | null;
  sex: string | null;
  status: string;
  language: string | null;
  preferredChannel: string | null;
  guarantorExternalId: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  locationExternalId: string | null;
  providerExternalId: string | null;
  doNotContact: boolean | null;
  noVoicemail: boolean | null;
  contactPoints: ContactPointStageRow[];
}

export interface ContactPointStageRow {
  kind: 'phone' | 'email';
  use: 'mobile' | 'home' | 'work' | 'other';
  value: string;
  rawValue: string;
  lineType: 'wireless' | 'landline' | 'voip' | 'unknown';
  isValid: boolean;
  invalidReason: string | null;
  isPrimary: boolean;
  timeZoneCandidates: string[];
  /** The source's consent for this number or address per channel; null = not stated here. */
  consents: { sms: boolean | null; voice: boolean | null; email: boolean | null };
}

export interface PatientMergeOutcome extends MergeOutcome {
  /** Guarantors not (yet) in the database: the caller retries them after the last batch. */
  pendingGuarantors: { ord: number; guarantorExternalId: string; unchanged: boolean }[];
  duplicates: { externalId: string; otherSource: string; otherExternalId: string; reason: 'same_name_and_birth_date' | 'same_phone_and_name' }[];
}

/** Where contact points no longer in the source end up: kept for their consent history, never dialled. */
export const goneFromSourceReason = 'no longer in the source system';

const patientStage: StageSpec<PatientStageRow> = {
  table: 'stage_patients',
  ddl: `ord int not null, external_id text not null, first_name text not null, last_name text not null, preferred_name text,
        birth_date date, sex text, status text not null, language text, preferred_channel text, guarantor_external_id text,
        address1 text, city text, state text, zip text, location_external_id text, provider_external_id text,
        do_not_contact boolean, no_voicemail boolean,
        patient_id bigint, location_id bigint, provider_id bigint, guarantor_id bigint, inserted boolean not null default false, changed boolean not null default false`,
  columns: [
    ['ord', (r) => r.ord], ['external_id', (r) => r.externalId], ['first_name', (r) => r.firstName], ['last_name', (r) => r.lastName],
    ['preferred_name', (r) => r.preferredName], ['birth_date', (r) => r.birthDate], ['sex', (r) => r.sex], ['status', (r) => r.status],
    ['language', (r) => r.language], ['preferred_channel', (r) => r.preferredChannel], ['guarantor_external_id', (r) => r.guarantorExternalId],
    ['address1', (r) => r.address1], ['city', (r) => r.city], ['state', (r) => r.state], ['zip', (r) => r.zip],
    ['location_external_id', (r) => r.locationExternalId], ['provider_external_id', (r) => r.providerExternalId],
    ['do_not_contact', (r) => r.doNotContact], ['no_voicemail', (r) => r.noVoicemail],
  ],
};

type PointRow = ContactPointStageRow & { ord: number };
const pointStage: StageSpec<PointRow> = {
  table: 'stage_contact_points',
  ddl: `ord int not null, kind text not null, use text not null, value text not null, raw_value text not null, line_type text not null,
        is_valid boolean not null, invalid_reason text, is_primary boolean not null, time_zone_candidates text[] not null,
        sms boolean, voice boolean, email boolean, patient_id bigint, id bigint, inserted boolean not null default false`,
  columns: [
    ['ord', (r) => r.ord], ['kind', (r) => r.kind], ['use', (r) => r.use], ['value', (r) => r.value], ['raw_value', (r) => r.rawValue],
    ['line_type', (r) => r.lineType], ['is_valid', (r) => r.isValid], ['invalid_reason', (r) => r.invalidReason], ['is_primary', (r) => r.isPrimary],
    ['time_zone_candidates', (r) => r.timeZoneCandidates], ['sms', (r) => r.consents.sms], ['voice', (r) => r.consents.voice], ['email', (r) => r.consents.email],
  ],
};

const patientColumns = ['first_name', 'last_name', 'preferred_name', 'birth_date', 'sex', 'status', 'preferred_channel', 'address1', 'city', 'state', 'zip'] as const;

export async function upsertPatients(tx: StoreTransaction, context: MergeContext, rows: readonly PatientStageRow[]): Promise<PatientMergeOutcome> {
  const { db } = tx;
  const src = context.source;
  await stageRows(tx, patientStage, rows);
  await stageRows(tx, pointStage, rows.flatMap((r) => r.contactPoints.map((c) => ({ ...c, ord: r.ord }))));

  await sql`update stage_patients s set
      patient_id = (select p.id from patients p where p.external_source = ${src} and p.external_id = s.external_id),
      location_id = (select l.id from locations l where l.external_source = ${src} and l.external_id = s.location_external_id),
      provider_id = (select v.id from providers v where v.external_source = ${src} and v.external_id = s.provider_external_id)`.execute(db);
  const missing = [
    ...(await unresolved(db, 'stage_patients', 'location', 'location_external_id', 'location_id')),
    ...(await unresolved(db, 'stage_patients', 'provider', 'provider_external_id', 'provider_id')),
  ];

  // New patients get their ids now (from the table's own sequence), so guarantors inside this batch,
  // contact points and consents can all be linked before anything is inserted.
  const inserted = await counted(db, `update stage_patients set patient_id = nextval(pg_get_serial_sequence('patients', 'id')), inserted = true, changed = true
    where patient_id is null returning 1`);
  await sql`update stage_patients s set guarantor_id = x.patient_id from stage_patients x where x.external_id = s.guarantor_external_id`.execute(db);
  await sql`update stage_patients s set guarantor_id = g.id from patients g
    where s.guarantor_id is null and s.guarantor_external_id is not null and g.external_source = ${src} and g.external_id = s.guarantor_external_id`.execute(db);

  // Changed patients: only rows whose values differ are written (a re-import writes nothing). A
  // guarantor that is not in the database yet leaves the current link alone until it arrives.
  const guarantor = 'case when s.guarantor_external_id is null then null else coalesce(s.guarantor_id, p.guarantor_id) end';
  const set = patientColumns.map((c) => `${c} = s.${c}`).join(', ');
  const mine = `(${patientColumns.map((c) => `p.${c}`).join(', ')}, p.language, p.do_not_contact, p.home_location_id, p.primary_provider_id, p.guarantor_id)`;
  const theirs = `(${patientColumns.map((c) => `s.${c}`).join(', ')}, coalesce(s.language, p.language), coalesce(s.do_not_contact, p.do_not_contact), s.location_id, s.provider_id, ${guarantor})`;
  await sql.raw(`with changed as (
      update patients p set ${set}, language = coalesce(s.language, p.language), do_not_contact = coalesce(s.do_not_contact, p.do_not_contact),
        home_location_id = s.location_id, primary_provider_id = s.provider_id, guarantor_id = ${guarantor}, updated_at = now()
      from stage_patients s where p.id = s.patient_id and not s.inserted and ${mine} is distinct from ${theirs}
      returning p.id)
    update stage_patients s set changed = true from changed c where s.patient_id = c.id`).execute(db);

  await sql`insert into patients (id, external_source, external_id, ${sql.raw(patientColumns.join(', '))}, language, do_not_contact, home_location_id, primary_provider_id, guarantor_id)
    select s.patient_id, ${src}, s.external_id, ${sql.raw(patientColumns.map((c) => `s.${c}`).join(', '))}, coalesce(s.language, 'en'), coalesce(s.do_not_contact, false), s.location_id, s.provider_id, s.guarantor_id
    from stage_patients s where s.inserted`.execute(db);

  await mergeContactPoints(tx);
  await mergeConsents(tx, context);
  await mergeNoVoicemail(tx);
  const duplicates = await findDuplicates(tx);

  await queueReplan(db, 'stage_patients', 'import');
  const pending = await sql<{ ord: number; guarantor_external_id: string; unchanged: boolean }>`select ord, guarantor_external_id, not changed as unchanged from stage_patients
    where guarantor_external_id is not null and guarantor_id is null order by ord`.execute(db);
  const updated = await ords(db, sql<{ ord: number }>`select ord from stage_patients where changed and not inserted order by ord`);
  return {
    inserted, updated, rejected: [], unresolved: missing,
    pendingGuarantors: pending.rows.map((r) => ({ ord: Number(r.ord), guarantorExternalId: r.guarantor_external_id, unchanged: r.unchanged })),
    duplicates,
  };
}

async function mergeContactPoints(tx: StoreTransaction): Promise<void> {
  const { db } = tx;
  // A new patient has no stored contact points: only existing patients' numbers are looked up.
  await sql`update stage_contact_points c set patient_id = s.patient_id,
      id = case when s.inserted then null
        else (select cp.id from contact_points cp where cp.patient_id = s.patient_id and cp.kind = c.kind and cp.value = c.value order by cp.id limit 1) end
    from stage_patients s where s.ord = c.ord`.execute(db);
  // line_type is not overwritten: a carrier lookup may know better than the PMS's "home"/"mobile" label.
  await sql`with changed as (
      update contact_points cp set use = c.use, raw_value = c.raw_value, is_valid = c.is_valid, invalid_reason = c.invalid_reason,
        is_primary = c.is_primary, time_zone_candidates = c.time_zone_candidates
      from stage_contact_points c
      where cp.id = c.id and (cp.use, cp.raw_value, cp.is_valid, cp.invalid_reason, cp.is_primary, cp.time_zone_candidates)
        is distinct from (c.use, c.raw_value, c.is_valid, c.invalid_reason, c.is_primary, c.time_zone_candidates)
      returning cp.patient_id)
    update stage_patients s set changed = true from (select distinct patient_id from changed) c where s.patient_id = c.patient_id`.execute(db);
  await sql`update stage_contact_points set id = nextval(pg_get_serial_sequence('contact_points', 'id')), inserted = true where id is null`.execute(db);
  await sql`insert into contact_points (id, patient_id, kind, use, value, raw_value, line_type, is_valid, invalid_reason, is_primary, time_zone_candidates)
    select id, patient_id, kind, use, value, raw_value, line_type, is_valid, invalid_reason, is_primary, time_zone_candidates
    from stage_contact_points where inserted`.execute(db);
  await sql`update stage_patients s set changed = true
    from (select distinct patient_id from stage_contact_points where inserted) a where s.patient_id = a.patient_id and not s.changed`.execute(db);
  // A number or address the source no longer lists: flagged, never deleted (its consents and opt-outs stay).
  await sql`with gone as (
      update contact_points cp set is_valid = false, is_primary = false, invalid_reason = ${goneFromSourceReason}
      from stage_patients s
      where cp.patient_id = s.patient_id and not s.inserted
        and not exists (select 1 from stage_contact_points c where c.patient_id = cp.patient_id and c.kind = cp.kind and c.value = cp.value)
        and (cp.is_valid or cp.is_primary or cp.invalid_reason is distinct from ${goneFromSourceReason})
      returning cp.patient_id)
    update stage_patients s set changed = true from (select distinct patient_id from gone) g where s.patient_id = g.patient_id`.execute(db);
}

/**
 * A consent row is appended only when the source's answer differs from the last answer this import
 * path recorded for that contact point × channel (care purpose). Compared with the import's own
 * last answer, not with whatever is latest: a refusal or a grant staff recorded since then stands
 * until the practice-management system itself changes its flag.
 */
async function mergeConsents(tx: StoreTransaction, context: MergeContext): Promise<void> {
  await sql`with wanted as (
      select c.patient_id, c.id as contact_point_id, c.inserted as new_point, f.channel, f.granted
      from stage_contact_points c
      cross join lateral (values ('sms', c.sms), ('voice', c.voice), ('email', c.email)) as f(channel, granted)
      where f.granted is not null and c.id is not null),
    added as (
      insert into consents (contact_point_id, channel, purpose_class, kind, granted, source, captured_at, evidence)
      select w.contact_point_id, w.channel, 'care', 'pec', w.granted, 'pms_import', ${context.now}::timestamptz, ${context.evidence}
      from wanted w
      where case when w.new_point then true
        else (select k.granted from consents k
              where k.contact_point_id = w.contact_point_id and k.channel = w.channel and k.purpose_class = 'care' and k.source = 'pms_import'
              order by k.captured_at desc, k.id desc limit 1) is distinct from w.granted end
      returning contact_point_id)
    update stage_patients s set changed = true
    from (select distinct c.patient_id from added a join stage_contact_points c on c.id = a.contact_point_id) x
    where s.patient_id = x.patient_id and not s.changed`.execute(tx.db);
}

/** "No voicemail" from the source: added when it says yes; removed when it says no, but only if an import added it. */
async function mergeNoVoicemail(tx: StoreTransaction): Promise<void> {
  const { db } = tx;
  await sql`with added as (
      insert into communication_preferences (patient_id, kind, note)
      select s.patient_id, 'no_voicemail', 'pms_import' from stage_patients s
      where s.no_voicemail and not exists (select 1 from communication_preferences p where p.patient_id = s.patient_id and p.kind = 'no_voicemail')
      returning patient_id)
    update stage_patients s set changed = true from added a where s.patient_id = a.patient_id`.execute(db);
  await sql`with removed as (
      delete from communication_preferences p using stage_patients s
      where p.patient_id = s.patient_id and s.no_voicemail = false and p.kind = 'no_voicemail' and p.note = 'pms_import'
      returning p.patient_id)
    update stage_patients s set changed = true from (select distinct patient_id from removed) r where s.patient_id = r.patient_id`.execute(db);
}

/** Likely duplicates against everyone already in the database (any source): suggestions only, never merged. */
async function findDuplicates(tx: StoreTransaction): Promise<PatientMergeOutcome['duplicates']> {
  const byName = await sql<{ external_id: string; other_source: string; other_external_id: string }>`
    select s.external_id, p.external_source as other_source, p.external_id as other_external_id
    from stage_patients s join patients p
      on lower(p.last_name) = lower(s.last_name) and lower(p.first_name) = lower(s.first_name) and p.birth_date = s.birth_date and p.id <> s.patient_id
    where s.birth_date is not null`.execute(tx.db);
  const byPhone = await sql<{ external_id: string; other_source: string; other_external_id: string }>`
    select distinct s.external_id, p.external_source as other_source, p.external_id as other_external_id
    from stage_contact_points c
    join stage_patients s on s.ord = c.ord
    join contact_points cp on cp.value = c.value and cp.kind = 'phone' and cp.is_valid and cp.patient_id <> s.patient_id
    join patients p on p.id = cp.patient_id and lower(p.first_name) = lower(s.first_name) and lower(p.last_name) = lower(s.last_name)
    where c.kind = 'phone' and c.is_valid and (s.birth_date is null or p.birth_date is null or s.birth_date = p.birth_date)`.execute(tx.db);
  return [
    ...byName.rows.map((r) => ({ externalId: r.external_id, otherSource: r.other_source, otherExternalId: r.other_external_id, reason: 'same_name_and_birth_date' as const })),
    ...byPhone.rows.map((r) => ({ externalId: r.external_id, otherSource: r.other_source, otherExternalId: r.other_external_id, reason: 'same_phone_and_name' as const })),
  ];
}

/** After the last batch: links whose guarantor arrived in a later batch. Returns the patients linked now. */
export async function linkPendingGuarantors(
  tx: StoreTransaction, context: MergeContext, links: readonly { ord: number; externalId: string; guarantorExternalId: string }[],
): Promise<{ linked: number[]; stillMissing: number[] }> {
  const { db } = tx;
  const src = context.source;
  await stageRows(tx, {
    table: 'stage_guarantors',
    ddl: 'ord int not null, external_id text not null, guarantor_external_id text not null, patient_id bigint, guarantor_id bigint, changed boolean not null default false',
    columns: [['ord', (r) => r.ord], ['external_id', (r) => r.externalId], ['guarantor_external_id', (r) => r.guarantorExternalId]],
  }, links);
  await sql`update stage_guarantors s set
      patient_id = (select p.id from patients p where p.external_source = ${src} and p.external_id = s.external_id),
      guarantor_id = (select g.id from patients g where g.external_source = ${src} and g.external_id = s.guarantor_external_id)`.execute(db);
  const linked = await ords(db, sql<{ ord: number }>`with linked as (
      update patients p set guarantor_id = s.guarantor_id, updated_at = now()
      from stage_guarantors s where p.id = s.patient_id and s.guarantor_id is not null and p.guarantor_id is distinct from s.guarantor_id
      returning p.id)
    update stage_guarantors s set changed = true from linked l where s.patient_id = l.id returning s.ord`);
  await queueReplan(db, 'stage_guarantors', 'import');
  const stillMissing = await ords(db, sql<{ ord: number }>`select ord from stage_guarantors where guarantor_id is null order by ord`);
  return { linked, stillMissing };
}

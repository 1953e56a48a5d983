/**
 * Set-based procedure upsert for one batch. Keyed by (external_source, external_id) when the source
 * has procedure ids; otherwise by the natural key (patient, code, date, status), where two identical
 * rows of one batch (two fillings the same day) are told apart by their order.
 */
import { sql } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import { countOf, ords, stageRows, unresolved, type MergeContext, type MergeOutcome } from './import-staging.js';

export interface ProcedureStageRow {
  ord: number;
  externalId: string | null;
  patientExternalId: string;
  codeSystem: string;
  code: string;
  description: string | null;
  status: string;
  performedOn: string;
  feeCents: number | null;
  providerExternalId: string | null;
  locationExternalId: string | null;
  appointmentExternalId: string | null;
}

export async function upsertProcedures(tx: StoreTransaction, context: MergeContext, rows: readonly ProcedureStageRow[]): Promise<MergeOutcome> {
  const { db } = tx;
  const src = context.source;
  await stageRows(tx, {
    table: 'stage_procedures',
    ddl: `ord int not null, external_id text, patient_external_id text not null, code_system text not null, code text not null, description text,
          status text not null, performed_on date not null, fee_cents int, provider_external_id text, location_external_id text, appointment_external_id text,
          id bigint, patient_id bigint, provider_id bigint, location_id bigint, appointment_id bigint, inserted boolean not null default false, changed boolean not null default false`,
    columns: [
      ['ord', (r) => r.ord], ['external_id', (r) => r.externalId], ['patient_external_id', (r) => r.patientExternalId], ['code_system', (r) => r.codeSystem],
      ['code', (r) => r.code], ['description', (r) => r.description], ['status', (r) => r.status], ['performed_on', (r) => r.performedOn],
      ['fee_cents', (r) => r.feeCents], ['provider_external_id', (r) => r.providerExternalId], ['location_external_id', (r) => r.locationExternalId],
      ['appointment_external_id', (r) => r.appointmentExternalId],
    ],
  }, rows);
  // How many staged rows are already stored: a first import (none) skips the comparison and update passes.
  const existingResult = await sql<{ n: number }>`with resolved as (update stage_procedures s set
      id = (select t.id from procedures t where s.external_id is not null and t.external_source = ${src} and t.external_id = s.external_id),
      patient_id = (select p.id from patients p where p.external_source = ${src} and p.external_id = s.patient_external_id),
      provider_id = case when s.provider_external_id is null then null else (select v.id from providers v where v.external_source = ${src} and v.external_id = s.provider_external_id) end,
      location_id = case when s.location_external_id is null then null else (select l.id from locations l where l.external_source = ${src} and l.external_id = s.location_external_id) end,
      appointment_id = case when s.appointment_external_id is null then null else (select a.id from appointments a where a.external_source = ${src} and a.external_id = s.appointment_external_id) end
      returning s.id)
    select count(id)::int as n from resolved`.execute(db);
  let existing = Number(existingResult.rows[0]?.n ?? 0);
  const byNaturalKey = rows.some((r) => r.externalId === null);
  const rejected = await unresolved(db, 'stage_procedures', 'patient_id', 'patient_external_id', 'patient_id');
  if (rejected.length > 0) await sql`delete from stage_procedures where patient_id is null`.execute(db);
  // Optional references no row names need no query.
  const missing = [
    ...(rows.some((r) => r.locationExternalId !== null) ? await unresolved(db, 'stage_procedures', 'location', 'location_external_id', 'location_id') : []),
    ...(rows.some((r) => r.providerExternalId !== null) ? await unresolved(db, 'stage_procedures', 'provider', 'provider_external_id', 'provider_id') : []),
    ...(rows.some((r) => r.appointmentExternalId !== null) ? await unresolved(db, 'stage_procedures', 'appointment_id', 'appointment_external_id', 'appointment_id') : []),
  ];
  // Natural key: the n-th staged row of a key matches the n-th stored row of that key.
  if (byNaturalKey) existing += await countOf(db, sql`with touched as (update stage_procedures s set id = m.id from (
      select x.ord, t.id
      from (select ord, patient_id, code, performed_on, status,
                   row_number() over (partition by patient_id, code, performed_on, status order by ord) as n
            from stage_procedures where external_id is null) x
      join (select id, patient_id, code, performed_on, status,
                   row_number() over (partition by patient_id, code, performed_on, status order by id) as n
            from procedures
            where external_source = ${src} and external_id is null
              and patient_id in (select patient_id from stage_procedures where external_id is null)) t
        on t.patient_id = x.patient_id and t.code = x.code and t.performed_on = x.performed_on and t.status = x.status and t.n = x.n) m
    where s.ord = m.ord returning 1) select count(*)::int as n from touched`);

  if (existing > 0) {
    await sql`with changed as (
      update procedures t set patient_id = s.patient_id, code_system = s.code_system, code = s.code, description = s.description, status = s.status,
        performed_on = s.performed_on, fee_cents = s.fee_cents, provider_id = s.provider_id, location_id = s.location_id, appointment_id = s.appointment_id, updated_at = now()
      from stage_procedures s
      where t.id = s.id and (t.patient_id, t.code_system, t.code, t.description, t.status, t.performed_on, t.fee_cents, t.provider_id, t.location_id, t.appointment_id)
        is distinct from (s.patient_id, s.code_system, s.code, s.description, s.status, s.performed_on, s.fee_cents, s.provider_id, s.location_id, s.appointment_id)
      returning t.id)
    update stage_procedures s set changed = true from changed c where s.id = c.id`.execute(db);
  }
  // New rows straight from staging, ids in file order, so the natural key's n-th row stays the n-th row on the next import.
  const inserted = await countOf(db, sql`with touched as (insert into procedures (id, external_source, external_id, patient_id, code_system, code, description, status, performed_on, fee_cents, provider_id, location_id, appointment_id)
    select nextval(pg_get_serial_sequence('procedures', 'id')), ${src}, external_id, patient_id, code_system, code, description, status, performed_on, fee_cents, provider_id, location_id, appointment_id
    from (select * from stage_procedures where id is null order by ord) o returning 1) select count(*)::int as n from touched`);
  await sql`insert into replan_queue (patient_id, reason) select distinct patient_id, 'import' from stage_procedures where id is null or changed
    on conflict (patient_id) do nothing`.execute(db);
  const updated = existing > 0 ? await ords(db, sql<{ ord: number }>`select ord from stage_procedures where changed`) : [];
  return { inserted, updated, rejected, unresolved: missing };
}

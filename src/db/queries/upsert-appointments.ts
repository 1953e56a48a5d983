/**
 * Set-based appointment upsert for one batch, keyed by (external_source, external_id). Start times
 * arrive already resolved to instants (the use case knows each office's time zone). Rows whose
 * patient is not in the database are not imported and are reported by position.
 */
import { sql } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import { countOf, ords, stageRows, unresolved, type MergeContext, type MergeOutcome } from './import-staging.js';

export interface AppointmentStageRow {
  ord: number;
  externalId: string;
  patientExternalId: string;
  startsAt: string;
  durationMinutes: number | null;
  status: string;
  type: string | null;
  providerExternalId: string | null;
  locationExternalId: string | null;
  procedureCodes: string[];
}

export async function upsertAppointments(tx: StoreTransaction, context: MergeContext, rows: readonly AppointmentStageRow[]): Promise<MergeOutcome> {
  const { db } = tx;
  const src = context.source;
  await stageRows(tx, {
    table: 'stage_appointments',
    ddl: `ord int not null, external_id text not null, patient_external_id text not null, starts_at timestamptz not null, duration_minutes int,
          status text not null, type text, provider_external_id text, location_external_id text, procedure_codes text[] not null,
          id bigint, patient_id bigint, provider_id bigint, location_id bigint, inserted boolean not null default false, changed boolean not null default false`,
    columns: [
      ['ord', (r) => r.ord], ['external_id', (r) => r.externalId], ['patient_external_id', (r) => r.patientExternalId], ['starts_at', (r) => r.startsAt],
      ['duration_minutes', (r) => r.durationMinutes], ['status', (r) => r.status], ['type', (r) => r.type], ['provider_external_id', (r) => r.providerExternalId],
      ['location_external_id', (r) => r.locationExternalId], ['procedure_codes', (r) => r.procedureCodes],
    ],
  }, rows);
  // How many staged rows are already stored: a first import (none) skips the comparison and update passes.
  const existingResult = await sql<{ n: number }>`with resolved as (update stage_appointments s set
      id = (select a.id from appointments a where a.external_source = ${src} and a.external_id = s.external_id),
      patient_id = (select p.id from patients p where p.external_source = ${src} and p.external_id = s.patient_external_id),
      provider_id = (select v.id from providers v where v.external_source = ${src} and v.external_id = s.provider_external_id),
      location_id = (select l.id from locations l where l.external_source = ${src} and l.external_id = s.location_external_id)
      returning s.id)
    select count(id)::int as n from resolved`.execute(db);
  const existing = Number(existingResult.rows[0]?.n ?? 0);
  const rejected = await unresolved(db, 'stage_appointments', 'patient_id', 'patient_external_id', 'patient_id');
  if (rejected.length > 0) await sql`delete from stage_appointments where patient_id is null`.execute(db);
  // Optional references no row names need no query.
  const missing = [
    ...(rows.some((r) => r.locationExternalId !== null) ? await unresolved(db, 'stage_appointments', 'location', 'location_external_id', 'location_id') : []),
    ...(rows.some((r) => r.providerExternalId !== null) ? await unresolved(db, 'stage_appointments', 'provider', 'provider_external_id', 'provider_id') : []),
  ];

  // Both the old and the new patient of a moved appointment need re-planning.
  if (existing > 0) {
    await sql`with changed as (
      update appointments a set patient_id = s.patient_id, location_id = s.location_id, provider_id = s.provider_id, starts_at = s.starts_at,
        duration_minutes = coalesce(s.duration_minutes, a.duration_minutes), status = s.status, type = s.type, procedure_codes = s.procedure_codes, updated_at = now()
      from stage_appointments s
      where a.id = s.id and (a.patient_id, a.location_id, a.provider_id, a.starts_at, a.duration_minutes, a.status, a.type, a.procedure_codes)
        is distinct from (s.patient_id, s.location_id, s.provider_id, s.starts_at, coalesce(s.duration_minutes, a.duration_minutes), s.status, s.type, s.procedure_codes)
      returning a.id)
    update stage_appointments s set changed = true from changed c where s.id = c.id`.execute(db);
  }
  // New rows straight from staging (no second pass over it to hand out ids).
  const inserted = await countOf(db, sql`with touched as (
      insert into appointments (external_source, external_id, patient_id, location_id, provider_id, starts_at, duration_minutes, status, type, procedure_codes)
      select ${src}, external_id, patient_id, location_id, provider_id, starts_at, coalesce(duration_minutes, 60), status, type, procedure_codes
      from stage_appointments where id is null
      returning 1)
    select count(*)::int as n from touched`);
  await sql`insert into replan_queue (patient_id, reason) select distinct patient_id, 'import' from stage_appointments where id is null or changed
    on conflict (patient_id) do nothing`.execute(db);
  const updated = existing > 0 ? await ords(db, sql<{ ord: number }>`select ord from stage_appointments where changed`) : [];
  return { inserted, updated, rejected, unresolved: missing };
}

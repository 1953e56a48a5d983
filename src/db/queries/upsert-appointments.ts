/**
 * Appointment upsert for one batch, keyed by (external_source, external_id). Start times arrive
 * already resolved to instants (the use case knows each office's time zone). References resolve to
 * ids in JS; new visits are COPY'd straight into the table, and only visits already stored go
 * through staging, where a row is written only if one of its values changed. Rows whose patient is
 * not in the database are not imported and are reported by position.
 */
import { sql } from 'kysely';
import type { CopyValue } from '../copy-csv.js';
import type { StoreTransaction } from '../open-store.js';
import { idsByExternalId, sourceWasEmpty, storedByExternalId, type StoredRow } from './external-ids.js';
import { idOrNull, stageRows, unresolvedReferences, writeSplitBatch, type MergeContext, type MergeOutcome, type UnresolvedReference } from './import-staging.js';

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
  /** null = the file does not say (a stored chair is kept). */
  chair: string | null;
}

/** A row whose patient is known; the optional references resolve when the row is written. */
interface Accepted { row: AppointmentStageRow; patientId: number }
interface Known extends Accepted { stored: StoredRow }
type References = (r: AppointmentStageRow) => { locationId: number | null; providerId: number | null };

export async function upsertAppointments(tx: StoreTransaction, context: MergeContext, rows: readonly AppointmentStageRow[]): Promise<MergeOutcome> {
  const { db } = tx;
  const src = context.source;
  const patients = await idsByExternalId(db, 'patients', src, rows.map((r) => r.patientExternalId));
  const locations = await idsByExternalId(db, 'locations', src, rows.map((r) => r.locationExternalId));
  const providers = await idsByExternalId(db, 'providers', src, rows.map((r) => r.providerExternalId));
  const stored = (await sourceWasEmpty(db, context, 'appointments')) ? new Map<string, StoredRow>() : await storedByExternalId(db, 'appointments', src, rows.map((r) => r.externalId));
  const references: References = (r) => ({ locationId: idOrNull(locations, r.locationExternalId), providerId: idOrNull(providers, r.providerExternalId) });

  const rejected: UnresolvedReference[] = [];
  const acceptedRows: AppointmentStageRow[] = [];
  const fresh: CopyValue[][] = [];
  const freshPatients: number[] = [];
  const known: Known[] = [];
  for (const r of rows) {
    const patientId = patients.get(r.patientExternalId);
    if (patientId === undefined) {
      rejected.push({ ord: r.ord, field: 'patient_id', value: r.patientExternalId });
      continue;
    }
    acceptedRows.push(r);
    const before = stored.get(r.externalId);
    if (before) {
      known.push({ row: r, patientId, stored: before });
      continue;
    }
    const { locationId, providerId } = references(r);
    fresh.push([src, r.externalId, patientId, locationId, providerId, r.startsAt, r.durationMinutes ?? 60, r.status, r.type, r.procedureCodes, r.chair, context.now]);
    freshPatients.push(patientId);
  }
  const missing = [
    ...unresolvedReferences(acceptedRows, 'location', (r) => r.locationExternalId, locations),
    ...unresolvedReferences(acceptedRows, 'provider', (r) => r.providerExternalId, providers),
  ];

  return writeSplitBatch(tx, {
    table: 'appointments',
    // first_seen_at only on insert: the update below never touches it (the report attributes bookings by it).
    columns: ['external_source', 'external_id', 'patient_id', 'location_id', 'provider_id', 'starts_at', 'duration_minutes', 'status', 'type', 'procedure_codes', 'chair', 'first_seen_at'],
    fresh, freshPatients, known, updateChanged: (rows) => updateChanged(tx, rows, references), rejected, unresolved: missing,
  });
}

/** Stored visits whose values differ are updated (a re-import writes nothing); returns their batch positions. */
async function updateChanged(tx: StoreTransaction, known: readonly Known[], references: References): Promise<number[]> {
  await stageRows(tx, {
    table: 'stage_appointments',
    ddl: `ord int not null, id bigint not null, patient_id bigint not null, location_id bigint, provider_id bigint, starts_at timestamptz not null,
          duration_minutes int, status text not null, type text, procedure_codes text[] not null, chair text`,
    columns: [
      ['ord', (k) => k.row.ord], ['id', (k) => k.stored.id], ['patient_id', (k) => k.patientId], ['location_id', (k) => references(k.row).locationId],
      ['provider_id', (k) => references(k.row).providerId], ['starts_at', (k) => k.row.startsAt], ['duration_minutes', (k) => k.row.durationMinutes],
      ['status', (k) => k.row.status], ['type', (k) => k.row.type], ['procedure_codes', (k) => k.row.procedureCodes],
      ['chair', (k) => k.row.chair],
    ],
  }, known);
  const result = await sql<{ ord: number }>`update appointments a set patient_id = s.patient_id, location_id = s.location_id, provider_id = s.provider_id, starts_at = s.starts_at,
      duration_minutes = coalesce(s.duration_minutes, a.duration_minutes), status = s.status, type = s.type, procedure_codes = s.procedure_codes,
      chair = coalesce(s.chair, a.chair), updated_at = now()
    from stage_appointments s
    where a.id = s.id and (a.patient_id, a.location_id, a.provider_id, a.starts_at, a.duration_minutes, a.status, a.type, a.procedure_codes, a.chair)
      is distinct from (s.patient_id, s.location_id, s.provider_id, s.starts_at, coalesce(s.duration_minutes, a.duration_minutes), s.status, s.type, s.procedure_codes,
        coalesce(s.chair, a.chair))
    returning s.ord`.execute(tx.db);
  return result.rows.map((r) => Number(r.ord));
}

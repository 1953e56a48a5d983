/**
 * Procedure upsert for one batch. Keyed by (external_source, external_id) when the source has
 * procedure ids; otherwise by the natural key (patient, code, date, status), where two identical
 * rows of one batch (two fillings the same day) are told apart by their order. References resolve
 * to ids in JS; new procedures are COPY'd straight into the table in file order, and only stored
 * ones go through staging, where a row is written only if one of its values changed.
 */
import { sql, type Kysely } from 'kysely';
import type { CopyValue } from '../copy-csv.js';
import type { StoreTransaction } from '../open-store.js';
import type { Database } from '../schema.js';
import { idsByExternalId, sourceWasEmpty, storedByExternalId, type StoredRow } from './external-ids.js';
import { idOrNull, stageRows, unresolvedReferences, writeSplitBatch, type MergeContext, type MergeOutcome, type UnresolvedReference } from './import-staging.js';

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

/** A row whose patient is known; the optional references resolve when the row is written. */
interface Accepted { row: ProcedureStageRow; patientId: number }
interface Known extends Accepted { stored: StoredRow }

export async function upsertProcedures(tx: StoreTransaction, context: MergeContext, rows: readonly ProcedureStageRow[]): Promise<MergeOutcome> {
  const { db } = tx;
  const src = context.source;
  const patients = await idsByExternalId(db, 'patients', src, rows.map((r) => r.patientExternalId));
  const locations = await idsByExternalId(db, 'locations', src, rows.map((r) => r.locationExternalId));
  const providers = await idsByExternalId(db, 'providers', src, rows.map((r) => r.providerExternalId));
  const appointments = await idsByExternalId(db, 'appointments', src, rows.map((r) => r.appointmentExternalId));
  const stored = (await sourceWasEmpty(db, context, 'procedures')) ? new Map<string, StoredRow>() : await storedByExternalId(db, 'procedures', src, rows.map((r) => r.externalId));
  const references = (r: ProcedureStageRow) => ({
    providerId: idOrNull(providers, r.providerExternalId), locationId: idOrNull(locations, r.locationExternalId), appointmentId: idOrNull(appointments, r.appointmentExternalId),
  });

  const rejected: UnresolvedReference[] = [];
  const accepted: Accepted[] = [];
  for (const row of rows) {
    const patientId = patients.get(row.patientExternalId);
    if (patientId === undefined) rejected.push({ ord: row.ord, field: 'patient_id', value: row.patientExternalId });
    else accepted.push({ row, patientId });
  }
  const acceptedRows = accepted.map((a) => a.row);
  const missing = [
    ...unresolvedReferences(acceptedRows, 'location', (r) => r.locationExternalId, locations),
    ...unresolvedReferences(acceptedRows, 'provider', (r) => r.providerExternalId, providers),
    ...unresolvedReferences(acceptedRows, 'appointment_id', (r) => r.appointmentExternalId, appointments),
  ];
  const byNaturalKey = accepted.some((a) => a.row.externalId === null) ? await storedByNaturalKey(db, src, accepted, context.unkeyedProceduresSeen) : new Map<number, StoredRow>();

  const fresh: CopyValue[][] = [];
  const freshPatients: number[] = [];
  const known: Known[] = [];
  for (const a of accepted) {
    const r = a.row;
    const before = r.externalId === null ? byNaturalKey.get(r.ord) : stored.get(r.externalId);
    if (before) {
      known.push({ ...a, stored: before });
      continue;
    }
    const { providerId, locationId, appointmentId } = references(r);
    fresh.push([src, r.externalId, a.patientId, r.codeSystem, r.code, r.description, r.status, r.performedOn, r.feeCents, providerId, locationId, appointmentId]);
    freshPatients.push(a.patientId);
  }
  // In file order: ids follow it, so the natural key's n-th row stays the n-th row on the next import.
  return writeSplitBatch(tx, {
    table: 'procedures',
    columns: ['external_source', 'external_id', 'patient_id', 'code_system', 'code', 'description', 'status', 'performed_on', 'fee_cents', 'provider_id', 'location_id', 'appointment_id'],
    fresh, freshPatients, known, updateChanged: (rows) => updateChanged(tx, rows, references), rejected, unresolved: missing,
  });
}

/**
 * Rows without a procedure id, matched to stored rows of the same source without one: the n-th
 * row of a (patient, code, date, status) in the file is the n-th stored one (by id), counting the
 * rows earlier batches of this run took (`seenInRun`). Batch position → stored row.
 */
async function storedByNaturalKey(db: Kysely<Database>, source: string, rows: readonly Accepted[], seenInRun: Map<string, number>): Promise<Map<number, StoredRow>> {
  const unkeyed = rows.filter((a) => a.row.externalId === null);
  const patientIds = [...new Set(unkeyed.map((a) => a.patientId))];
  const result = await sql<{ id: number; patient_id: number; code: string; performed_on: string; status: string }>`
    select id, patient_id, code, performed_on, status from procedures
    where external_source = ${source} and external_id is null and patient_id = any(${patientIds}::bigint[])
    order by id`.execute(db);
  const naturalKey = (patientId: number, code: string, performedOn: string, status: string) => `${patientId}\u0000${code}\u0000${performedOn}\u0000${status}`;
  const storedIds = new Map<string, number[]>();
  for (const r of result.rows) {
    const key = naturalKey(Number(r.patient_id), r.code, r.performed_on, r.status);
    const ids = storedIds.get(key);
    if (ids) ids.push(Number(r.id));
    else storedIds.set(key, [Number(r.id)]);
  }
  const matched = new Map<number, StoredRow>();
  for (const { row, patientId } of unkeyed) {
    const key = naturalKey(patientId, row.code, row.performedOn, row.status);
    const n = seenInRun.get(key) ?? 0;
    seenInRun.set(key, n + 1);
    const id = storedIds.get(key)?.[n];
    if (id !== undefined) matched.set(row.ord, { id, patientId });
  }
  return matched;
}

/** Stored procedures whose values differ are updated (a re-import writes nothing); returns their batch positions. */
async function updateChanged(tx: StoreTransaction, known: readonly Known[], references: (r: ProcedureStageRow) => { providerId: number | null; locationId: number | null; appointmentId: number | null }): Promise<number[]> {
  await stageRows(tx, {
    table: 'stage_procedures',
    ddl: `ord int not null, id bigint not null, patient_id bigint not null, code_system text not null, code text not null, description text, status text not null,
          performed_on date not null, fee_cents int, provider_id bigint, location_id bigint, appointment_id bigint`,
    columns: [
      ['ord', (k) => k.row.ord], ['id', (k) => k.stored.id], ['patient_id', (k) => k.patientId], ['code_system', (k) => k.row.codeSystem], ['code', (k) => k.row.code],
      ['description', (k) => k.row.description], ['status', (k) => k.row.status], ['performed_on', (k) => k.row.performedOn], ['fee_cents', (k) => k.row.feeCents],
      ['provider_id', (k) => references(k.row).providerId], ['location_id', (k) => references(k.row).locationId], ['appointment_id', (k) => references(k.row).appointmentId],
    ],
  }, known);
  const result = await sql<{ ord: number }>`update procedures t set patient_id = s.patient_id, code_system = s.code_system, code = s.code, description = s.description, status = s.status,
      performed_on = s.performed_on, fee_cents = s.fee_cents, provider_id = s.provider_id, location_id = s.location_id, appointment_id = s.appointment_id, updated_at = now()
    from stage_procedures s
    where t.id = s.id and (t.patient_id, t.code_system, t.code, t.description, t.status, t.performed_on, t.fee_cents, t.provider_id, t.location_id, t.appointment_id)
      is distinct from (s.patient_id, s.code_system, s.code, s.description, s.status, s.performed_on, s.fee_cents, s.provider_id, s.location_id, s.appointment_id)
    returning s.ord`.execute(tx.db);
  return result.rows.map((r) => Number(r.ord));
}

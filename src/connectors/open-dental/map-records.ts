/**
 * Open Dental API pages → the importers' canonical records, through the same preset machinery as an
 * Open Dental CSV export (openDentalApiPreset), so one mapping serves files and the API. Problems
 * cite the endpoint and the row's position in the whole list (offset + place on the page), and
 * records keep that position as their origin.
 */
import type { ImportBatch } from '../../importers/import-batch.js';
import { collectBatches } from '../../importers/import-batch.js';
import { importJsonTable } from '../../importers/json/import-json-table.js';
import type { AppointmentRecord, ContactRecord, PatientRecord, ProcedureRecord, RecallRecord, RecordsByKind, TableKind } from '../../importers/records.js';
import type { OdAppointment, OdCommlog, OdPatient, OdProcedureLog, OdRecall, OdRecallType } from './api-types.js';
import { openDentalApiPreset } from './api-preset.js';

export interface PagePosition {
  /** The list's Offset for this page (0 for the first). */
  offset: number;
}

export function mapPatients(rows: readonly OdPatient[], page: PagePosition = { offset: 0 }): Promise<ImportBatch<PatientRecord>> {
  return mapRows('patients', 'Open Dental /patients/Simple', rows, page);
}

/** Pattern holds one character per five minutes: that is the appointment's length. */
export function mapAppointments(rows: readonly OdAppointment[], page: PagePosition = { offset: 0 }): Promise<ImportBatch<AppointmentRecord>> {
  const withLength = rows.map((row) => (typeof row.Pattern === 'string' && row.Pattern !== '' ? { ...row, duration_minutes: row.Pattern.length * 5 } : row));
  return mapRows('appointments', 'Open Dental /appointments', withLength, page);
}

export function mapProcedureLogs(rows: readonly OdProcedureLog[], page: PagePosition = { offset: 0 }): Promise<ImportBatch<ProcedureRecord>> {
  return mapRows('procedures', 'Open Dental /procedurelogs', rows, page);
}

/** GET /recalls names the type by RecallTypeNum only; GET /recalltypes gives its description (Prophy, Perio…). */
export function mapRecalls(rows: readonly OdRecall[], recallTypes: readonly OdRecallType[], page: PagePosition = { offset: 0 }): Promise<ImportBatch<RecallRecord>> {
  const names = new Map(recallTypes.map((t) => [t.RecallTypeNum, t.Description]));
  const named = rows.map((row) => ({ ...row, recallType: names.get(row.RecallTypeNum) ?? '' }));
  return mapRows('recalls', 'Open Dental /recalls', named, page);
}

export function mapCommlogs(rows: readonly OdCommlog[], page: PagePosition = { offset: 0 }): Promise<ImportBatch<ContactRecord>> {
  return mapRows('contacts', 'Open Dental /commlogs', rows, page);
}

async function mapRows<K extends TableKind>(kind: K, file: string, rows: readonly object[], page: PagePosition): Promise<ImportBatch<RecordsByKind[K]>> {
  const batch = await collectBatches(importJsonTable(kind, rows, { file, preset: openDentalApiPreset, batchSize: Math.max(1, rows.length) }));
  if (page.offset !== 0) {
    for (const problem of batch.problems) if (problem.line !== null) problem.line += page.offset;
    for (const record of batch.records) if (record.origin.line !== null) record.origin.line += page.offset;
  }
  return batch;
}

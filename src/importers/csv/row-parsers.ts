import type { RecordsByKind, TableKind } from '../records.js';
import type { RowReader } from './row-reader.js';
import { parseAppointmentRow } from './rows/appointment-row.js';
import { parseContactRow } from './rows/contact-row.js';
import { parseLocationRow } from './rows/location-row.js';
import { parsePatientRow } from './rows/patient-row.js';
import { parseProcedureRow } from './rows/procedure-row.js';
import { parseProviderRow } from './rows/provider-row.js';
import { parseRecallRow } from './rows/recall-row.js';
import { parseScheduleRow } from './rows/schedule-row.js';

export interface RowParser<T> {
  parse: (row: RowReader) => T | null;
  /**
   * The identity of a record within one file, and how to name it in a message. A second row with
   * the same identity is reported and skipped (first wins): silently letting the last row win would
   * hide an export bug. Null: the kind has no identity (contact-log entries may repeat).
   */
  identity: ((record: T) => { key: string; field: string; label: string } | null) | null;
}

export const rowParsers: { [K in TableKind]: RowParser<RecordsByKind[K]> } = {
  locations: { parse: parseLocationRow, identity: (r) => ({ key: r.externalId, field: 'location_id', label: r.externalId }) },
  providers: { parse: parseProviderRow, identity: (r) => ({ key: r.externalId, field: 'provider_id', label: r.externalId }) },
  patients: { parse: parsePatientRow, identity: (r) => ({ key: r.externalId, field: 'patient_id', label: r.externalId }) },
  appointments: { parse: parseAppointmentRow, identity: (r) => ({ key: r.externalId, field: 'appointment_id', label: r.externalId }) },
  procedures: {
    parse: parseProcedureRow,
    identity: (r) => (r.externalId === null ? null : { key: r.externalId, field: 'procedure_id', label: r.externalId }),
  },
  recalls: {
    parse: parseRecallRow,
    identity: (r) => ({ key: `${r.patientExternalId}\u0000${r.recallType.toLowerCase()}`, field: 'recall_type', label: `${r.patientExternalId} / ${r.recallType}` }),
  },
  contacts: { parse: parseContactRow, identity: null },
  // Two identical schedule rows describe the same hours; nothing to report.
  schedules: { parse: parseScheduleRow, identity: null },
};

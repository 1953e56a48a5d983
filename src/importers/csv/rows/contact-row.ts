import type { ContactRecord } from '../../records.js';
import { parseLocalDateTime } from '../../time/local-date-time.js';
import type { RowReader } from '../row-reader.js';
import { contactChannel, direction } from '../vocabularies.js';

export function parseContactRow(row: RowReader): ContactRecord | null {
  const patientExternalId = row.required('patient_id');
  const at = row.parseRequired('at', (t) => parseLocalDateTime(t, { usDates: row.usDates, allowDateOnly: true }));
  const channel = row.parseRequired('channel', contactChannel);
  const way = row.parse('direction', direction, 'ignore') ?? 'out';
  if (row.rejected || row.skipped || patientExternalId === null || at === null || channel === null) return null;
  return { patientExternalId, at, channel, direction: way, outcome: row.text('outcome'), note: row.text('note'), origin: row.origin };
}

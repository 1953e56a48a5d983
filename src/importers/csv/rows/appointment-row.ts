import type { AppointmentRecord } from '../../records.js';
import { parseLocalDateTime } from '../../time/local-date-time.js';
import { parsedFail, parsedOk } from '../../values/parsed.js';
import type { RowReader } from '../row-reader.js';
import { appointmentStatus } from '../vocabularies.js';

const minutes = (text: string) => (/^\d{1,4}$/.test(text) ? parsedOk(Number(text)) : parsedFail<number>('is not a number of minutes; use e.g. 60'));

export function parseAppointmentRow(row: RowReader): AppointmentRecord | null {
  const externalId = row.required('appointment_id');
  const patientExternalId = row.required('patient_id');
  const options = { usDates: row.usDates };
  // athenahealth and some PMS reports split the start into a date and a time column.
  const start = row.has('start')
    ? row.parseRequired('start', (t) => parseLocalDateTime(t, options))
    : row.parseRequired('start_date', (date) => {
      const time = row.text('start_time');
      if (time === null) return parsedFail('has no start_time next to it; both are needed');
      return parseLocalDateTime(`${date} ${time}`, options);
    });
  const status = row.parseRequired('status', appointmentStatus);
  const durationMinutes = row.parse('duration_minutes', minutes, 'ignore');
  const codes = (row.text('procedure_codes') ?? '').split(/[;,|\s]+/).map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  if (row.rejected || row.skipped || externalId === null || patientExternalId === null || start === null || status === null) return null;
  return {
    externalId, patientExternalId, start, status, durationMinutes,
    type: row.text('type'), providerExternalId: row.text('provider'), locationExternalId: row.text('location'),
    procedureCodes: [...new Set(codes)], chair: row.text('chair'), origin: row.origin,
  };
}

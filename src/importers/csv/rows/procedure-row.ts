import type { ProcedureRecord } from '../../records.js';
import { parseCalendarDate } from '../../values/calendar-date.js';
import { parseMoneyCents } from '../../values/money.js';
import { parsedFail, parsedOk } from '../../values/parsed.js';
import type { RowReader } from '../row-reader.js';
import { codeSystem, procedureStatus } from '../vocabularies.js';

export function parseProcedureRow(row: RowReader): ProcedureRecord | null {
  const patientExternalId = row.required('patient_id');
  const code = row.required('code')?.toUpperCase() ?? null;
  const status = row.parseRequired('status', procedureStatus);
  const date = row.parseRequired('date', (t) => {
    const parsed = parseCalendarDate(t, { usDates: row.usDates });
    if (parsed.ok && parsed.value === null) return parsedFail<string>('is an empty-date placeholder; a procedure needs its date');
    return parsed.ok ? parsedOk(parsed.value ?? '') : parsed;
  });
  const system = row.parse('code_system', codeSystem, 'reject') ?? 'CDT';
  if (code !== null && system === 'CDT' && !/^D\d{4}$/.test(code)) {
    row.reject('code', row.raw('code'), `"${row.raw('code')}" is not a CDT code; use e.g. D1110, or set code_system to CPT or SNOMED; the row was not imported`);
  }
  const feeCents = row.parse('fee', parseMoneyCents, 'ignore');
  if (row.rejected || row.skipped || patientExternalId === null || code === null || status === null || date === null) return null;
  return {
    externalId: row.text('procedure_id'), patientExternalId, codeSystem: system, code, status, date, feeCents,
    description: row.text('description'), providerExternalId: row.text('provider'), locationExternalId: row.text('location'),
    appointmentExternalId: row.text('appointment_id'), origin: row.origin,
  };
}

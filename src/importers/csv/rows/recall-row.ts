import type { RecallRecord } from '../../records.js';
import { parseCalendarDate } from '../../values/calendar-date.js';
import { parsedFail, parsedOk } from '../../values/parsed.js';
import { parseRecallInterval } from '../../values/recall-interval.js';
import { parseYesNo } from '../../values/yes-no.js';
import type { RowReader } from '../row-reader.js';

export function parseRecallRow(row: RowReader): RecallRecord | null {
  const patientExternalId = row.required('patient_id');
  const recallType = row.required('recall_type');
  const dateOptions = { usDates: row.usDates };
  const dueDate = row.parseRequired('due_date', (t) => {
    const parsed = parseCalendarDate(t, dateOptions);
    // Open Dental writes 0001-01-01 when a recall has no due date: nothing to remind about.
    if (parsed.ok && parsed.value === null) return parsedFail<string>('means "no due date" in the PMS; a recall without a due date cannot be imported');
    return parsed.ok ? parsedOk(parsed.value ?? '') : parsed;
  });
  const interval = row.parse('interval', parseRecallInterval, 'ignore');
  const disabled = row.parse('disabled', parseYesNo, 'reject') ?? false;
  const previousDate = row.parse('previous_date', (t) => parseCalendarDate(t, dateOptions), 'ignore');
  const scheduledDate = row.parse('scheduled_date', (t) => parseCalendarDate(t, dateOptions), 'ignore');
  if (row.rejected || row.skipped || patientExternalId === null || recallType === null || dueDate === null) return null;
  return { patientExternalId, recallType, dueDate, interval, disabled, previousDate, scheduledDate, origin: row.origin };
}

import type { Preset, PresetTable } from '../../importers/presets/preset.js';
import { openDental } from '../../importers/presets/open-dental.js';

const csv = openDental.tables;
const table = (kind: keyof typeof csv): PresetTable => {
  const found = csv[kind];
  if (!found) throw new Error(`the Open Dental preset has no ${kind} table`);
  return found;
};
const { CodeNum: _codeNum, ...procedureColumns } = table('procedures').columns;
const { 3: _three, unschedlist: _unschedList, ...appointmentSkips } = table('appointments').skipRows?.status ?? {};

/**
 * The Open Dental CSV preset, read for API rows: the same column names and enum translations (the
 * API spells enums by name, which the preset already knows, e.g. PatStatus "Deleted", ProcStatus
 * "TP"), plus what only the API needs:
 *   - API rows carry dozens of fields Recare never reads (priProvAbbr, serverDateTime…): ignored quietly;
 *   - procedurelogs carry both CodeNum (a number) and procCode (the CDT code): only procCode is the code;
 *   - an appointment's Op is its chair (0 = none); its length comes from Pattern (see mapAppointments);
 *   - an UnschedList appointment is one taken off the schedule, nearly always by Appointments PUT Break
 *     with sendToUnscheduledList: a sync that skipped it, as the CSV preset does, would keep the visit
 *     booked in Recare; it is read as cancelled, so the case it covered opens again;
 *   - Mode_ and SentOrReceived are spelled "Phone", "Text", "Email and Text", "In Person", "Sent";
 *   - a recall whose DateDue is 0001-01-01 has never been due and is skipped, not rejected.
 */
export const openDentalApiPreset: Preset = {
  name: 'open-dental-api',
  description: 'Open Dental REST API rows: patients/Simple, appointments, procedurelogs, recalls and commlogs',
  usDates: openDental.usDates,
  tables: {
    patients: { ...table('patients'), ignoreUnmapped: true },
    appointments: {
      ...table('appointments'),
      columns: { ...table('appointments').columns, Op: 'chair' },
      values: { ...table('appointments').values, status: { ...table('appointments').values?.status, 3: 'cancelled', unschedlist: 'cancelled' }, chair: { 0: '' } },
      skipRows: { status: appointmentSkips },
      ignoreUnmapped: true,
    },
    procedures: { ...table('procedures'), columns: procedureColumns, ignoreUnmapped: true },
    recalls: {
      ...table('recalls'),
      ignoreUnmapped: true,
      skipRows: { due_date: { '0001-01-01': 'DateDue 0001-01-01: the recall has never come due' } },
    },
    contacts: {
      ...table('contacts'),
      values: {
        ...table('contacts').values,
        channel: { ...table('contacts').values?.channel, 'email and text': 'sms', 'phone and text': 'voice' },
      },
      skipRows: { channel: { ...table('contacts').skipRows?.channel, 'in person': 'Mode_ "In Person" is not an outreach' } },
      ignoreUnmapped: true,
    },
  },
};

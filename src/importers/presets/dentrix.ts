import type { Preset } from './preset.js';

/**
 * Dentrix (G-series) Continuing Care list. No vendor schema or sample file is public
 * (docs/pms-formats.md §2): the columns are the list's captions as Dentrix's own blog explains them
 * (Date, Type, Appt?, Status, Prior Treat.), plus the chart number an export needs to identify the
 * patient. Anything else an office's view adds can be mapped with --map.
 */
export const dentrix: Preset = {
  name: 'dentrix',
  description: 'Dentrix Continuing Care list (recalls)',
  usDates: true,
  tables: {
    recalls: {
      columns: {
        'Chart #': 'patient_id', 'Chart Number': 'patient_id', Chart: 'patient_id', 'Patient ID': 'patient_id',
        Date: 'due_date', 'Due Date': 'due_date', Type: 'recall_type', 'CC Type': 'recall_type', Interval: 'interval',
        'Appt?': 'scheduled_date', 'Prior Treat.': 'previous_date', 'Prior Treatment': 'previous_date',
      },
      // Status (AptSch, NotHom, CalBK, CallUs, SndCrd, CCSet) is the office's last contact note;
      // its ids are renameable definitions, so it is not interpreted.
      ignore: ['Name', 'Patient', 'Patient Name', 'Status', 'Phone', 'Home Phone', 'Work Phone', 'Prov', 'Provider', 'Age', 'Due Date Span', 'View Name'],
      values: {
        // "+" in Appt? means the patient has some *other* appointment: not a date for this recall.
        scheduled_date: { '+': '' },
      },
    },
  },
};

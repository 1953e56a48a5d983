import type { Preset } from './preset.js';

/**
 * athenahealth (athenaOne) REST API payloads, turned into rows by jsonArrayTable: GET /patients,
 * /appointments/booked|changed and /appointments/appointmentreminders (docs/pms-formats.md §5;
 * samples in shared/fixtures/pms/athenahealth-api-samples). Dates are MM/DD/YYYY, times HH:MM in
 * the department's local time.
 */
export const athenahealth: Preset = {
  name: 'athenahealth',
  description: 'athenahealth API JSON: patients, appointments and appointment reminders (recalls)',
  usDates: true,
  tables: {
    patients: {
      columns: {
        patientid: 'patient_id', firstname: 'first_name', lastname: 'last_name', preferredname: 'preferred_name',
        dob: 'birth_date', sex: 'sex', status: 'status', mobilephone: 'mobile_phone', homephone: 'home_phone',
        workphone: 'work_phone', email: 'email', address1: 'address1', city: 'city', state: 'state', zip: 'zip',
        language6392code: 'language', contactpreference: 'preferred_channel', consenttotext: 'sms_consent',
        consenttocall: 'voice_consent', primarydepartmentid: 'location', primaryproviderid: 'provider',
      },
      ignoreUnmapped: true,
      values: {
        status: { prospective: 'active', deleted: 'archived' },
        preferred_channel: { mobilephone: 'voice', homephone: 'voice', workphone: 'voice', mail: 'letter', email: 'email', sms: 'sms', text: 'sms', '*': '' },
      },
    },
    appointments: {
      columns: {
        appointmentid: 'appointment_id', patientid: 'patient_id', date: 'start_date', starttime: 'start_time',
        duration: 'duration_minutes', appointmentstatus: 'status', appointmenttype: 'type', providerid: 'provider', departmentid: 'location',
      },
      ignoreUnmapped: true,
      values: {
        // f future, x cancelled, 2 checked in, 3 checked out, 4 charge entered (a past visit).
        status: { f: 'scheduled', x: 'cancelled', 2: 'completed', 3: 'completed', 4: 'completed' },
      },
      skipRows: { status: { o: 'appointmentstatus "o" is an open slot, not a booking' } },
    },
    recalls: {
      columns: { patientid: 'patient_id', appointmenttypeid: 'recall_type', approximatedate: 'due_date' },
      ignoreUnmapped: true,
    },
  },
};

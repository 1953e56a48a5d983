import type { TableKind } from '../records.js';

export interface FieldSpec {
  name: string;
  required?: boolean;
  /** Other headers that mean this field without any preset (`dob`, `cell_phone`, `First Name`…). */
  aliases?: readonly string[];
  /** Longest value accepted, in characters (default `defaultMaxLength`); see cell-length.ts. */
  maxLength?: number;
}

/**
 * Ids, names, codes, dates and phone numbers fit in 200 characters with room to spare, and stay far
 * below PostgreSQL's index entry limit (~2,700 bytes) even in four-byte characters.
 */
export const defaultMaxLength = 200;
/** Free text (a contact note, a procedure description) is not indexed. */
const freeText = 10_000;

export interface TableSpec {
  kind: TableKind;
  fields: readonly FieldSpec[];
  /** A required field that another field can stand in for (appointments: `start`, or `start_date` + `start_time`). */
  satisfiedBy?: Readonly<Record<string, string>>;
}

/** The canonical CSV formats of issue 5, one spec per kind; `*` fields are `required: true`. */
export const tableSpecs: Readonly<Record<TableKind, TableSpec>> = {
  locations: {
    kind: 'locations',
    fields: [
      { name: 'location_id', required: true, aliases: ['id', 'location'] },
      { name: 'name', required: true, aliases: ['location_name'] },
      { name: 'time_zone', required: true, aliases: ['timezone', 'tz'] },
      { name: 'address1', aliases: ['address', 'street'] },
      { name: 'city' },
      { name: 'state', required: true },
      { name: 'zip', aliases: ['zip_code', 'zipcode', 'postal_code'] },
      { name: 'phone' },
    ],
  },
  providers: {
    kind: 'providers',
    fields: [
      { name: 'provider_id', required: true, aliases: ['id', 'provider'] },
      { name: 'name', required: true, aliases: ['provider_name'] },
      { name: 'role' },
      { name: 'location', aliases: ['location_id'] },
    ],
  },
  patients: {
    kind: 'patients',
    fields: [
      { name: 'patient_id', required: true, aliases: ['id', 'patient_number', 'chart_number'] },
      { name: 'first_name', required: true, aliases: ['first', 'given_name', 'fname'] },
      { name: 'last_name', required: true, aliases: ['last', 'family_name', 'surname', 'lname'] },
      { name: 'preferred_name', aliases: ['nickname', 'preferred'] },
      { name: 'birth_date', aliases: ['dob', 'date_of_birth', 'birthdate'] },
      { name: 'sex', aliases: ['gender'] },
      { name: 'status', aliases: ['patient_status'] },
      { name: 'mobile_phone', aliases: ['cell_phone', 'cell', 'mobile', 'wireless_phone'] },
      { name: 'home_phone', aliases: ['phone'] },
      { name: 'work_phone' },
      { name: 'email', aliases: ['email_address', 'e_mail'], maxLength: 254 },
      { name: 'address1', aliases: ['address', 'street'] },
      { name: 'city' },
      { name: 'state' },
      { name: 'zip', aliases: ['zip_code', 'zipcode', 'postal_code'] },
      { name: 'language' },
      { name: 'preferred_channel', aliases: ['contact_preference'] },
      { name: 'sms_consent', aliases: ['text_consent'] },
      { name: 'voice_consent', aliases: ['call_consent'] },
      { name: 'email_consent' },
      { name: 'no_voicemail' },
      { name: 'do_not_contact' },
      { name: 'location', aliases: ['location_id'] },
      { name: 'provider', aliases: ['provider_id'] },
      { name: 'guarantor_id', aliases: ['guarantor'] },
    ],
  },
  appointments: {
    kind: 'appointments',
    fields: [
      { name: 'appointment_id', required: true, aliases: ['id'] },
      { name: 'patient_id', required: true },
      { name: 'start', required: true, aliases: ['start_time_local', 'starts_at', 'date_time'] },
      { name: 'start_date', aliases: ['date'] },
      { name: 'start_time', aliases: ['time'] },
      { name: 'duration_minutes', aliases: ['duration', 'length'] },
      { name: 'status', required: true },
      { name: 'type', aliases: ['appointment_type'] },
      { name: 'provider', aliases: ['provider_id'] },
      { name: 'location', aliases: ['location_id'] },
      { name: 'procedure_codes', aliases: ['codes'], maxLength: 1000 },
    ],
    satisfiedBy: { start: 'start_date' },
  },
  procedures: {
    kind: 'procedures',
    fields: [
      { name: 'procedure_id', aliases: ['id'] },
      { name: 'patient_id', required: true },
      { name: 'code', required: true, aliases: ['procedure_code', 'cdt_code'] },
      { name: 'code_system' },
      { name: 'description', maxLength: freeText },
      { name: 'status', required: true },
      { name: 'date', required: true, aliases: ['performed_date', 'procedure_date', 'date_performed'] },
      { name: 'fee', aliases: ['amount'] },
      { name: 'provider', aliases: ['provider_id'] },
      { name: 'location', aliases: ['location_id'] },
      { name: 'appointment_id' },
    ],
  },
  recalls: {
    kind: 'recalls',
    fields: [
      { name: 'patient_id', required: true },
      { name: 'recall_type', required: true, aliases: ['type'] },
      { name: 'due_date', required: true, aliases: ['due', 'date_due'] },
      { name: 'interval', aliases: ['recall_interval'] },
      { name: 'disabled', aliases: ['is_disabled'] },
      { name: 'previous_date', aliases: ['date_previous', 'last_date'] },
      { name: 'scheduled_date', aliases: ['date_scheduled'] },
    ],
  },
  contacts: {
    kind: 'contacts',
    fields: [
      { name: 'patient_id', required: true },
      { name: 'at', required: true, aliases: ['date_time', 'when', 'date'] },
      { name: 'channel', required: true, aliases: ['mode'] },
      { name: 'direction' },
      { name: 'outcome', aliases: ['result'] },
      { name: 'note', aliases: ['notes', 'comment'], maxLength: freeText },
    ],
  },
  schedules: {
    kind: 'schedules',
    fields: [
      { name: 'provider', aliases: ['provider_id'] },
      { name: 'location', required: true, aliases: ['location_id', 'office'] },
      { name: 'weekday', aliases: ['day', 'day_of_week', 'dow'] },
      { name: 'date', aliases: ['on_date'] },
      { name: 'start', aliases: ['start_time', 'from', 'starts'] },
      { name: 'end', aliases: ['end_time', 'to', 'until', 'ends'] },
      { name: 'chair', aliases: ['operatory', 'op', 'room'] },
    ],
  },
};

/** Header matching ignores case, spaces, underscores and punctuation: `First Name` = `first_name` = `FirstName`. */
export function headerKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[^a-z0-9#?]/g, '');
}

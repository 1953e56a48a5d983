/**
 * The canonical records every importer produces, whatever the source (canonical CSV, a PMS preset,
 * athenahealth JSON, FHIR). They are keyed by the source system's external ids; turning those into
 * database ids, and deciding insert vs update, is the upsert use-case's job.
 */
import type { Channel, PatientStatus, PreferredChannel } from '../domain/compliance/index.js';
import type { AppointmentStatus } from '../domain/recall/index.js';
import type { LocalDateTime } from './time/local-date-time.js';

export type ProcedureStatus = 'completed' | 'planned';
export type CodeSystem = 'CDT' | 'CPT' | 'SNOMED' | 'ICD10';
export type ProviderRole = 'dentist' | 'hygienist' | 'physician' | 'other';
export type ContactChannel = Channel;
export type { AppointmentStatus, PatientStatus, PreferredChannel };
export type Sex = 'female' | 'male' | 'other' | 'unknown';

/** Where a record came from, so a later problem (e.g. an unknown patient id at upsert time) can point back at the row. */
export interface RecordOrigin {
  file: string;
  /** CSV/NDJSON line, JSON array position, or null for a resource inside a bundle (see `path`). */
  line: number | null;
  /** For FHIR: the resource, e.g. `entry[12] Procedure/abc`. */
  path?: string;
}

export interface ContactPoint {
  kind: 'phone' | 'email';
  use: 'mobile' | 'home' | 'work' | 'other';
  /** E.164 for a valid phone, lower-cased for an email; the trimmed raw text when invalid. */
  value: string;
  rawValue: string;
  isValid: boolean;
  /** Why it is invalid, e.g. `too short for a US number`; null when valid. */
  invalidReason: string | null;
}

/** Per-channel consent as the source states it: true = yes, false = no, null = not stated (treat as no consent). */
export interface ConsentFlags {
  sms: boolean | null;
  voice: boolean | null;
  email: boolean | null;
}

export interface PostalAddress {
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
}

export interface LocationRecord {
  externalId: string;
  name: string;
  /** IANA zone; null only from FHIR when neither a time-zone extension nor a known ZIP gives one. */
  timeZone: string | null;
  address: PostalAddress;
  phone: ContactPoint | null;
  origin: RecordOrigin;
}

export interface ProviderRecord {
  externalId: string;
  name: string;
  role: ProviderRole;
  locationExternalId: string | null;
  origin: RecordOrigin;
}

export interface PatientRecord {
  externalId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  sex: Sex | null;
  status: PatientStatus;
  /** ISO 639-1 where recognised (`en`, `es`), otherwise lower-cased as given; null when not stated. */
  language: string | null;
  preferredChannel: PreferredChannel | null;
  guarantorExternalId: string | null;
  address: PostalAddress;
  locationExternalId: string | null;
  providerExternalId: string | null;
  contactPoints: ContactPoint[];
  consents: ConsentFlags;
  /** Confidential-communication flag; null = not stated. */
  noVoicemail: boolean | null;
  /** null = not stated (keep what the database has); true = never contact. */
  doNotContact: boolean | null;
  origin: RecordOrigin;
}

export interface AppointmentRecord {
  externalId: string;
  patientExternalId: string;
  /** Local wall time plus offset if the source gave one; resolve with resolveLocalDateTime and the location's zone. */
  start: LocalDateTime;
  durationMinutes: number | null;
  status: AppointmentStatus;
  type: string | null;
  providerExternalId: string | null;
  locationExternalId: string | null;
  procedureCodes: string[];
  origin: RecordOrigin;
}

export interface ProcedureRecord {
  /** Optional in the canonical CSV: a PMS without procedure ids gets natural-key upserts (patient, code, date). */
  externalId: string | null;
  patientExternalId: string;
  codeSystem: CodeSystem;
  code: string;
  description: string | null;
  status: ProcedureStatus;
  /** YYYY-MM-DD: performed date, or the date a planned procedure was presented. */
  date: string;
  feeCents: number | null;
  providerExternalId: string | null;
  locationExternalId: string | null;
  appointmentExternalId: string | null;
  origin: RecordOrigin;
}

/** A due date the PMS (or a FHIR CarePlan/ServiceRequest) already computed. */
export interface RecallRecord {
  patientExternalId: string;
  recallType: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  /** As the source wrote it, e.g. `6m1d`; null when not given. */
  interval: string | null;
  disabled: boolean;
  /** Date of the last visit that satisfied this recall (Dentrix "Prior Treat.", Open Dental DatePrevious). */
  previousDate: string | null;
  /** Date of the appointment already booked for it (Dentrix "Appt?", Open Dental DateScheduled). */
  scheduledDate: string | null;
  origin: RecordOrigin;
}

/** One past touch from the source's contact log (Open Dental commlog, a CSV of calls). */
export interface ContactRecord {
  patientExternalId: string;
  at: LocalDateTime;
  channel: ContactChannel;
  direction: 'out' | 'in';
  outcome: string | null;
  note: string | null;
  origin: RecordOrigin;
}

/**
 * When a provider (or a chair, or both) works at an office: every given ISO weekday, or on one date
 * (which replaces that provider's weekday pattern at the office for the date). Free times for
 * booking links come from these. Times are local to the office.
 */
export interface ScheduleRecord {
  /** Null: a chair that is open without a named provider. */
  providerExternalId: string | null;
  locationExternalId: string;
  /** 1 = Monday … 7 = Sunday; null on a date row. */
  weekday: number | null;
  /** YYYY-MM-DD; null on a weekday row. */
  date: string | null;
  /** 'HH:mm'; both null only on a date row (not working that date). */
  start: string | null;
  end: string | null;
  chair: string | null;
  origin: RecordOrigin;
}

/** The record type each canonical table kind produces. */
export interface RecordsByKind {
  locations: LocationRecord;
  providers: ProviderRecord;
  patients: PatientRecord;
  appointments: AppointmentRecord;
  procedures: ProcedureRecord;
  recalls: RecallRecord;
  contacts: ContactRecord;
  schedules: ScheduleRecord;
}

export type TableKind = keyof RecordsByKind;
export const tableKinds: readonly TableKind[] = ['locations', 'providers', 'patients', 'appointments', 'procedures', 'recalls', 'contacts', 'schedules'];

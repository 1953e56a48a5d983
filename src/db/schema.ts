/**
 * Kysely row types for the schema in migrations/. Column names stay snake_case, as in SQL, so a
 * query reads the same in both places; query modules map rows to domain shapes.
 */
import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../domain/access/index.js';
import type { CaseState, CloseReason, OutreachGroup, Queue } from '../domain/cases/index.js';
import type {
  AttemptChannel, Channel, CommunicationPreferenceKind, LineType, OptOutSource, PatientStatus, PreferredChannel, Purpose, PurposeClass,
} from '../domain/compliance/index.js';
import type { TemplateChannel, TemplateLanguage } from '../domain/messages/index.js';
import type { AppointmentStatus } from '../domain/recall/index.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A calendar date as 'YYYY-MM-DD' on both backends (type parsers keep it a string). */
type CalendarDate = string;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
type Id = Generated<number>;

export interface OrganizationTable {
  id: Generated<number>;
  name: string;
  demo: Generated<boolean>;
  policy: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LocationsTable {
  id: Id;
  external_source: Generated<string>;
  external_id: string;
  name: string;
  time_zone: string;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  phone: string | null;
  /** 0008: the office's address for replies to emails. */
  email: Generated<string | null>;
  hours: Json<Record<string, unknown>>;
  /** 0009: the number staff calls show and texts are sent from (E.164). */
  caller_id: Generated<string | null>;
  /** 0009: the name emails go out under (else the office's name). */
  sender_name: Generated<string | null>;
  holidays_region: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProvidersTable {
  id: Id;
  external_source: Generated<string>;
  external_id: string;
  name: string;
  role: Generated<'dentist' | 'hygienist' | 'physician' | 'other'>;
  location_id: number | null;
  created_at: CreatedAt;
}

export interface PatientsTable {
  id: Id;
  external_source: Generated<string>;
  external_id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  birth_date: CalendarDate | null;
  sex: 'female' | 'male' | 'other' | 'unknown' | null;
  status: Generated<PatientStatus>;
  language: Generated<string>;
  preferred_channel: PreferredChannel | null;
  guarantor_id: number | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  home_location_id: number | null;
  primary_provider_id: number | null;
  time_zone_override: string | null;
  do_not_contact: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** 0011: the patient's "best time to reach me" from their own page. */
  best_time_of_day: ColumnType<'morning' | 'afternoon' | 'evening' | null, 'morning' | 'afternoon' | 'evening' | null | undefined, 'morning' | 'afternoon' | 'evening' | null>;
}

export interface ContactPointsTable {
  id: Id;
  patient_id: number;
  kind: 'phone' | 'email';
  use: 'mobile' | 'home' | 'work' | 'other';
  value: string;
  raw_value: string;
  line_type: Generated<LineType>;
  is_valid: Generated<boolean>;
  invalid_reason: string | null;
  is_primary: Generated<boolean>;
  time_zone_candidates: Generated<string[]>;
  created_at: CreatedAt;
  /** 0012: when it was last marked invalid (wrong number, hard bounce, provider refusal); null = never, or not known. */
  invalid_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ConsentsTable {
  id: Id;
  contact_point_id: number;
  channel: Channel;
  purpose_class: PurposeClass;
  kind: 'pec' | 'pewc';
  granted: boolean;
  source: string;
  captured_at: Timestamp;
  evidence: string | null;
  recorded_by: number | null;
  journal_id: string | null;
  created_at: CreatedAt;
}

export interface OptOutsTable {
  id: Id;
  patient_id: number;
  contact_point_id: number | null;
  channel: Channel | null;
  purpose_class: PurposeClass | null;
  received_via: OptOutSource;
  received_at: Timestamp;
  recorded_by: number | null;
  evidence: string | null;
  revoked_at: Timestamp | null;
  revoked_via: string | null;
  journal_id: string | null;
  revoked_journal_id: string | null;
  created_at: CreatedAt;
}

export interface CommunicationPreferencesTable {
  id: Id;
  patient_id: number;
  kind: CommunicationPreferenceKind;
  alternate_contact_point_id: number | null;
  alternate_address: string | null;
  note: string | null;
  created_at: CreatedAt;
}

export interface AppointmentsTable {
  id: Id;
  external_source: Generated<string>;
  external_id: string;
  patient_id: number;
  location_id: number | null;
  provider_id: number | null;
  starts_at: Timestamp;
  duration_minutes: Generated<number>;
  status: AppointmentStatus;
  type: string | null;
  procedure_codes: Generated<string[]>;
  confirmed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** 0010-provider-schedules: the chair (operatory) as the practice names it; null = not known. */
  chair: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0012: when Recare first saw it (the writer's clock); set on insert, never updated. */
  first_seen_at: ColumnType<Date, Date | string | undefined, never>;
}

/** 0010-provider-schedules: when a provider works in a chair of an office, by weekday or for one date. */
export interface ProviderSchedulesTable {
  id: Id;
  location_id: number;
  provider_id: number | null;
  chair: string | null;
  /** 1 = Monday … 7 = Sunday; null on a date row. */
  weekday: number | null;
  on_date: CalendarDate | null;
  /** Local 'HH:mm'; both null on a date row = not working that date. */
  starts_at: string | null;
  ends_at: string | null;
  import_run_id: number | null;
  created_at: CreatedAt;
}

export interface ProceduresTable {
  id: Id;
  external_source: Generated<string>;
  external_id: string | null;
  patient_id: number;
  code_system: Generated<'CDT' | 'CPT' | 'SNOMED' | 'ICD10'>;
  code: string;
  description: string | null;
  status: 'completed' | 'planned';
  performed_on: CalendarDate;
  fee_cents: number | null;
  provider_id: number | null;
  location_id: number | null;
  appointment_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ReferralsTable {
  id: Id;
  external_source: Generated<string>;
  external_id: string;
  patient_id: number;
  direction: Generated<'in' | 'out'>;
  specialty: string | null;
  referred_to: string | null;
  reason: string | null;
  status: 'open' | 'scheduled' | 'completed' | 'cancelled';
  referred_on: CalendarDate;
  completed_on: CalendarDate | null;
  created_at: CreatedAt;
}

export interface ImportedRecallsTable {
  id: Id;
  external_source: string;
  patient_id: number;
  recall_type: string;
  due_on: CalendarDate;
  interval_text: string | null;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RecallProgramsTable {
  id: Id;
  key: string;
  name: string;
  kind: string;
  purpose: Purpose;
  urgency: Generated<number>;
  trigger: Json<Record<string, unknown>>;
  cadence: Json<Record<string, unknown>>;
  scripts: Json<Record<string, unknown>>;
  templates: Json<Record<string, unknown>>;
  enabled: Generated<boolean>;
  /** The whole validated program (domain/recall RecallProgram); 0004-engine. */
  definition: Json<Record<string, unknown>> | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Id;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  totp_secret: string | null;
  all_locations: Generated<boolean>;
  disabled_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  must_change_password: Generated<boolean>;
  totp_enabled: Generated<boolean>;
  created_at: CreatedAt;
  /** Set while the password is a one-time password (0007-password-lifecycle). */
  one_time_password_expires_at: Timestamp | null;
  one_time_password_used_at: Timestamp | null;
  /** The last TOTP time step accepted, so a code cannot be used twice. */
  totp_last_step: number | null;
  /** 0017: the user's own phone (E.164) that click-to-call rings first. */
  phone: Generated<string | null>;
}

/** Password checks per sign-in email, known or not (0007-password-lifecycle); keyed by a hash of the email. */
export interface SignInAttemptsTable {
  email_key: string;
  attempts: Generated<number>;
  locked_until: Timestamp | null;
  last_attempt_at: Timestamp;
}

/** Single-use second-factor recovery codes; only their hash is stored. */
export interface RecoveryCodesTable {
  user_id: number;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  revoked_at: Timestamp | null;
  remote_address: string | null;
  user_agent: string | null;
}

export interface UserLocationsTable {
  user_id: number;
  location_id: number;
}

export interface CasesTable {
  id: Id;
  patient_id: number;
  location_id: number | null;
  state: Generated<CaseState>;
  owner_user_id: number | null;
  owner_queue: Queue | null;
  claimed_by: number | null;
  claimed_at: Timestamp | null;
  next_step: string | null;
  next_action_at: Timestamp | null;
  priority: Generated<number>;
  priority_why: string | null;
  cadence_step: Generated<number>;
  closed_reason: CloseReason | null;
  opened_at: Generated<Date>;
  closed_at: Timestamp | null;
  updated_at: UpdatedAt;
  /** 0004-engine: anchors and program keys of the open reasons, lead program, earliest due date. */
  reason_anchors: Generated<string[]>;
  program_keys: Generated<string[]>;
  lead_program_key: string | null;
  due_on: CalendarDate | null;
  next_channel: AttemptChannel | null;
  unanswered_attempts: Generated<number>;
  first_attempt_at: Timestamp | null;
  outreach_starts_at: Timestamp | null;
  outreach_ends_at: Timestamp | null;
  snoozed_until: Timestamp | null;
}

export interface DueItemsTable {
  id: Id;
  patient_id: number;
  program_id: number;
  case_id: number | null;
  source: 'computed' | 'imported';
  anchor: string;
  due_on: CalendarDate;
  window_start: CalendarDate;
  window_end: CalendarDate | null;
  evidence: string;
  status: Generated<'open' | 'closed' | 'suppressed'>;
  closed_reason: string | null;
  opened_at: Generated<Date>;
  closed_at: Timestamp | null;
  /** 0004-engine. */
  program_key: string | null;
  outreach_starts_at: Timestamp | null;
  outreach_ends_at: Timestamp | null;
  suppression_code: string | null;
  fee_cents: number | null;
  updated_at: UpdatedAt;
  /** 0013-holdout: drawn once when the item is first recorded; null when its program held out nobody then. */
  outreach_group: OutreachGroup | null;
  outreach_group_at: Timestamp | null;
}

export interface ComplianceDecisionsTable {
  id: Id;
  decided_at: Timestamp;
  patient_id: number;
  contact_point_id: number | null;
  channel: string;
  purpose: string;
  automated: boolean;
  allowed: boolean;
  reasons: Json<{ code: string; message: string }[]>;
  next_allowed_at: Timestamp | null;
  rules_sha256: string;
  inputs: Json<Record<string, unknown>>;
  actor_user_id: number | null;
  created_at: CreatedAt;
}

export interface AttemptsTable {
  id: Id;
  case_id: number | null;
  patient_id: number;
  contact_point_id: number | null;
  channel: Channel;
  direction: Generated<'out' | 'in'>;
  actor_kind: 'staff' | 'automation' | 'import';
  actor_user_id: number | null;
  purpose: string | null;
  program_keys: Generated<string[]>;
  compliance_decision_id: number | null;
  template_key: string | null;
  content_sha256: string | null;
  outcome: string | null;
  note: string | null;
  callback_at: Timestamp | null;
  idempotency_key: string | null;
  provider_message_id: string | null;
  occurred_at: Timestamp;
  created_at: CreatedAt;
  /** 0005: what undoing this attempt's outcome restores (OutcomeUndoRecord, db/queries/outcome-undo.ts); null when it cannot be undone. */
  undo: ColumnType<Record<string, unknown> | null, string | null | undefined, never>;
  /** 0017: why the patient declined or put off care (domain/outcomes/barrier-reasons.ts); null when none was given. */
  reason: ColumnType<string | null, string | null | undefined, never>;
}

export interface AttemptEventsTable {
  id: Id;
  attempt_id: number;
  /** 'voided' (0005): the outcome was undone; the attempt no longer counts anywhere. At most one per attempt. */
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'bounced' | 'replied' | 'voided';
  detail: string | null;
  occurred_at: Timestamp;
  created_at: CreatedAt;
  /** 0005: who appended the event (the user who undid the outcome). */
  actor_user_id: ColumnType<number | null, number | null | undefined, never>;
}

/** 0005: message templates per key and language; programs name them by key (templateKeys). */
export interface MessageTemplatesTable {
  id: Id;
  key: string;
  channel: TemplateChannel;
  language: TemplateLanguage;
  /** Email only (a check constraint keeps it null elsewhere). */
  subject: string | null;
  body: string;
  /** 0017: voicemail only: an uploaded recording played instead of the spoken text. */
  recording_url: Generated<string | null>;
  updated_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EscalationsTable {
  id: Id;
  case_id: number;
  patient_id: number;
  queue: Queue;
  reason: string;
  due_at: Timestamp;
  created_by: number | null;
  created_at: CreatedAt;
  resolved_at: Timestamp | null;
  resolved_by: number | null;
  resolution: string | null;
}

export interface AuditEventsTable {
  id: Id;
  at: Generated<Date>;
  actor_user_id: number | null;
  actor_kind: Generated<'user' | 'system' | 'cli'>;
  action: string;
  entity_type: string;
  entity_id: string | null;
  patient_id: number | null;
  remote_address: string | null;
  details: Json<Record<string, unknown>>;
}

export interface ImportRunsTable {
  id: Id;
  kind: string;
  format: 'csv' | 'fhir' | 'demo' | 'connector';
  source_name: string;
  preset: string | null;
  dry_run: Generated<boolean>;
  status: Generated<'running' | 'completed' | 'failed'>;
  rows_read: Generated<number>;
  rows_inserted: Generated<number>;
  rows_updated: Generated<number>;
  rows_unchanged: Generated<number>;
  rows_rejected: Generated<number>;
  started_by: number | null;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
  failure: string | null;
}

export interface ImportProblemsTable {
  id: Id;
  import_run_id: number;
  line: number | null;
  column_name: string | null;
  value: string | null;
  message: string;
  raw_row: string | null;
}

/** The next instant a patient's plan may change by time alone (the recall engine's horizon). */
export interface PlanRechecksTable {
  patient_id: number;
  recheck_at: Date;
}

export interface ReplanQueueTable {
  patient_id: number;
  reason: string;
  queued_at: Generated<Date>;
}

/** 0008: one message Recare means to hand to a provider or print (db/migrations/0008-messaging.ts). */
export interface OutboxTable {
  id: Id;
  key: string;
  origin: OutboxOrigin;
  channel: 'sms' | 'email' | 'letter';
  patient_id: number | null;
  case_id: number | null;
  location_id: number | null;
  cadence_step: number | null;
  purpose: Purpose;
  program_key: string | null;
  template_key: string | null;
  free_text: string | null;
  to_address: string | null;
  state: Generated<OutboxState>;
  due_at: Timestamp;
  next_try_at: Timestamp;
  tries: Generated<number>;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  provider: string | null;
  attempt_id: number | null;
  compliance_decision_id: number | null;
  contact_point_id: number | null;
  subject: string | null;
  body: string | null;
  content_sha256: string | null;
  provider_message_id: string | null;
  delivery_state: 'queued' | 'sent' | 'delivered' | 'failed' | 'bounced' | null;
  reason: string | null;
  error_code: string | null;
  letter_batch_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When it was last marked "sending": reconciling looks for the provider's message from here on. */
  handed_off_at: Timestamp | null;
  sent_at: Timestamp | null;
  /** A value in `body` masked once the message has left or never will (0014): a link's token, a texted code. */
  secret: ColumnType<string | null, string | null | undefined, string | null>;
}

/** cadence: an automated step; staff: a text or email a person wrote; reply: HELP/STOP answers; test: the Channels page's test message. */
export const outboxOrigins = ['cadence', 'staff', 'reply', 'test'] as const;
export type OutboxOrigin = (typeof outboxOrigins)[number];

export const outboxStates = ['due', 'claimed', 'sending', 'sent', 'failed', 'skipped'] as const;
export type OutboxState = (typeof outboxStates)[number];

export interface InboundMessagesTable {
  id: Id;
  provider: string;
  provider_message_id: string;
  channel: Generated<'sms' | 'email' | 'web' | 'voice'>;
  from_address: string;
  to_address: string;
  body: string;
  patient_ids: Generated<number[]>;
  case_id: number | null;
  intent: 'opt_out' | 'help' | 'opt_in' | 'possible_opt_out' | 'other';
  flagged: Generated<boolean>;
  received_at: Timestamp;
  handled_at: Timestamp | null;
  handled_by: number | null;
}

/** 0017: one call through the voice provider (see the migration for what each column means). */
export interface CallsTable {
  id: Id;
  key: string;
  direction: 'out' | 'in';
  provider: string;
  case_id: number | null;
  patient_id: number | null;
  location_id: number | null;
  user_id: number | null;
  attempt_id: number | null;
  outcome_attempt_id: number | null;
  compliance_decision_id: number | null;
  from_contact_point_id: number | null;
  to_contact_point_id: number | null;
  provider_sid: string | null;
  staff_leg_sid: string | null;
  patient_leg_sid: string | null;
  state: 'creating' | 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  failure: string | null;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  duration_seconds: number | null;
  recording_sid: string | null;
  recording_seconds: number | null;
  voicemail_at: Timestamp | null;
  matched_patient_ids: Generated<number[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NumberOptOutsTable {
  id: Id;
  value: string;
  received_at: Timestamp;
  revoked_at: Timestamp | null;
  evidence: string;
}

export interface ProviderEventsTable {
  provider: string;
  event_id: string;
  received_at: Timestamp;
}

export interface UnsubscribeLinksTable {
  token_sha256: string;
  patient_id: number;
  contact_point_id: number;
  outbox_id: number | null;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

/** 0011: a booking or preferences link; only the token's SHA-256 is stored. */
export interface BookingLinksTable {
  id: Id;
  token_sha256: string;
  purpose: 'booking' | 'preferences';
  patient_id: number;
  case_id: number | null;
  created_at: Timestamp;
  created_by: number | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  failed_checks: Generated<number>;
  locked_until: Timestamp | null;
  code_sha256: string | null;
  code_expires_at: Timestamp | null;
  code_tries: Generated<number>;
  codes_sent: Generated<number>;
  session_sha256: string | null;
  session_until: Timestamp | null;
}

export interface BookingLinkOpensTable {
  id: Id;
  link_id: number;
  case_id: number | null;
  opened_at: Timestamp;
}

export interface BookingRequestsTable {
  id: Id;
  case_id: number;
  patient_id: number;
  link_id: number | null;
  kind: 'time' | 'proposal' | 'call';
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  location_id: number | null;
  provider_id: number | null;
  chair: string | null;
  label: string;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  confirmed_by: number | null;
  attempt_id: number | null;
  /** What a patient proposed (0014): weekdays ('mon'…'sat') and day parts ('morning', 'afternoon'). */
  proposed_days: ColumnType<string[], string[] | undefined, string[]>;
  proposed_parts: ColumnType<string[], string[] | undefined, string[]>;
}

export interface SandboxMessagesTable {
  key: string;
  provider_message_id: string;
  channel: 'sms' | 'email';
  to_address: string;
  body: string;
  accepted_at: Timestamp;
  deliver_at: Timestamp;
  delivered_at: Timestamp | null;
  reply_text: string | null;
  reply_at: Timestamp | null;
  replied_at: Timestamp | null;
}

export interface LetterBatchesTable {
  id: Id;
  created_at: Timestamp;
  created_by: number | null;
  letter_count: number;
  mailed_at: Timestamp | null;
  mailed_by: number | null;
}

export interface MessagingControlTable {
  id: Generated<number>;
  paused: Generated<boolean>;
  changed_at: Timestamp | null;
  changed_by: number | null;
  reason: string | null;
}

export type WeeklyReportDeliveryState = 'sending' | 'sent' | 'failed' | 'uncertain' | 'skipped';

/** 0015: each office's weekly report email, claimed once per ISO week before it is sent. */
export interface WeeklyReportDeliveriesTable {
  id: Id;
  location_id: number;
  week: string;
  state: WeeklyReportDeliveryState;
  /** The user ids it was addressed to. */
  recipients: Json<number[]>;
  claimed_at: Timestamp;
  sent_at: Timestamp | null;
  failure: string | null;
  tries: Generated<number>;
  updated_at: UpdatedAt;
}

/** A live connection to a practice system (migration 0016): how to reach it and its keys, sealed. */
export interface PracticeConnectorsTable {
  id: Id;
  kind: 'open_dental';
  mode: 'service' | 'remote' | 'local';
  base_url: string;
  developer_key_sealed: string;
  customer_key_sealed: string;
  keys_changed_at: Timestamp;
  sync_every_minutes: Generated<number>;
  write_commlogs: Generated<boolean>;
  write_confirmations: Generated<boolean>;
  create_appointments: Generated<boolean>;
  enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  organization: OrganizationTable;
  locations: LocationsTable;
  providers: ProvidersTable;
  patients: PatientsTable;
  contact_points: ContactPointsTable;
  consents: ConsentsTable;
  opt_outs: OptOutsTable;
  communication_preferences: CommunicationPreferencesTable;
  appointments: AppointmentsTable;
  provider_schedules: ProviderSchedulesTable;
  procedures: ProceduresTable;
  referrals: ReferralsTable;
  imported_recalls: ImportedRecallsTable;
  recall_programs: RecallProgramsTable;
  users: UsersTable;
  user_locations: UserLocationsTable;
  sign_in_attempts: SignInAttemptsTable;
  recovery_codes: RecoveryCodesTable;
  cases: CasesTable;
  due_items: DueItemsTable;
  compliance_decisions: ComplianceDecisionsTable;
  attempts: AttemptsTable;
  attempt_events: AttemptEventsTable;
  escalations: EscalationsTable;
  audit_events: AuditEventsTable;
  import_runs: ImportRunsTable;
  import_problems: ImportProblemsTable;
  replan_queue: ReplanQueueTable;
  plan_rechecks: PlanRechecksTable;
  sessions: SessionsTable;
  message_templates: MessageTemplatesTable;
  outbox: OutboxTable;
  inbound_messages: InboundMessagesTable;
  provider_events: ProviderEventsTable;
  unsubscribe_links: UnsubscribeLinksTable;
  sandbox_messages: SandboxMessagesTable;
  letter_batches: LetterBatchesTable;
  messaging_control: MessagingControlTable;
  number_opt_outs: NumberOptOutsTable;
  booking_links: BookingLinksTable;
  booking_link_opens: BookingLinkOpensTable;
  booking_requests: BookingRequestsTable;
  weekly_report_deliveries: WeeklyReportDeliveriesTable;
  practice_connectors: PracticeConnectorsTable;
  calls: CallsTable;
}

export type TableName = keyof Database;

/** Every table, in an order where each table's references come before it (for loading and counting). */
export const tablesInDependencyOrder: TableName[] = [
  'organization', 'locations', 'providers', 'patients', 'contact_points', 'consents', 'opt_outs',
  'communication_preferences', 'appointments', 'procedures', 'referrals', 'imported_recalls',
  'recall_programs', 'users', 'user_locations', 'cases', 'due_items', 'compliance_decisions',
  'attempts', 'attempt_events', 'escalations', 'audit_events', 'import_runs', 'import_problems', 'provider_schedules',
  'replan_queue', 'plan_rechecks', 'sessions', 'message_templates', 'sign_in_attempts', 'recovery_codes',
  'letter_batches', 'outbox', 'inbound_messages', 'provider_events', 'unsubscribe_links', 'sandbox_messages', 'messaging_control',
  'number_opt_outs',
  'booking_links', 'booking_link_opens', 'booking_requests', 'weekly_report_deliveries', 'practice_connectors', 'calls',
];

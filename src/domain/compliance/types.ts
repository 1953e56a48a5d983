/**
 * The contact gate's vocabulary. Input shapes mirror the database rows (src/db/schema.ts) in
 * camelCase so a store can fill them straight from the tables: patients, locations, contact_points,
 * consents, opt_outs, communication_preferences and attempts.
 */

export const channels = ['voice', 'voicemail', 'sms', 'email', 'letter'] as const;
export type Channel = (typeof channels)[number];

/** The channels a case's next touch and a staff attempt use: a call, a text or an email. */
export const attemptChannels = ['voice', 'sms', 'email'] as const satisfies readonly Channel[];
export type AttemptChannel = (typeof attemptChannels)[number];

/** The channel a patient said they prefer (patients.preferred_channel). */
export const preferredChannels = [...attemptChannels, 'letter'] as const satisfies readonly Channel[];
export type PreferredChannel = (typeof preferredChannels)[number];

/** How an opt-out or a re-opt-in reached the practice (opt_outs.received_via). */
export const optOutSources = ['sms_keyword', 'voice', 'staff', 'email', 'portal', 'letter', 'import'] as const;
export type OptOutSource = (typeof optOutSources)[number];

export const purposes = [
  'appointment_reminder', 'recall_due', 'reactivation', 'treatment_followup', 'post_op', 'promotion', 'billing',
] as const;
export type Purpose = (typeof purposes)[number];

export const purposeClasses = ['care', 'marketing'] as const;
export type PurposeClass = (typeof purposeClasses)[number];

/** One outbound touch the caller wants to make now. */
export interface Touch {
  channel: Channel;
  purpose: Purpose;
  /** true when the system places it (dispatcher, dialer, drip); false when a staff member does. */
  automated: boolean;
  /** The recall program (recall_programs.key) the touch works for; drives the per-program cap. */
  programKey?: string | null;
  /** Letters only: which address the letter is printed for. Defaults to the home address. */
  letterAddress?: 'home' | 'alternate';
}

export const patientStatuses = ['active', 'inactive', 'deceased', 'archived'] as const;
export type PatientStatus = (typeof patientStatuses)[number];

/** The practice location the patient belongs to (locations row via patients.home_location_id). */
export interface PracticeLocationFacts {
  timeZone: string | null;
  state: string | null;
}

export interface PatientFacts {
  id: number;
  status: PatientStatus;
  doNotContact: boolean;
  /** Address state, two-letter USPS code. */
  state: string | null;
  zip: string | null;
  /** IANA zone the patient confirmed (portal or front desk). */
  timeZoneOverride: string | null;
  homeLocation: PracticeLocationFacts | null;
  /** County name, when known; county-scoped holidays (Alabama Mardi Gras) block statewide without it. */
  county?: string | null;
}

export type LineType = 'wireless' | 'landline' | 'voip' | 'unknown';

export interface ContactPointFacts {
  id: number;
  patientId: number;
  kind: 'phone' | 'email';
  use: 'mobile' | 'home' | 'work' | 'other';
  /** E.164 for phones (+15551234567), the address for email. */
  value: string;
  lineType: LineType;
  isValid: boolean;
}

export interface ConsentRecord {
  id?: number;
  contactPointId: number;
  channel: Channel;
  purposeClass: PurposeClass;
  /** pec = prior express consent, pewc = prior express written consent. */
  kind: 'pec' | 'pewc';
  granted: boolean;
  /** Where it came from, e.g. 'patient_provided', 'intake_form', 'portal', 'verbal_logged'. */
  source: string;
  capturedAt: Date;
}

export interface OptOutRecord {
  id?: number;
  /** null = every contact point of the patient. */
  contactPointId: number | null;
  /** null = every channel. */
  channel: Channel | null;
  /** null = every purpose class. */
  purposeClass: PurposeClass | null;
  receivedAt: Date;
  /** Set when the patient explicitly re-opted in (START/UNSTOP, signed consent). */
  revokedAt: Date | null;
}

export type CommunicationPreferenceKind =
  | 'no_voicemail' | 'no_sms' | 'no_email' | 'no_letter' | 'no_voice' | 'use_alternate_contact' | 'use_alternate_address';

export interface CommunicationPreference {
  kind: CommunicationPreferenceKind;
  alternateContactPointId: number | null;
  alternateAddress?: string | null;
}

/** One row of the attempts table (outbound touches; inbound rows are ignored by the caps). */
export interface AttemptRecord {
  occurredAt: Date;
  channel: Channel;
  actorKind: 'staff' | 'automation' | 'import';
  direction?: 'out' | 'in';
  programKeys: string[];
  purpose: string | null;
  contactPointId: number | null;
}

export interface GateInput {
  touch: Touch;
  patient: PatientFacts;
  /** The contact point the touch would use; null for letters. */
  contactPoint: ContactPointFacts | null;
  consents: ConsentRecord[];
  optOuts: OptOutRecord[];
  preferences: CommunicationPreference[];
  /** The patient's attempts (any contact point); the gate looks back at most 7 days. */
  history: AttemptRecord[];
}

export type ReasonCode =
  | 'rules_unavailable'
  | 'patient_inactive'
  | 'patient_deceased'
  | 'do_not_contact'
  | 'missing_contact_point'
  | 'invalid_contact_point'
  | 'channel_mismatch'
  | 'sms_to_landline'
  | 'opted_out'
  | 'no_consent'
  | 'consent_withdrawn'
  | 'no_written_consent'
  | 'no_voice'
  | 'no_voicemail'
  | 'no_sms'
  | 'no_email'
  | 'no_letter'
  | 'use_alternate_contact'
  | 'use_alternate_address'
  | 'no_time_zone'
  | 'outside_calling_window'
  | 'state_sunday_ban'
  | 'day_not_allowed'
  | 'holiday'
  | 'holiday_calendar_unreviewed'
  | 'sms_window_closing'
  | 'la_emergency'
  | 'daily_cap'
  | 'weekly_cap'
  | 'state_24h_cap'
  | 'program_weekly_cap';

/** Why an answer is what it is. `ruleId` names the JSON entry or policy key that decided. */
export interface Reason {
  code: ReasonCode;
  message: string;
  ruleId?: string;
  timeZone?: string;
}

/** A check that passed, recorded so an allowed answer explains itself too. */
export interface Basis {
  code: 'consent' | 'calling_window' | 'no_window_applies' | 'frequency' | 'opt_out_clear';
  message: string;
}

export interface ConsentBasis {
  consentId: number | null;
  kind: 'pec' | 'pewc';
  source: string;
  capturedAt: Date;
}

export interface ContactDecision {
  allowed: boolean;
  /** Every rule that blocks the touch now; empty when allowed. */
  reasons: Reason[];
  /** Checks that passed (consent, windows, caps), so an allowed answer can be explained. */
  basis: Basis[];
  /** Earliest instant within 14 days when the same touch would be allowed; null if none. */
  nextAllowedAt: Date | null;
  /** The candidate time zones every window was evaluated in. */
  timeZones: string[];
  /** The states whose rules applied (address, area code, practice). */
  states: string[];
  consentBasis: ConsentBasis | null;
  /** false when the patient asked for no voicemail: a call that reaches voicemail must hang up. */
  mayLeaveVoicemail: boolean;
  rulesSha256: string;
  decidedAt: Date;
}

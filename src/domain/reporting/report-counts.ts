/**
 * What the report's query counts, before any rate or cost is worked out: patients per group (each
 * counted once per group), touches per channel and per staff member, visits for the no-show rate.
 * The query (db/queries/report-summary.ts) fills it; summarize-report.ts turns it into the summary.
 */
import type { CostChannel } from '../policy/reporting-policy.js';
import type { ReasonCount } from './reason-figures.js';

export const escalationQueues = ['clinical', 'insurance', 'language', 'manager'] as const;
export type EscalationQueue = (typeof escalationQueues)[number];

/** Patients of one group (the whole report, a location, a language, a program). */
export interface GroupCounts {
  eligible: number;
  attempted: number;
  reached: number;
  scheduled: number;
  attended: number;
  declined: number;
  unreachable: number;
  optedOut: number;
  /** Patients escalated to any queue. */
  escalated: number;
  recoveredProductionCents: number;
}

export interface TotalCounts extends GroupCounts {
  escalatedByQueue: Record<EscalationQueue, number>;
  dataProblems: number;
  /** Staff calls (voice attempts by staff or from the practice system's log) and those whose outcome reached the patient. */
  staffCalls: number;
  connectedCalls: number;
  reactivationAttempted: number;
  reactivationAttended: number;
  treatmentFeeAttemptedCents: number;
  treatmentFeeScheduledCents: number;
  /** Days from due date to first seen, per scheduled patient whose item was already due: { days: patients }. */
  daysDueToScheduled: Record<string, number>;
}

export interface LocationCounts extends GroupCounts { location: string | null; name: string | null }
export interface LanguageCounts extends GroupCounts { language: string }
export interface ProgramCounts extends GroupCounts { program: string; name: string | null }

export interface ChannelCounts {
  channel: CostChannel;
  touches: number;
  patientsTouched: number;
  /** Touched patients with a reply on this channel, or a reached outcome on a touch of this channel. */
  patientsResponded: number;
}

export interface StaffCounts {
  userId: number;
  name: string;
  touches: number;
  calls: number;
  connectedCalls: number;
  patientsTouched: number;
  patientsScheduled: number;
  /** Outcomes this person recorded, by key (voided ones excluded). */
  outcomes: Record<string, number>;
}

/** Completed and no-show visits that started in the period, split by whether outreach is credited with them. */
export interface VisitCounts {
  attributed: { completed: number; noShows: number };
  other: { completed: number; noShows: number };
}

export interface ReportCounts {
  totals: TotalCounts;
  byLocation: LocationCounts[];
  byLanguage: LanguageCounts[];
  byProgram: ProgramCounts[];
  byChannel: ChannelCounts[];
  byStaff: StaffCounts[];
  visits: VisitCounts;
  /** Touches per outcome key, every touch (staff, imported and automated); outcomes with none are absent. */
  byOutcome: Record<string, number>;
  /** Touches with a barrier outcome per reason ("not_given" without one) and outcome; empty combinations are absent. */
  reasons: ReasonCount[];
}

/**
 * The report's summary, key for key as issue 16 names them (docs/reporting.md defines each), plus
 * the period and the breakdown by language. Counts are patients unless named otherwise; rates are
 * fractions from 0 to 1, or null where the denominator is 0.
 */
import type { CostChannel } from '../policy/reporting-policy.js';
import type { EscalationQueue, GroupCounts } from './report-counts.js';
import type { ProgramLift } from './lift-interval.js';
import type { OutcomeKey } from '../outcomes/index.js';
import type { ReasonFigures } from './reason-figures.js';

/** One group's funnel and outcomes (a location, a language, a program). */
export interface GroupFigures extends GroupCounts {
  /** Opted out ÷ attempted. */
  optOutRate: number | null;
}

export interface LocationFigures extends GroupFigures {
  /** The location's id as the practice knows it (e.g. "TPA"); null for patients without a location. */
  location: string | null;
  name: string | null;
}

export interface LanguageFigures extends GroupFigures { language: string }

export interface ProgramFigures extends GroupFigures { program: string; name: string | null }

export interface ChannelFigures {
  channel: CostChannel;
  touches: number;
  patientsTouched: number;
  patientsResponded: number;
  responseRate: number | null;
  /** touches × the channel's unit cost. */
  costCents: number;
}

export interface StaffFigures {
  userId: number;
  name: string;
  touches: number;
  calls: number;
  connectedCalls: number;
  connectRate: number | null;
  patientsTouched: number;
  patientsScheduled: number;
  outcomes: Record<string, number>;
}

export interface ReportSummary {
  period: { from: string; to: string };
  eligible: number;
  attempted: number;
  reached: number;
  scheduled: number;
  attended: number;
  declined: number;
  unreachable: number;
  optedOut: number;
  escalated: Record<EscalationQueue, number>;
  dataProblems: number;
  daysDueToScheduled: { mean: number | null; median: number | null };
  noShowRate: { attributed: number | null; other: number | null };
  responseRate: Record<CostChannel, number | null>;
  connectRate: number | null;
  optOutRate: number | null;
  reactivationRate: number | null;
  treatmentAcceptance: number | null;
  recoveredProductionCents: number;
  costPerBookedVisitCents: number | null;
  byProgram: ProgramFigures[];
  byLocation: LocationFigures[];
  byStaff: StaffFigures[];
  byChannel: ChannelFigures[];
  byLanguage: LanguageFigures[];
  /**
   * Touches in the period per outcome, every touch counted (staff, imported from the practice system's
   * contact log, automated): each outcome of the vocabulary, zeros included, and any other an import used.
   */
  byOutcome: Record<OutcomeKey, number> & Record<string, number>;
  /** Why patients declined, were not ready or opted out: every reason (then "not_given"), its touches split by outcome (docs/reporting.md). */
  reasons: ReasonFigures[];
  /** What outreach added, per program with held-out patients (docs/reporting.md, "Holdout and lift"); empty without a holdout. */
  lift: ProgramLift[];
}

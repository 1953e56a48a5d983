/**
 * What the recall engine reads about one patient. Each shape is a table row in camelCase
 * (patients, appointments, procedures, imported_recalls, referrals), so a store fills it straight
 * from a query; calendar dates stay 'YYYY-MM-DD' strings, timestamps are instants.
 */
import type { PatientStatus } from '../compliance/types.js';
import type { CodeSystem } from './program.js';

export interface PatientFactsForRecall {
  id: number;
  status: PatientStatus;
  doNotContact: boolean;
}

export const appointmentStatuses = ['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

export interface AppointmentFact {
  id: number;
  startsAt: Date;
  status: AppointmentStatus;
  type: string | null;
  /** Procedure codes planned for the visit (appointments.procedure_codes). */
  procedureCodes: string[];
  confirmedAt: Date | null;
  locationId?: number | null;
}

export interface ProcedureFact {
  id: number;
  codeSystem: CodeSystem;
  code: string;
  description?: string | null;
  status: 'completed' | 'planned';
  /** Completed: the day it was done. Planned: the day the treatment was presented. */
  performedOn: string;
  feeCents: number | null;
  appointmentId: number | null;
}

export interface ImportedRecallFact {
  id: number;
  recallType: string;
  dueOn: string;
  disabled: boolean;
}

export interface ReferralFact {
  id: number;
  direction: 'in' | 'out';
  specialty: string | null;
  referredTo: string | null;
  status: 'open' | 'scheduled' | 'completed' | 'cancelled';
  referredOn: string;
  completedOn: string | null;
}

export interface PatientHistory {
  patient: PatientFactsForRecall;
  appointments: AppointmentFact[];
  procedures: ProcedureFact[];
  importedRecalls?: ImportedRecallFact[];
  referrals?: ReferralFact[];
}

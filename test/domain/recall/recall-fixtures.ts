/** Small builders for patient histories; every test states only what matters to it. */
import type { AppointmentFact, PatientHistory, ProcedureFact } from '../../../src/domain/recall/index.js';

export const zone = 'America/New_York';
let nextId = 1000;

export function completed(code: string, on: string, extra: Partial<ProcedureFact> = {}): ProcedureFact {
  return { id: nextId++, codeSystem: 'CDT', code, status: 'completed', performedOn: on, feeCents: null, appointmentId: null, ...extra };
}

export function planned(code: string, on: string, feeCents: number | null = null, extra: Partial<ProcedureFact> = {}): ProcedureFact {
  return { id: nextId++, codeSystem: 'CDT', code, status: 'planned', performedOn: on, feeCents, appointmentId: null, ...extra };
}

export function appointment(startsAt: string, status: AppointmentFact['status'], extra: Partial<AppointmentFact> = {}): AppointmentFact {
  return { id: nextId++, startsAt: new Date(startsAt), status, type: null, procedureCodes: [], confirmedAt: null, ...extra };
}

export function history(parts: Partial<PatientHistory> = {}): PatientHistory {
  return { patient: { id: 7, status: 'active', doNotContact: false }, appointments: [], procedures: [], importedRecalls: [], referrals: [], ...parts };
}

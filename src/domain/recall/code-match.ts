/**
 * Does a procedure or an appointment count for a program's trigger? By the program's own codes per
 * code system, by appointment type, and (when the program asks) by the shared code → program map.
 */
import { programForProcedure } from './procedure-programs.js';
import type { AppointmentFact, ProcedureFact } from './patient-history.js';
import type { TriggerCodes } from './program.js';

interface Matchers {
  codes: TriggerCodes;
  useProcedureMap: boolean;
  appointmentTypes: string[];
}

const normalize = (text: string) => text.trim().toUpperCase();

export function procedureMatches(programKey: string, matchers: Matchers, procedure: ProcedureFact): boolean {
  const listed = matchers.codes[procedure.codeSystem];
  if (listed?.some((c) => normalize(c) === normalize(procedure.code))) return true;
  return matchers.useProcedureMap && programForProcedure(procedure.codeSystem, procedure.code, procedure.status) === programKey;
}

export function appointmentTypeMatches(types: readonly string[], appointment: AppointmentFact): boolean {
  if (appointment.type === null) return false;
  const type = appointment.type.trim().toLowerCase();
  return types.some((t) => t.trim().toLowerCase() === type);
}

/**
 * Does a procedure or an appointment count for a program's trigger? By the program's own codes per
 * code system, by appointment type, and (when the program asks) by the shared code → program map.
 *
 * The planner asks this for every procedure of every patient against every program, so a program's
 * code lists and type lists are normalized once into sets (memoized per list: programs are values,
 * never changed in place), and the code → program map is memoized per code.
 */
import { programForProcedure } from './procedure-programs.js';
import type { AppointmentFact, ProcedureFact } from './patient-history.js';
import type { CodeSystem, TriggerCodes } from './program.js';

interface Matchers {
  codes: TriggerCodes;
  useProcedureMap: boolean;
  appointmentTypes: string[];
}

const normalize = (text: string) => text.trim().toUpperCase();

const codeSets = new WeakMap<TriggerCodes, Map<CodeSystem, Set<string>>>();

function codeSetOf(codes: TriggerCodes, system: CodeSystem): Set<string> | undefined {
  let sets = codeSets.get(codes);
  if (sets === undefined) {
    sets = new Map();
    for (const [key, list] of Object.entries(codes) as [CodeSystem, string[] | undefined][]) if (list) sets.set(key, new Set(list.map(normalize)));
    codeSets.set(codes, sets);
  }
  return sets.get(system);
}

const typeSets = new WeakMap<readonly string[], Set<string>>();

function typeSetOf(types: readonly string[]): Set<string> {
  let set = typeSets.get(types);
  if (set === undefined) {
    set = new Set(types.map((t) => t.trim().toLowerCase()));
    typeSets.set(types, set);
  }
  return set;
}

// Code system + status → code → program; bounded, since codes come from imported data.
const mapped = new Map<string, Map<string, string | null>>();

function mappedProgram(procedure: ProcedureFact): string | null {
  const group = `${procedure.codeSystem}|${procedure.status}`;
  let byCode = mapped.get(group);
  if (byCode === undefined) mapped.set(group, (byCode = new Map()));
  let program = byCode.get(procedure.code);
  if (program === undefined) {
    program = programForProcedure(procedure.codeSystem, procedure.code, procedure.status);
    if (byCode.size >= 20_000) byCode.clear();
    byCode.set(procedure.code, program);
  }
  return program;
}

export function procedureMatches(programKey: string, matchers: Matchers, procedure: ProcedureFact): boolean {
  if (codeSetOf(matchers.codes, procedure.codeSystem)?.has(normalize(procedure.code))) return true;
  return matchers.useProcedureMap && mappedProgram(procedure) === programKey;
}

export function appointmentTypeMatches(types: readonly string[], appointment: AppointmentFact): boolean {
  if (appointment.type === null || types.length === 0) return false;
  return typeSetOf(types).has(appointment.type.trim().toLowerCase());
}

/**
 * Which recall program a procedure code feeds, read from data/procedure-programs.json so that
 * offices and maintainers change the mapping by editing data, not code. Validated when loaded: a
 * typo in a program key fails every test rather than silently never recalling anyone.
 */
import { z } from 'zod';
import data from './data/procedure-programs.json' with { type: 'json' };

export const programKeys = [
  'hygiene', 'perio_maintenance', 'periodic_exam', 'unscheduled_treatment', 'missed_visit', 'post_op', 'confirmation', 'reactivation',
] as const;
export type ProgramKey = (typeof programKeys)[number];
export type ProcedureCodeSystem = 'CDT' | 'CPT' | 'SNOMED' | 'ICD10';

const programKey = z.enum(programKeys).nullable();
const codeSystem = z.enum(['CDT', 'CPT', 'SNOMED', 'ICD10']);
const rule = { description: z.string(), completed: programKey, planned: programKey };
const fileSchema = z.object({
  procedures: z.array(z.object({ system: codeSystem, code: z.string().min(1), ...rule })),
  prefixes: z.array(z.object({ system: codeSystem, prefix: z.string().min(1), ...rule })),
});

export type ProcedureProgramRules = z.infer<typeof fileSchema>;

export const procedureProgramRules: ProcedureProgramRules = fileSchema.parse(data);

const exact = new Map(procedureProgramRules.procedures.map((r) => [`${r.system}|${r.code.toUpperCase()}`, r]));
// Longest prefix first, so a more specific range can override a broader one.
const prefixes = [...procedureProgramRules.prefixes].sort((a, b) => b.prefix.length - a.prefix.length);

/**
 * The program a procedure feeds: for a completed procedure, the program it starts or resets; for a
 * planned one, the program that chases it. Null when the code drives no recall.
 */
export function programForProcedure(system: ProcedureCodeSystem, code: string, status: 'completed' | 'planned'): ProgramKey | null {
  const normalized = code.trim().toUpperCase();
  const match = exact.get(`${system}|${normalized}`)
    ?? prefixes.find((p) => p.system === system && normalized.startsWith(p.prefix.toUpperCase()));
  return match ? match[status] : null;
}

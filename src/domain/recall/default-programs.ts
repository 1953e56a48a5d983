/**
 * The programs Recare seeds, read from data/default-programs.json and validated when loaded: a typo
 * in the data fails every test instead of quietly never recalling anyone.
 */
import data from './data/default-programs.json' with { type: 'json' };
import { validatePrograms, type RecallProgram } from './program.js';

function load(): RecallProgram[] {
  const result = validatePrograms(data.programs);
  if (!result.ok) throw new Error(`data/default-programs.json is invalid:\n${result.issues.map((i) => i.message).join('\n')}`);
  return result.programs;
}

export const defaultPrograms: readonly RecallProgram[] = load();

/** One default program by key; throws for a key that is not seeded (a programming error). */
export function defaultProgram(key: string): RecallProgram {
  const program = defaultPrograms.find((p) => p.key === key);
  if (!program) throw new Error(`no default program "${key}"; seeded: ${defaultPrograms.map((p) => p.key).join(', ')}`);
  return program;
}

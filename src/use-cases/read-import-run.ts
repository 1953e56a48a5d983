/** GET /api/imports/:id: one import run with its figures and problems. */
import { findImportRun, listImportProblems, type ImportRunRow } from '../db/queries/import-runs.js';
import { AppError } from '../domain/errors.js';
import type { ImportProblem } from '../importers/index.js';
import type { Deps } from './deps.js';

export interface ImportRunView extends ImportRunRow {
  problems: ImportProblem[];
  /** True when the run has more problems than `limit`. */
  problemsTruncated: boolean;
}

export async function readImportRun(deps: Pick<Deps, 'store'>, runId: number, options: { limit?: number } = {}): Promise<ImportRunView> {
  const run = await findImportRun(deps.store.db, runId);
  if (!run) throw new AppError('not_found', `There is no import run ${runId}. Every import prints its run id; \`recare import\` lists it in the summary.`);
  const limit = options.limit ?? 1000;
  const rows = await listImportProblems(deps.store.db, runId, { limit });
  return {
    ...run,
    problems: rows.map((p) => ({ file: p.file, line: p.line, column: p.column, value: p.value, message: p.message, severity: p.severity })),
    problemsTruncated: run.problemCount > rows.length,
  };
}

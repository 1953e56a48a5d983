/**
 * GET /api/imports/:id: one import run with its figures and problems. A problem quotes the file's
 * values (names, phone numbers, emails of any office), so a reader limited to some offices gets the
 * figures only (practice-wide-access.ts).
 */
import type { LocationScope } from '../domain/access/index.js';
import { findImportRun, listImportProblems, type ImportRunRow } from '../db/queries/import-runs.js';
import { AppError } from '../domain/errors.js';
import type { ImportProblem } from '../importers/index.js';
import type { Deps } from './deps.js';
import { coversAllOffices } from './practice-wide-access.js';

export interface ImportRunView extends ImportRunRow {
  problems: ImportProblem[];
  /** True when the run has more problems than `limit`. */
  problemsTruncated: boolean;
  /** True when the reader covers only some offices: `problems` is empty, `problemCount` still counts them. */
  problemsHidden: boolean;
}

export async function readImportRun(deps: Pick<Deps, 'store'>, runId: number, options: { limit?: number; scope?: LocationScope } = {}): Promise<ImportRunView> {
  const run = await findImportRun(deps.store.db, runId);
  if (!run) throw new AppError('not_found', `There is no import run ${runId}. Every import prints its run id; \`recare import\` lists it in the summary.`);
  if (!coversAllOffices(options.scope)) return { ...run, problems: [], problemsTruncated: false, problemsHidden: true };
  const limit = options.limit ?? 1000;
  const rows = await listImportProblems(deps.store.db, runId, { limit });
  return {
    ...run,
    problems: rows.map((p) => ({ file: p.file, line: p.line, column: p.column, value: p.value, message: p.message, severity: p.severity })),
    problemsTruncated: run.problemCount > rows.length,
    problemsHidden: false,
  };
}
